// Target evaluation on constructed trajectories: met, missed, edge, not evaluable.

#include <catch2/catch.hpp>

#include <cmath>
#include <map>

#include "ruralsim/models/targets.hpp"

using namespace ruralsim;

namespace {
/// Indicators over 2021-2025 whose yearly totals are `yearly[name][year index]` (spread evenly
/// over the days; Last/Mean indicators hold the value every day).
sim::Indicators make(const sim::Calendar& cal, const std::map<std::string, std::vector<double>>& yearly) {
    sim::Indicators I(cal, {"X"});
    std::map<std::string, sim::Indicators::Id> ids;
    for (const auto& [name, v] : yearly) {
        const bool flow = name.find("coverage") == std::string::npos && name != "filling_station_centres" &&
                          name != "leading_exporters" && name != "mulberry_area_high_standard";
        ids[name] = I.add({name, "", "", flow ? sim::Aggregation::Sum : sim::Aggregation::Last});
    }
    for (int d = 0; d < cal.days(); ++d) {
        const int y = cal.year_index(d);
        const double days = cal.date(d).year % 4 == 0 ? 366 : 365;
        for (const auto& [name, v] : yearly) {
            const auto& spec = I.spec(ids[name]);
            const double x = spec.aggregation == sim::Aggregation::Sum ? v[y] / days : v[y];
            I.record(ids[name], d, x, {x});
        }
    }
    if (yearly.count("rural_retail_sales")) {
        const auto r = I.add_growth("rural_retail_growth", I.id("rural_retail_sales"), "");
        const auto u = I.add_growth("urban_retail_growth", I.id("urban_retail_sales"), "");
        I.add_difference("rural_urban_growth_gap", r, u, "", "");
    }
    I.finish();
    return I;
}

const models::Target& get(const models::TargetReport& r, const std::string& id) {
    for (const auto& t : r.targets)
        if (t.id == id) return t;
    throw std::runtime_error("no " + id);
}
}  // namespace

TEST_CASE("T1/T2: average growth, met at the threshold and missed just below", "[targets]") {
    sim::Calendar cal(sim::Date{2021, 1, 1}, sim::Date{2025, 12, 31});
    const double g = 1.10;
    auto I = make(cal, {{"rural_online_retail", {100, 0, 0, 0, 100 * g * g * g * g}},
                        {"agri_online_retail", {100, 0, 0, 0, 100 * std::pow(1.0999, 4)}}});
    const auto r = models::evaluate_targets(I);
    CHECK(get(r, "T1").value == Approx(10.0));
    CHECK(get(r, "T1").met == 1);
    CHECK(get(r, "T2").value == Approx(9.99).epsilon(1e-6));
    CHECK(get(r, "T2").met == 0);
    CHECK(get(r, "T5").met == -1);  // no indicator: not evaluable
    CHECK(std::isnan(get(r, "T5").value));
}

TEST_CASE("T3-T7 combine their conditions", "[targets]") {
    sim::Calendar cal(sim::Date{2021, 1, 1}, sim::Date{2025, 12, 31});
    auto I = make(cal, {{"cost_per_parcel_placeholder", {1, 1, 1, 1, 1}},
                        {"village_delivery_coverage", {0.9, 0.95, 0.99, 1, 1}},
                        {"village_store_coverage", {1, 1, 1, 1, 1}},
                        {"township_centre_coverage", {0.5, 0.6, 0.8, 0.9, 1}},
                        {"business_district_coverage", {0.5, 0.6, 0.8, 0.9, 0.97}},
                        {"filling_station_centres", {0, 40, 90, 150, 150}},
                        {"leading_exporters", {3, 4, 5, 6, 6}},
                        {"export_value", {10, 11, 12, 13, 9}},
                        {"mulberry_area_high_standard", {3e5, 3.5e5, 3.8e5, 4e5, 4.2e5}},
                        {"silk_output_value", {1e9, 2e9, 3e9, 4e9, 5e9}}});
    const auto r = models::evaluate_targets(I);
    CHECK(get(r, "T3").met == -1);  // no cost per parcel
    CHECK(get(r, "T4").value == Approx(0.97));
    CHECK(get(r, "T4").met == 0);
    CHECK(get(r, "T5").met == 1);  // exactly 150 at the end of 2025
    CHECK(get(r, "T6").value == 6);
    CHECK(get(r, "T6").met == 0);  // enough leaders, but exports fell
    CHECK(get(r, "T7").met == 1);  // 420,000 mu and exactly 5 billion
}

TEST_CASE("T8: every year, each year reported", "[targets]") {
    sim::Calendar cal(sim::Date{2021, 1, 1}, sim::Date{2025, 12, 31});
    // Rural grows 8, 8, 8, 8 %; urban 7, 7, 9, 7 %: 2024 misses.
    std::vector<double> rural{100}, urban{300};
    for (double gr : {8.0, 8.0, 8.0, 8.0}) rural.push_back(rural.back() * (1 + gr / 100));
    for (double gu : {7.0, 7.0, 9.0, 7.0}) urban.push_back(urban.back() * (1 + gu / 100));
    auto I = make(cal, {{"rural_retail_sales", rural}, {"urban_retail_sales", urban}});
    const auto r = models::evaluate_targets(I);
    REQUIRE(r.t8.size() == 5);
    CHECK(r.t8[0].met == -1);
    CHECK(r.t8[1].met == 1);
    CHECK(r.t8[3].met == 0);
    CHECK(r.t8[3].gap == Approx(-1.0));
    CHECK(get(r, "T8").met == 0);
    CHECK(get(r, "T8").value == Approx(-1.0));
}

TEST_CASE("targets need whole base and target years", "[targets]") {
    sim::Calendar cal(sim::Date{2022, 1, 1}, sim::Date{2025, 6, 30});
    auto I = make(cal, {{"rural_online_retail", {1, 2, 3, 4}}});
    const auto r = models::evaluate_targets(I);
    CHECK(get(r, "T1").met == -1);
    CHECK(get(r, "T8").met == -1);
}
