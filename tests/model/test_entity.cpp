// Entities: dated membership, entry into force, obligations with extensions, populations.
#include "support.hpp"

using namespace waypoint;
using test::d;

namespace {

plan membership_plan() {
  return io::parse_plan(R"(waypoint: 1
plan: {id: p, title: t, period: 2027-01-01/2031-12-31, entry_into_force: {months_after: 6}}
obligations:
  - {id: clearance, years: 10, max_extension_years: 5}
  - {id: stockpile, years: 8, max_extension_years: 4}
entities:
  - {id: AAA, deposited: 2011-03-24, withdrawn: 2025-03-06, attributes: {region: Europe}}
  - {id: BBB, deposited: 2025-09-08, attributes: {region: Pacific}}
  - {id: CCC, entry_into_force: 2010-08-01, attributes: {region: Africa},
     obligations: [{kind: clearance, extensions: [{decided: 2019-09-02, deadline: 2025-08-01}, {decided: 2024-09-10, deadline: 2030-08-01}]}]}
  - {id: DDD, signed: 2008-12-03}
  - {id: EEE, deposited: 2012-07-31, obligations: [{kind: stockpile, completed: 2018-12-31}, {kind: clearance, completed: 2020-01-15}]}
  - {id: FFF}
populations:
  - {id: parties, membership: party}
  - {id: signatories, membership: signatory}
  - {id: clearance, obligation: clearance}
  - {id: stockpile, obligation: stockpile}
  - {id: africa, where: {region: Africa}}
sections: []
)",
                        io::plan_format::yaml, "membership.yaml");
}

std::vector<std::string> ids(const plan& p, const char* pop, const char* on) {
  std::vector<std::string> out;
  for (auto i : p.members_on(*p.find(population_id{pop}), d(on))) out.push_back(p.entities()[i].id.str());
  return out;
}
}  // namespace

TEST_CASE("entry into force: the first day of the sixth month after deposit, across year ends") {
  const entry_into_force_rule ccm{6};
  CHECK(ccm.apply(d("2025-09-08")) == d("2026-03-01"));
  CHECK(ccm.apply(d("2011-03-24")) == d("2011-09-01"));
  CHECK(ccm.apply(d("2024-07-31")) == d("2025-01-01"));  // July + 6 = January of the next year
  CHECK(ccm.apply(d("2024-06-30")) == d("2024-12-01"));
  CHECK(entry_into_force_rule{0}.apply(d("2024-02-29")) == d("2024-02-29"));
  CHECK(entry_into_force_rule{30}.apply(d("2024-01-15")) == d("2026-07-01"));
}

TEST_CASE("membership: parties, withdrawal and signatories as of a date") {
  const plan p = membership_plan();
  const entity& a = *p.find(entity_id{"AAA"});
  REQUIRE(a.in_force);
  CHECK(*a.in_force == d("2011-09-01"));
  CHECK(a.party_on(d("2025-03-05")));
  CHECK_FALSE(a.party_on(d("2025-03-06")));  // the withdrawal takes effect that day
  const entity& b = *p.find(entity_id{"BBB"});
  CHECK_FALSE(b.party_on(d("2026-02-28")));
  CHECK(b.party_on(d("2026-03-01")));
  CHECK(p.find(entity_id{"DDD"})->signatory_on(d("2020-01-01")));
  CHECK(p.find(entity_id{"FFF"})->party_on(d("1990-01-01")));  // no dates: always a member

  // The denominator changes when an entity leaves and when one joins.
  CHECK(ids(p, "parties", "2025-01-01") == std::vector<std::string>{"AAA", "CCC", "EEE", "FFF"});
  CHECK(ids(p, "parties", "2025-12-31") == std::vector<std::string>{"CCC", "EEE", "FFF"});
  CHECK(ids(p, "parties", "2026-03-01") == std::vector<std::string>{"BBB", "CCC", "EEE", "FFF"});
  CHECK(ids(p, "signatories", "2026-03-01") == std::vector<std::string>{"DDD"});
  CHECK(ids(p, "africa", "2026-03-01") == std::vector<std::string>{"CCC"});
}

TEST_CASE("an entity without dates is a party and in `any` on every day, and never a signatory") {
  // docs/collective.md: "a member on every day" holds for party and any populations; a signatory
  // is defined by its signature, so an undated entity is in no signatory population.
  const plan p = io::parse_plan(R"(waypoint: 1
plan: {id: p, title: t, period: 2027-01-01/2031-12-31}
entities:
  - {id: FFF}
  - {id: SIG, signed: 2008-12-03}
populations:
  - {id: parties}
  - {id: signatories, membership: signatory}
  - {id: everyone, membership: any}
sections: []
)",
                                io::plan_format::yaml, "undated.yaml");
  for (const char* on : {"1900-01-01", "2024-02-29", "2099-12-31"}) {
    CHECK(ids(p, "parties", on) == std::vector<std::string>{"FFF"});
    CHECK(ids(p, "everyone", on) == std::vector<std::string>{"FFF", "SIG"});
  }
  CHECK(ids(p, "signatories", "2008-12-02").empty());
  CHECK(ids(p, "signatories", "2008-12-03") == std::vector<std::string>{"SIG"});  // signed that day
  CHECK(ids(p, "signatories", "2099-12-31") == std::vector<std::string>{"SIG"});
  CHECK_FALSE(p.find(entity_id{"FFF"})->signatory_on(d("2030-01-01")));
}

