// Indicator registry (sim/indicators.hpp): aggregation of daily series to
// months and years, regional series, and derived series.

#include <catch2/catch.hpp>

#include <cmath>
#include <string>
#include <vector>

#include "ruralsim/sim/calendar.hpp"
#include "ruralsim/sim/error.hpp"
#include "ruralsim/sim/indicators.hpp"

using ruralsim::sim::Aggregation;
using ruralsim::sim::Calendar;
using ruralsim::sim::Date;
using ruralsim::sim::Indicators;

namespace {
using V = std::vector<double>;

/// Element-wise equality where NaN equals NaN.
bool same(const V& a, const V& b) {
    if (a.size() != b.size()) return false;
    for (std::size_t i = 0; i < a.size(); ++i)
        if (!(a[i] == b[i] || (std::isnan(a[i]) && std::isnan(b[i])))) return false;
    return true;
}
}  // namespace

TEST_CASE("Indicators: Sum, Mean and Last to months and years", "[indicators]") {
    // 2021-11-29 .. 2022-01-02: Nov (2 days), Dec (31 days), Jan (2 days); years 2021 (33 days), 2022 (2 days).
    const Calendar cal(Date{2021, 11, 29}, Date{2022, 1, 2});
    REQUIRE(cal.days() == 35);
    REQUIRE(cal.months() == 3);
    REQUIRE(cal.years() == 2);
    Indicators I(cal, {});
    const auto sum = I.add({"flow", "yuan", "a flow", Aggregation::Sum});
    const auto mean = I.add({"rate", "1", "a rate", Aggregation::Mean});
    const auto last = I.add({"stock", "stores", "a stock", Aggregation::Last});
    CHECK(I.size() == 3);
    // Day d records d + 1: 1..35.
    for (int d = 0; d < cal.days(); ++d) {
        I.record(sum, d, d + 1.0);
        I.record(mean, d, d + 1.0);
        I.record(last, d, d + 1.0);
    }
    I.finish();
    CHECK(I.day(sum).size() == 35);
    CHECK(I.day(sum)[34] == 35.0);
    // Nov: 1 + 2; Dec: 3 + ... + 33; Jan: 34 + 35.
    CHECK(I.month(sum) == V{3.0, 558.0, 69.0});
    CHECK(I.year(sum) == V{561.0, 69.0});
    CHECK(I.month(mean) == V{1.5, 18.0, 34.5});
    CHECK(I.year(mean) == V{17.0, 34.5});
    CHECK(I.month(last) == V{2.0, 33.0, 35.0});
    CHECK(I.year(last) == V{33.0, 35.0});
    // Without regions the regional series are empty.
    CHECK(I.region_month(sum).empty());
    CHECK(I.region_year(sum).empty());
    CHECK(I.spec(mean).name == "rate");
    CHECK(I.spec(last).aggregation == Aggregation::Last);
    CHECK_FALSE(I.derived(sum));
}

TEST_CASE("Indicators: a full year aggregates to 12 months", "[indicators]") {
    const Calendar cal(Date{2021, 1, 1}, Date{2021, 12, 31});
    Indicators I(cal, {});
    const auto sum = I.add({"ones", "1", "one a day", Aggregation::Sum});
    const auto mean = I.add({"dom", "1", "day of month", Aggregation::Mean});
    for (int d = 0; d < cal.days(); ++d) {
        I.record(sum, d, 1.0);
        I.record(mean, d, cal.date(d).day);
    }
    I.finish();
    const V days_in = {31, 28, 31, 30, 31, 30, 31, 31, 30, 31, 30, 31};
    CHECK(I.month(sum) == days_in);
    CHECK(I.year(sum) == V{365.0});
    for (int m = 0; m < 12; ++m) CHECK(I.month(mean)[m] == Approx((days_in[m] + 1) / 2.0));
}

