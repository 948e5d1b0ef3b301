#include <catch2/catch.hpp>

#include <cmath>

#include "ruralsim/sim/error.hpp"
#include "ruralsim/sim/indicators.hpp"

using namespace ruralsim::sim;

TEST_CASE("aggregation to months and years", "[engine][indicators]") {
    Calendar cal(Date{2021, 1, 1}, Date{2022, 12, 31});
    Indicators I(cal, {"A", "B"});
    const auto flow = I.add({"flow", "yuan", "", Aggregation::Sum});
    const auto rate = I.add({"rate", "1", "", Aggregation::Mean});
    const auto stock = I.add({"stock", "n", "", Aggregation::Last});
    const auto g = I.add_growth("flow_growth", flow, "");
    const auto ratio = I.add_ratio("flow_per_stock", flow, stock, "yuan/n", "");
    const auto diff = I.add_difference("flow_minus_rate", flow, rate, "", "");
    for (int d = 0; d < cal.days(); ++d) {
        const double y = cal.year_index(d) == 0 ? 1.0 : 1.1;  // flow grows 10 %
        I.record(flow, d, 2 * y, {y, y});
        I.record(rate, d, cal.date(d).month, {1.0, 3.0});
        I.record(stock, d, d, {double(d), 0.0});
    }
    I.finish();
    CHECK(I.year(flow)[0] == Approx(2 * 365));
    CHECK(I.year(flow)[1] == Approx(2 * 1.1 * 365));
    CHECK(I.month(flow)[1] == Approx(2 * 28));
    CHECK(I.region_year(flow)[0] == Approx(365));  // [year 0, region A]
    CHECK(I.region_year(flow)[3] == Approx(1.1 * 365));
    CHECK(I.month(rate)[0] == Approx(1.0));
    CHECK(I.year(rate)[0] == Approx((31 * 1 + 28 * 2 + 31 * 3 + 30 * 4 + 31 * 5 + 30 * 6 + 31 * 7 + 31 * 8 + 30 * 9 + 31 * 10 + 30 * 11 + 31 * 12) / 365.0));
    CHECK(I.region_year(rate)[1] == Approx(3.0));
    CHECK(I.year(stock)[0] == 364);
    CHECK(I.month(stock)[0] == 30);
    CHECK(std::isnan(I.year(g)[0]));
    CHECK(I.year(g)[1] == Approx(10.0));
    CHECK(std::isnan(I.month(g)[11]));
    CHECK(I.month(g)[12] == Approx(10.0));
    CHECK(I.year(ratio)[1] == Approx(I.year(flow)[1] / I.year(stock)[1]));
    CHECK(I.year(diff)[0] == Approx(I.year(flow)[0] - I.year(rate)[0]));
    CHECK(I.derived(g));
    CHECK_FALSE(I.derived(flow));
    CHECK_THROWS_AS(I.id("nope"), ruralsim::Error);
    CHECK_THROWS_AS(I.add({"flow", "", "", Aggregation::Sum}), ruralsim::Error);
    CHECK_THROWS_AS(I.record(flow, 0, 1.0, {1.0}), ruralsim::Error);
}
