// Uses the installed package: load a plan from text, evaluate, print one CSV line.
#include <iostream>
#include <waypoint/waypoint.hpp>

int main() {
  const auto p = waypoint::io::parse_plan("indicator,direction,target,target_year,limit,base_year\nI,1,10,2030,,2015\n",
                                          waypoint::io::plan_format::indicator_table, "t.csv");
  const auto s = waypoint::io::parse_observations("indicator,entity,year,value\nI,E,2015,5\nI,E,2020,8\n", p, "o.csv");
  const auto ev = waypoint::evaluate(p, s, std::nullopt);
  waypoint::io::write_csv(std::cout, p, ev);
  return ev.series.size() == 1 && ev.series[0].outcome.category == "substantial_progress" ? 0 : 1;
}
