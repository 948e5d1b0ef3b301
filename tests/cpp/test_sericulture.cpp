// Invariants of the sericulture and silk module (plan project 5).

#include <catch2/catch.hpp>

#include <cmath>
#include <string>
#include <utility>
#include <vector>

#include "model_run.hpp"

namespace {

using namespace ruralsim;

/// A small run: scale 2000, `years` from 2021, with overrides.
using test::Sets;

using Run = test::ModelRun;

/// The baseline year, shared by the tests that only read it.
const Run& baseline() {
    static const Run r(Sets{});
    return r;
}

}  // namespace

TEST_CASE("no sericulture budget: no sericulture spending and no bases", "[production][sericulture][model]") {
    const Run& r = baseline();  // budget.sericulture defaults to 0
    for (double x : r.day("spending_sericulture")) REQUIRE(x == 0.0);
    for (double x : r.day("demonstration_bases")) REQUIRE(x == 0.0);
}

TEST_CASE("more sericulture budget: high-standard area not lower (same seed)", "[production][sericulture][model]") {
    Run a(Sets{{"budget.sericulture", "0"}}, 2), c(Sets{{"budget.sericulture", "3e8"}}, 2);
    const auto &ya = a.day("mulberry_area_high_standard"), &yc = c.day("mulberry_area_high_standard");
    for (std::size_t d = 0; d < ya.size(); ++d) REQUIRE(yc[d] >= ya[d]);
    CHECK(yc.back() > ya.back());
    // Spending never exceeds the money made available so far (budget x elapsed months).
    double spent = 0;
    for (double x : c.year("spending_sericulture")) spent += x;
    CHECK(spent <= 3e8 * 2 + 1.0);
    CHECK(spent > 0);
}

TEST_CASE("cocoons are sold only in the rearing seasons", "[production][sericulture][model]") {
    const Run& r = baseline();
    const auto& kg = r.day("cocoon_output");
    const auto& cal = r.m.calendar();
    // Batch sale dates +-3 days: 25 May, 5 Jul, 15 Aug, 10 Sep, 8 Oct.
    const int sale[][2] = {{5, 25}, {7, 5}, {8, 15}, {9, 10}, {10, 8}};
    double total = 0;
    for (int d = 0; d < cal.days(); ++d) {
        const auto date = cal.date(d);
        bool season = false;
        for (const auto& s : sale) {
            const auto gap = date.serial() - sim::Date{date.year, s[0], s[1]}.serial();
            season = season || (gap >= -3 && gap <= 3);
        }
        if (!season) REQUIRE(kg[static_cast<std::size_t>(d)] == 0.0);
        total += kg[static_cast<std::size_t>(d)];
        if (date.month <= 4 || date.month >= 11) REQUIRE(kg[static_cast<std::size_t>(d)] == 0.0);
    }
    CHECK(total > 0);
}

TEST_CASE("baseline cocoon output and silk output value are plausible", "[production][sericulture][model]") {
    const Run& r = baseline();
    const double tonnes = r.year("cocoon_output")[0];
    const double value = r.year("silk_output_value")[0];
    const double area = r.year("mulberry_area")[0];
    // Facts: 1.5万 t cocoons (2015), 1.4万 t (2019); about 73万 mu (2019); farm income 11亿 and
    // industry about 4亿 (Jan-Oct 2019).
    CHECK(tonnes > 1.0e4);
    CHECK(tonnes < 2.0e4);
    CHECK(value > 0.8e9);
    CHECK(value < 2.5e9);
    CHECK(area > 6.0e5);
    CHECK(area < 9.0e5);
    for (const char* n : {"mulberry_area_high_standard", "mulberry_area", "cocoon_output", "silk_output_value",
                          "cocoon_spot_price", "cocoon_contract_share", "sericulture_income"})
        for (double x : r.day(n)) REQUIRE(std::isfinite(x));
}
