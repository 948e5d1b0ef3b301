// Production levers: at fixed seeds and with everything else equal, each lever of the three
// production modules (sericulture, exports, assistance) moves its indicators the right way.
//  1. a higher cocoon contract share lowers the day-to-day variance of sericulture income per egg box;
//  2. higher export credit insurance coverage means fewer exporter exits after a foreign demand shock;
//  3. more consumption-assistance procurement raises rural income per capita in the former poverty
//     counties (county-level indicators);
//  4. a bad cocoon season lowers cocoon output, silk output value and farm households' sericulture income.

#include <catch2/catch.hpp>

#include <cmath>
#include <cstdint>
#include <string>
#include <utility>
#include <vector>

#include "model_run.hpp"

namespace {

using namespace ruralsim;

using test::Sets;

/// A small run: scale 4000, `years` from 2021-01-01, with overrides.
/// All runs here: scale 4000, one thread, a given seed.
struct Run : test::ModelRun {
    Run(test::Sets sets, int years, std::uint64_t seed) : ModelRun(std::move(sets), years, 1, seed, "4000") {}
};

Sets with(Sets s, const std::string& k, const std::string& v) {
    s.emplace_back(k, v);
    return s;
}

/// Coefficient of variation over the harvest days (days with egg boxes sold) of sericulture
/// income per egg box: the calendar's batch sizes divided out, what is left is price and yield.
double income_cv(const Run& r, const char* per) {
    const auto &inc = r.day("sericulture_income"), &boxes = r.day(per);
    double n = 0, s = 0, ss = 0;
    for (std::size_t d = 0; d < inc.size(); ++d) {
        if (boxes[d] <= 0) continue;
        const double x = inc[d] / boxes[d];
        n += 1;
        s += x;
        ss += x * x;
    }
    REQUIRE(n > 20);
    const double mean = s / n;
    return std::sqrt(std::max(0.0, ss / n - mean * mean)) / mean;
}

}  // namespace

TEST_CASE("lever: a higher cocoon contract share lowers the variance of sericulture income (over harvest days)",
          "[production][levers][model]") {
    // The lever works in expectation: the CVs are compared as means over the seeds (one seed's
    // batch yield shocks, which contracts do not insure, can hide it).
    double sum_lo = 0, sum_hi = 0;
    for (std::uint64_t seed : {3u, 11u, 23u}) {
        const Sets base{{"sericulture.contract_share", "0.1"}};
        const Run lo(base, 1, seed);
        const Run hi(Sets{{"sericulture.contract_share", "0.9"}}, 1, seed);
        const double cv_lo = income_cv(lo, "silkworm_egg_boxes"), cv_hi = income_cv(hi, "silkworm_egg_boxes");
        WARN("seed " << seed << ": CV of daily sericulture income per box, contract share 0.1: " << cv_lo
                     << ", 0.9: " << cv_hi << "; per tonne: " << income_cv(lo, "cocoon_output") << " vs "
                     << income_cv(hi, "cocoon_output") << "; contract share indicator "
                     << lo.year("cocoon_contract_share")[0] << " vs " << hi.year("cocoon_contract_share")[0]
                     << "; income " << lo.year("sericulture_income")[0] << " vs " << hi.year("sericulture_income")[0]);
        sum_lo += cv_lo;
        sum_hi += cv_hi;
    }
    CHECK(sum_hi < sum_lo);
}

TEST_CASE("lever: higher export credit insurance coverage means fewer exporter exits after a foreign demand shock",
          "[production][levers][model]") {
    // A severe foreign demand shock in March 2021 (log demand -1.8, about -83 %, decaying with
    // exports.demand_shock_rho) with buyer defaults five times as frequent for 12 months; every
    // exporter insured, so the lever is the share of a default loss the insurer pays.
    const Sets shock{{"exports.demand_shock_year", "2021"},
                     {"exports.demand_shock_month", "3"},
                     {"exports.demand_shock_size", "1.8"},
                     {"exports.demand_shock_default_multiplier", "5"},
                     {"exports.insured_initial", "1"}};
    for (std::uint64_t seed : {3u, 11u}) {
        const Run lo(with(shock, "exports.insurance_coverage", "0.2"), 2, seed);
        const Run hi(with(shock, "exports.insurance_coverage", "1.0"), 2, seed);
        const auto& cal = lo.m.calendar();
        auto exits = [&](const Run& r) {  // from the shock (1 March 2021) to the end of 2022
            const auto& d = r.day("exporter_exits");
            double t = 0;
            for (int i = 0; i < cal.days(); ++i)
                if (!(cal.date(i) < sim::Date{2021, 3, 1})) t += d[static_cast<std::size_t>(i)];
            return t;
        };
        WARN("seed " << seed << ": exporter exits after the shock, coverage 0.2: " << exits(lo)
                     << ", 1.0: " << exits(hi) << "; active exporters at the end " << lo.day("exporter_firms").back()
                     << " vs " << hi.day("exporter_firms").back());
        CHECK(exits(lo) > 0);
        CHECK(exits(hi) < exits(lo));
        CHECK(hi.day("exporter_firms").back() > lo.day("exporter_firms").back());
    }
}

