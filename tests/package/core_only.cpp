// The header-centric core alone: a host builds the model in code and never touches a file format.
#include <waypoint/core.hpp>

int main() {
  using namespace waypoint;
  plan_builder b(plan_id{"p"}, "P", period::year(2025));
  indicator i;
  i.id = indicator_id{"I"};
  i.baseline = baseline{value::number(0), period::year(2024), ""};
  i.target = target{value::number(10), period::year(2025)};
  b.add_indicator(i);
  const plan p = build_checked(std::move(b));  // with the eval layer's checks: methods, supports cycles
  observation_builder ob(p);
  observation o;
  o.indicator = indicator_id{"I"};
  o.entity = entity_id{"E"};
  o.period = period::year(2025);
  o.amount = 10;
  ob.append(o);
  const auto st = std::move(ob).finish();
  return evaluate(p, st, std::nullopt).series.at(0).outcome.status == status::achieved ? 0 : 1;
}