TEST_CASE("without an entry_into_force key the plan uses the Convention's rule: the sixth month after deposit") {
  const plan p = io::parse_plan(R"(waypoint: 1
plan: {id: p, title: t, period: 2027-01-01/2031-12-31}
entities:
  - {id: AAA, deposited: 2024-07-31}
  - {id: BBB, deposited: 2025-09-08}
  - {id: CCC, deposited: 2024-02-29, entry_into_force: 2024-03-01}
sections: []
)",
                                io::plan_format::yaml, "default_eif.yaml");
  CHECK(p.entry_into_force().months_after == 6);
  CHECK(*p.find(entity_id{"AAA"})->in_force == d("2025-01-01"));
  CHECK(*p.find(entity_id{"BBB"})->in_force == d("2026-03-01"));
  CHECK(*p.find(entity_id{"CCC"})->in_force == d("2024-03-01"));  // explicit wins over the rule
  CHECK_FALSE(p.find(entity_id{"AAA"})->party_on(d("2024-12-31")));
  CHECK(p.find(entity_id{"AAA"})->party_on(d("2025-01-01")));
}

TEST_CASE("obligations: deadline from entry into force, extensions move it, completion ends it") {
  const plan p = membership_plan();
  const entity& c = *p.find(entity_id{"CCC"});
  const obligation& o = *c.find(obligation_id{"clearance"});
  REQUIRE(o.deadline);
  CHECK(*o.deadline == d("2020-08-01"));  // 2010-08-01 + 10 years
  CHECK(*o.deadline_on(d("2019-09-01")) == d("2020-08-01"));
  CHECK(*o.deadline_on(d("2019-09-02")) == d("2025-08-01"));  // decided that day
  CHECK(*o.deadline_on(d("2025-01-01")) == d("2030-08-01"));
  CHECK(o.extensions_on(d("2025-01-01")) == 2);
  CHECK(c.state_of(o, d("2020-01-01")) == obligation_state::active);
  CHECK(c.state_of(o, d("2030-08-01")) == obligation_state::active);
  CHECK(c.state_of(o, d("2030-08-02")) == obligation_state::overdue);
  const entity& e = *p.find(entity_id{"EEE"});
  CHECK(*e.find(obligation_id{"stockpile"})->deadline == d("2021-01-01"));  // in force 2013-01-01, + 8 years
  CHECK(e.state_of(*e.find(obligation_id{"stockpile"}), d("2019-01-01")) == obligation_state::completed);
  CHECK(ids(p, "clearance", "2019-06-30") == std::vector<std::string>{"CCC", "EEE"});
  CHECK(ids(p, "clearance", "2020-06-30") == std::vector<std::string>{"CCC"});
  CHECK(ids(p, "stockpile", "2027-01-01").empty());  // every stockpile destroyed: an empty population
}

TEST_CASE("membership and obligation errors name their place") {
  auto ps = test::problems_of([] {
    (void)io::parse_plan(R"(waypoint: 1
plan: {id: p, title: t, period: 2027-01-01/2031-12-31}
obligations: [{id: clearance, years: 10, max_extension_years: 5}]
entities:
  - {id: A, deposited: 2011-03-24, withdrawn: 2010-01-01}
  - {id: B, entry_into_force: 2010-08-01, obligations: [{kind: clearance, extensions: [{decided: 2019-01-01, deadline: 2027-08-01}]}]}
  - {id: C, entry_into_force: 2010-08-01, obligations: [{kind: demining}]}
  - {id: D, entry_into_force: 2010-08-01, obligations: [{kind: clearance, extensions: [{decided: 2019-01-01, deadline: 2019-08-01}]}]}
  - {id: E, deposited: 2011-02-30}
populations: [{id: x, obligation: nothing}]
sections: []
)",
                         io::plan_format::yaml, "bad.yaml");
  });
  CHECK(test::find_code(ps, errc::plan_bad_date).where.str().find("bad.yaml:5") != std::string::npos);
  CHECK(test::contains({test::find_code(ps, errc::plan_unknown_obligation).message}, "demining"));
  CHECK(test::has_code(ps, errc::plan_unknown_obligation));
  std::vector<std::string> msgs;
  for (auto& p : ps) msgs.push_back(p.where.str() + " " + p.message);
  CHECK(test::contains(msgs, "longer than the 5 years allowed"));  // 2020-08-01 -> 2027-08-01
  CHECK(test::contains(msgs, "does not move the deadline"));      // 2019-08-01 is earlier
  CHECK(test::contains(msgs, "'2011-02-30' is not a date"));
  CHECK(test::contains(msgs, "/populations/0/obligation"));
}
