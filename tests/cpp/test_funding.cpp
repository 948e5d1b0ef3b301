// Funding (models/funding.hpp): monthly release into the city pot and county earmarks, and
// county co-financing against a yearly capacity.

#include <catch2/catch.hpp>

#include "ruralsim/models/funding.hpp"
#include "ruralsim/sim/calendar.hpp"

using namespace ruralsim;
using models::Funding;

namespace {
models::Geography two_counties() {
    models::Geography g;
    g.counties.resize(2);
    g.counties[0].name = "A";
    g.counties[0].group = models::Group::Metropolitan;
    g.counties[1].name = "B";
    g.counties[1].group = models::Group::Wuling;
    return g;
}

sim::Step day(const sim::Calendar& cal, sim::Date d) { return sim::Step::at(cal, cal.index_of(d)); }
}  // namespace

TEST_CASE("Funding: earmarks are part of the month's release", "[funding]") {
    models::BudgetSchedule b;
    b.annual = 1.2e8;
    b.earmarks = {{"B", 3.6e7}};
    const auto r = models::release(b, {0.0, 3.6e7}, {2022, 3, 1});
    CHECK(r.county[0] == 0.0);
    CHECK(r.county[1] == Approx(3e6));
    CHECK(r.city + r.county[1] == Approx(1e7));
    // Before the start nothing is released, earmarked or not.
    const auto none = models::release(b, {0.0, 3.6e7}, {2021, 12, 1});
    CHECK(none.city == 0.0);
    CHECK(none.county[1] == 0.0);
}

TEST_CASE("Funding: spending is split by source; a county pays its share out of its yearly capacity", "[funding]") {
    models::Params p;
    p.source_share = {0.3, 0.5, 0.2};
    p.county_capacity = {1e6, 0.0, 0.0};  // M: 1 million a year; NE, SE: nothing
    const auto geo = two_counties();
    Funding f(p, geo);
    const sim::Calendar cal({2022, 1, 1}, {2023, 12, 31});
    f.start_day(day(cal, {2022, 1, 1}));

    CHECK(f.covers(0, 5e6));  // needs 1e6 of county money: exactly the capacity
    CHECK_FALSE(f.covers(0, 6e6));
    CHECK_FALSE(f.covers(1, 1.0));  // no capacity: nothing co-financed
    CHECK(f.affordable(1, 1e6) == 0.0);
    f.spend(0, 4e6);
    CHECK(f.today(models::kCentral)[0] == Approx(1.2e6));
    CHECK(f.today(models::kMunicipal)[0] == Approx(2e6));
    CHECK(f.today(models::kCounty)[0] == Approx(8e5));
    CHECK(f.today(models::kCentral)[0] + f.today(models::kMunicipal)[0] + f.today(models::kCounty)[0] == Approx(4e6));
    // 2e5 of capacity left: 1e6 of spending.
    CHECK(f.affordable(0, 5e6) == Approx(1e6));
    CHECK_FALSE(f.covers(0, 2e6));

    // The next day clears today's spending; capacity is refilled only on 1 January.
    f.start_day(day(cal, {2022, 1, 2}));
    CHECK(f.today(models::kCounty)[0] == 0.0);
    CHECK_FALSE(f.covers(0, 2e6));
    f.start_day(day(cal, {2023, 1, 1}));
    CHECK(f.covers(0, 5e6));

    // Without a county share nothing is restricted, whatever the capacity.
    p.source_share = {0.5, 0.5, 0.0};
    Funding pooled(p, geo);
    pooled.start_day(day(cal, {2022, 1, 1}));
    CHECK(pooled.covers(1, 1e12));
    CHECK(pooled.affordable(1, 1e12) == 1e12);
    pooled.spend(1, 1e6);
    CHECK(pooled.today(models::kCounty)[1] == 0.0);
}