TEST_CASE("lever: more consumption-assistance procurement raises income per capita in the former poverty counties",
          "[production][levers][model]") {
    // Project money all to procurement (no jiazheng), so only procurement differs between the runs.
    const Sets base{{"assistance.procurement_share", "1"}, {"budget.assistance_start", "2021-01-01"}};
    const std::uint64_t seed = 3;
    const Run lo(with(base, "budget.assistance", "0"), 1, seed);
    const Run hi(with(base, "budget.assistance", "1e9"), 1, seed);
    const auto& geo = lo.m.geography();
    const auto &ilo = lo.region_year("income_per_capita_poverty_counties"),
               &ihi = hi.region_year("income_per_capita_poverty_counties");
    const auto &plo = lo.region_year("procurement_received"), &phi = hi.region_year("procurement_received");
    int poverty = 0;
    for (std::size_t k = 0; k < geo.counties.size(); ++k) {
        INFO(geo.counties[k].name);
        if (geo.counties[k].poverty_county) {
            ++poverty;
            WARN(geo.counties[k].name << ": procurement " << plo[k] << " -> " << phi[k] << ", income pc " << ilo[k]
                                      << " -> " << ihi[k]);
            CHECK(phi[k] > plo[k]);
            CHECK(ihi[k] > ilo[k]);
        } else {
            CHECK(ilo[k] == 0.0);
            CHECK(ihi[k] == 0.0);
        }
    }
    CHECK(poverty > 0);
    WARN("all former poverty counties: income pc "
         << lo.year("income_per_capita_poverty_counties")[0] << " -> "
         << hi.year("income_per_capita_poverty_counties")[0] << "; formerly poor "
         << lo.year("income_per_capita_formerly_poor")[0] << " -> " << hi.year("income_per_capita_formerly_poor")[0]);
    CHECK(hi.year("income_per_capita_poverty_counties")[0] > lo.year("income_per_capita_poverty_counties")[0]);
    CHECK(hi.year("income_per_capita_formerly_poor")[0] > lo.year("income_per_capita_formerly_poor")[0]);
}

TEST_CASE("lever: a bad cocoon season lowers cocoon output, silk output value and sericulture income",
          "[production][levers][model]") {
    const std::uint64_t seed = 3;
    const Run good(Sets{}, 1, seed);
    const Run bad(Sets{{"sericulture.bad_season_year", "2021"}, {"sericulture.bad_season_loss", "0.3"}}, 1, seed);
    for (const char* n :
         {"cocoon_output", "silk_output_value", "sericulture_income", "silkworm_egg_boxes", "mulberry_area"})
        WARN(n << ": normal " << good.year(n)[0] << ", bad season " << bad.year(n)[0]);
    CHECK(bad.year("cocoon_output")[0] < good.year("cocoon_output")[0]);
    CHECK(bad.year("silk_output_value")[0] < good.year("silk_output_value")[0]);
    CHECK(bad.year("sericulture_income")[0] < good.year("sericulture_income")[0]);
    // The loss strikes after the eggs are set: the same boxes are reared, fewer cocoons sold, in
    // every sericulture county.
    CHECK(bad.year("silkworm_egg_boxes")[0] == good.year("silkworm_egg_boxes")[0]);
    const auto &kg_good = good.region_year("cocoon_output"), &kg_bad = bad.region_year("cocoon_output");
    int counties = 0;
    for (std::size_t k = 0; k < good.m.geography().counties.size(); ++k) {
        if (kg_good[k] <= 0) continue;
        ++counties;
        CHECK(kg_bad[k] < kg_good[k]);
    }
    CHECK(counties > 10);
}