TEST_CASE("Indicators: regional series are [time][region] and aggregate like the city", "[indicators]") {
    const Calendar cal(Date{2021, 11, 29}, Date{2022, 1, 2});
    Indicators I(cal, {"Wanzhou", "Fuling", "Xiushan"});
    CHECK(I.regions().size() == 3);
    const auto sum = I.add({"flow", "yuan", "a flow", Aggregation::Sum});
    const auto last = I.add({"stock", "stores", "a stock", Aggregation::Last});
    const auto sparse = I.add({"sparse", "yuan", "no regional breakdown", Aggregation::Sum});
    for (int d = 0; d < cal.days(); ++d) {
        const double v = d + 1.0;
        I.record(sum, d, 111.0 * v, {v, 10.0 * v, 100.0 * v});
        I.record(last, d, 111.0 * v, {v, 10.0 * v, 100.0 * v});
        I.record(sparse, d, v);  // city only
    }
    I.finish();
    REQUIRE(I.region_day(sum).size() == 35 * 3);
    CHECK(I.region_day(sum)[3 * 34 + 2] == 3500.0);
    const V months = {3.0, 558.0, 69.0}, years = {561.0, 69.0};
    REQUIRE(I.region_month(sum).size() == 9);
    REQUIRE(I.region_year(sum).size() == 6);
    for (std::size_t m = 0; m < 3; ++m) {
        CHECK(I.region_month(sum)[m * 3 + 0] == months[m]);
        CHECK(I.region_month(sum)[m * 3 + 1] == 10.0 * months[m]);
        CHECK(I.region_month(sum)[m * 3 + 2] == 100.0 * months[m]);
        CHECK(I.month(sum)[m] == 111.0 * months[m]);
    }
    for (std::size_t y = 0; y < 2; ++y) {
        CHECK(I.region_year(sum)[y * 3 + 0] == years[y]);
        CHECK(I.region_year(sum)[y * 3 + 2] == 100.0 * years[y]);
    }
    CHECK(I.region_year(last) == V{33.0, 330.0, 3300.0, 35.0, 350.0, 3500.0});
    CHECK(I.region_month(sparse) == V(9, 0.0));
    CHECK(I.month(sparse) == months);
}

TEST_CASE("Indicators: growth, difference, share and ratio", "[indicators]") {
    // Three whole years; a: 1, 2, 3 a day; b: 4 a day every year.
    const Calendar cal(Date{2021, 1, 1}, Date{2023, 12, 31});
    Indicators I(cal, {"r0", "r1"});
    const auto a = I.add({"a", "yuan", "growing", Aggregation::Sum});
    const auto b = I.add({"b", "yuan", "flat", Aggregation::Sum});
    for (int d = 0; d < cal.days(); ++d) {
        const double k = cal.year_index(d) + 1.0;
        I.record(a, d, k, {k, 2 * k});
        I.record(b, d, 4.0, {4.0, 0.0});
    }
    const auto ga = I.add_growth("a_growth", a, "growth of a");
    const auto gb = I.add_growth("b_growth", b, "growth of b");
    const auto gap = I.add_difference("gap", ga, gb, "percentage points", "a minus b growth");
    const auto share = I.add_share("a_share", a, b, "a as a share of b");
    const auto ratio = I.add_ratio("a_per_b", a, b, "1", "a per b");
    I.finish();

    CHECK(I.derived(ga));
    CHECK(I.spec(ga).unit == "percent");
    CHECK(I.spec(ratio).unit == "1");
    CHECK(I.day(ga).empty());  // derived series have no days

    // Years: 2021 has no previous year.
    const V& g = I.year(ga);
    REQUIRE(g.size() == 3);
    CHECK(std::isnan(g[0]));
    CHECK(g[1] == Approx(100.0 * (2.0 * 365 / 365 - 1.0)));  // 365 * 2 vs 365 * 1
    CHECK(g[2] == Approx(50.0));
    CHECK(std::isnan(I.year(gb)[0]));
    CHECK(I.year(gb)[1] == Approx(0.0).margin(1e-12));
    // Months: vs the same month a year before, so the first 12 months have none.
    const V& gm = I.month(ga);
    REQUIRE(gm.size() == 36);
    for (int m = 0; m < 12; ++m) CHECK(std::isnan(gm[m]));
    CHECK(gm[12] == Approx(100.0));  // Jan 2022: 31 * 2 vs 31 * 1
    CHECK(gm[13] == Approx(100.0));  // Feb 2022: 28 * 2 vs 28 * 1
    CHECK(gm[35] == Approx(50.0));
    // Regions.
    const V& gr = I.region_year(ga);
    REQUIRE(gr.size() == 6);
    CHECK(std::isnan(gr[0]));
    CHECK(std::isnan(gr[1]));
    CHECK(gr[2] == Approx(100.0));
    CHECK(gr[3] == Approx(100.0));
    CHECK(gr[5] == Approx(50.0));
    // Region 1 of b is zero: growth from zero is undefined, not infinite.
    CHECK(std::isnan(I.region_year(gb)[3]));

    // Difference of growths, in percentage points.
    CHECK(std::isnan(I.year(gap)[0]));
    CHECK(I.year(gap)[1] == Approx(100.0));
    CHECK(I.year(gap)[2] == Approx(50.0));
    // Share = 100 a / b; ratio = a / b; undefined when b = 0.
    CHECK(I.year(share) == V{25.0, 50.0, 75.0});
    CHECK(I.month(share)[0] == Approx(25.0));
    CHECK(I.year(ratio) == V{0.25, 0.5, 0.75});
    CHECK(I.region_year(share)[0] == 25.0);
    CHECK(std::isnan(I.region_year(share)[1]));
    CHECK(std::isnan(I.region_year(ratio)[1]));
}

