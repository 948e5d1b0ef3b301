// Invariants of the commerce assistance module (plan project 6) and of the three production
// modules together (ledger, determinism).

#include <catch2/catch.hpp>

#include <cmath>
#include <string>
#include <utility>
#include <vector>

#include "model_run.hpp"

namespace {

using namespace ruralsim;

using test::Sets;

using Run = test::ModelRun;

const std::vector<std::pair<std::string, std::string>> kPolicy = {{"budget.sericulture", "2e8"},
                                                                  {"budget.exports", "5e7"},
                                                                  {"budget.assistance", "2e8"},
                                                                  {"assistance.xiushan_package", "2e7"},
                                                                  {"budget.sericulture_start", "2021-01-01"},
                                                                  {"budget.exports_start", "2021-01-01"},
                                                                  {"budget.assistance_start", "2021-01-01"}};

const char* const kIndicators[] = {"mulberry_area_high_standard",
                                   "mulberry_area",
                                   "cocoon_output",
                                   "silk_output_value",
                                   "spending_sericulture",
                                   "export_value",
                                   "export_value_zhacai",
                                   "export_value_lemon",
                                   "export_value_textile",
                                   "export_value_other",
                                   "leading_exporters",
                                   "spending_exports",
                                   "procurement_spent",
                                   "procurement_received",
                                   "jiazheng_placements",
                                   "remittances",
                                   "income_per_capita_formerly_poor",
                                   "formerly_poor_below_line_share",
                                   "spending_assistance"};

const Run& baseline() {
    static const Run r(Sets{});
    return r;
}
const Run& policy() {
    static const Run r(kPolicy);
    return r;
}

}  // namespace

TEST_CASE("procurement reaches only former poverty counties", "[production][assistance][model]") {
    const Run& r = policy();
    const auto& geo = r.m.geography();
    const auto& reg = r.I().region_year(r.I().id("procurement_received"));
    const std::size_t C = geo.counties.size();
    double total = 0;
    for (std::size_t k = 0; k < C; ++k) {
        const double v = reg[k];  // first year
        if (geo.counties[k].poverty_county)
            CHECK(v > 0);
        else
            CHECK(v == 0.0);
        total += v;
    }
    CHECK(total == Approx(r.year("procurement_spent")[0]).epsilon(1e-9));
}

TEST_CASE("the Xiushan package lands only in Xiushan", "[production][assistance][model]") {
    const Run& a = baseline();
    Run b(Sets{{"assistance.xiushan_package", "5e7"}, {"budget.assistance_start", "2021-01-01"}});
    const auto& geo = a.m.geography();
    const auto id = a.I().id("procurement_received");
    const auto &ra = a.I().region_year(id), &rb = b.I().region_year(id);
    for (std::size_t k = 0; k < geo.counties.size(); ++k) {
        if (geo.counties[k].name == "Xiushan")
            CHECK(rb[k] - ra[k] == Approx(5e7 * 0.6).epsilon(1e-6));
        else
            CHECK(rb[k] == Approx(ra[k]).margin(1e-6));
    }
    CHECK(b.year("spending_assistance")[0] > 0);
}

TEST_CASE("no assistance money: no project spending, no jiazheng - with it, placements and remittances",
          "[production][assistance][model]") {
    const Run &a = baseline(), &b = policy();
    for (double x : a.day("spending_assistance")) REQUIRE(x == 0.0);
    for (double x : a.day("jiazheng_placements")) REQUIRE(x == 0.0);
    for (double x : a.day("remittances")) REQUIRE(x == 0.0);
    CHECK(b.year("jiazheng_placements")[0] > 0);
    CHECK(b.year("remittances")[0] > 0);
    // Income of the formerly poor is a plausible annual figure (national registered poor: 10,740 in 2020).
    CHECK(a.year("income_per_capita_formerly_poor")[0] > 6000);
    CHECK(a.year("income_per_capita_formerly_poor")[0] < 16000);
    CHECK(b.year("income_per_capita_formerly_poor")[0] >= a.year("income_per_capita_formerly_poor")[0]);
}

TEST_CASE("production indicators: shares in [0,1], no NaN, ledger balanced", "[production][model]") {
    const Run& r = policy();
    for (const char* n : kIndicators)
        for (double x : r.day(n)) REQUIRE(std::isfinite(x));
    for (double x : r.day("formerly_poor_below_line_share")) {
        REQUIRE(x >= 0.0);
        REQUIRE(x <= 1.0);
    }
    double worst = 0;
    for (double x : r.m.ledger_residual()) worst = std::max(worst, std::abs(x));
    CHECK(worst < 1.0);
}

TEST_CASE("production modules: same seed, same output at 1 and 2 threads", "[production][model]") {
    const Run& a = policy();
    Run b(kPolicy, 1, 2);
    REQUIRE(a.m.threads() == 1);
    REQUIRE(b.m.threads() == 2);
    for (const char* n : kIndicators) {
        INFO(n);
        REQUIRE(a.day(n) == b.day(n));
        const auto id = a.I().id(n);
        REQUIRE(a.I().region_day(id) == b.I().region_day(id));
    }
}