TEST_CASE("Indicators: no yearly growth over a partial first year", "[indicators]") {
    const Calendar cal(Date{2021, 7, 1}, Date{2023, 12, 31});
    Indicators I(cal, {"r"});
    const auto a = I.add({"a", "yuan", "constant", Aggregation::Sum});
    for (int d = 0; d < cal.days(); ++d) I.record(a, d, 1.0, {1.0});
    const auto g = I.add_growth("g", a, "growth");
    I.finish();
    REQUIRE(I.year(g).size() == 3);
    CHECK(std::isnan(I.year(g)[0]));
    CHECK(std::isnan(I.year(g)[1]));  // 2022 vs half of 2021 would read +100 %
    CHECK(I.year(g)[2] == Approx(0.0).margin(1e-12));
    CHECK(std::isnan(I.region_year(g)[1]));
    CHECK(I.region_year(g)[2] == Approx(0.0).margin(1e-12));
    // Month growth compares whole months: July 2022 vs July 2021.
    CHECK(I.month(g)[12] == Approx(0.0).margin(1e-12));
}

TEST_CASE("Indicators: names are unique and looked up", "[indicators]") {
    const Calendar cal(Date{2021, 1, 1}, Date{2021, 1, 31});
    Indicators I(cal, {});
    const auto a = I.add({"alpha", "1", "a", Aggregation::Sum});
    const auto b = I.add({"beta", "1", "b", Aggregation::Sum});
    const auto g = I.add_growth("alpha_growth", a, "g");
    CHECK(I.id("alpha") == a);
    CHECK(I.id("beta") == b);
    CHECK(I.id("alpha_growth") == g);
    CHECK_THROWS_AS(I.id("gamma"), ruralsim::Error);
    CHECK_THROWS_WITH(I.id("gamma"), Catch::Matchers::Contains("gamma"));
    CHECK_THROWS_AS(I.id(""), ruralsim::Error);
    CHECK_THROWS_AS(I.add({"alpha", "1", "again", Aggregation::Mean}), ruralsim::Error);
    CHECK(I.size() == 3);
}

TEST_CASE("Indicators: raw state restores the recorded series", "[indicators]") {
    const Calendar cal(Date{2021, 1, 1}, Date{2021, 3, 31});
    auto make = [&](Indicators& I) {
        I.add({"x", "yuan", "x", Aggregation::Sum});
        I.add({"y", "1", "y", Aggregation::Mean});
        I.add_share("x_share", 0, 1, "share");
    };
    Indicators A(cal, {"p", "q"});
    make(A);
    for (int d = 0; d < cal.days(); ++d) {
        A.record(0, d, d * 1.5, {d * 0.5, d * 1.0});
        A.record(1, d, 10.0 + d, {1.0, 2.0});
    }
    const auto raw = A.raw();
    A.finish();

    Indicators B(cal, {"p", "q"});
    make(B);
    B.restore(raw);
    B.finish();
    for (std::size_t i = 0; i < A.size(); ++i) {
        CHECK(same(A.day(i), B.day(i)));
        CHECK(same(A.month(i), B.month(i)));
        CHECK(same(A.year(i), B.year(i)));
        CHECK(same(A.region_month(i), B.region_month(i)));
        CHECK(same(A.region_year(i), B.region_year(i)));
    }
    CHECK(B.month(0)[0] > 0);

    Indicators C(cal, {"p", "q"});
    C.add({"x", "yuan", "x", Aggregation::Sum});
    CHECK_THROWS_AS(C.restore(raw), ruralsim::Error);  // other declarations
}

TEST_CASE("Indicators: a regional breakdown of the wrong size is refused", "[indicators]") {
    const Calendar cal(Date{2021, 1, 1}, Date{2021, 1, 31});
    Indicators I(cal, {"a", "b", "c"});
    const auto x = I.add({"x", "yuan", "x", Aggregation::Sum});
    CHECK_THROWS_AS(I.record(x, 0, 1.0, {1.0, 2.0}), ruralsim::Error);
    CHECK_THROWS_WITH(I.record(x, 0, 1.0, {1.0, 2.0, 3.0, 4.0}), Catch::Matchers::Contains("'x'"));
    CHECK_NOTHROW(I.record(x, 0, 1.0, {1.0, 2.0, 3.0}));
}

TEST_CASE("Indicators: a refused record leaves the series unchanged", "[indicators]") {
    const Calendar cal(Date{2021, 1, 1}, Date{2021, 1, 31});
    Indicators I(cal, {"a", "b"});
    const auto x = I.add({"x", "yuan", "x", Aggregation::Sum});
    I.record(x, 0, 5.0, {2.0, 3.0});
    CHECK_THROWS_AS(I.record(x, 0, 99.0, {1.0}), ruralsim::Error);
    CHECK(I.day(x)[0] == 5.0);
    CHECK(I.region_day(x)[0] == 2.0);
    CHECK(I.region_day(x)[1] == 3.0);
}
