// The macro path: realised years and assumed trends, compounding between dates, demand-shock
// episodes, their validation, and what they do to a whole run.

#include <catch2/catch.hpp>

#include <cmath>
#include <string>

#include "model_run.hpp"
#include "ruralsim/models/macro.hpp"
#include "ruralsim/models/parameters.hpp"
#include "ruralsim/sim/error.hpp"

namespace {

using namespace ruralsim;
using models::MacroPath;
using sim::Date;

sim::Scenario defaults() { return sim::Scenario(models::registry()); }

/// Sets demand-shock episode n (macro.shock<n>.*).
void set_shock(sim::Scenario& sc, int n, const char* start, const char* end, const char* spending,
               const char* offline) {
    const std::string p = "macro.shock" + std::to_string(n) + ".";
    sc.set(p + "start", start);
    sc.set(p + "end", end);
    sc.set(p + "spending", spending);
    sc.set(p + "offline", offline);
}

}  // namespace

TEST_CASE("realised years take the macro keys, later years the assumed trend", "[macro]") {
    sim::Scenario sc = defaults();
    sc.set("macro.income_growth_rural.y2020", "0.07");
    sc.set("macro.income_growth_rural.y2023", "0.20");  // beyond realised_until: ignored
    sc.set("household.income_growth_rural", "0.05");
    MacroPath m = models::read_macro(sc);
    CHECK(m.growth(MacroPath::kIncomeRural, 2020) == 0.07);
    CHECK(m.growth(MacroPath::kIncomeRural, 2023) == 0.05);
    CHECK(m.growth(MacroPath::kIncomeRural, 2030) == 0.05);
    CHECK(m.growth(MacroPath::kIncomeRural, 2015) == 0.05);
    CHECK(m.growth(MacroPath::kMigrantWage, 2021) == 0.088);
    CHECK(m.growth(MacroPath::kForeignDemand, 2024) == 0.0);

    sc.set("macro.realised_until", "2023");
    m = models::read_macro(sc);
    CHECK(m.growth(MacroPath::kIncomeRural, 2023) == 0.20);

    sc.set("macro.realised_until", "2018");  // assumed trends throughout
    m = models::read_macro(sc);
    CHECK(m.growth(MacroPath::kIncomeRural, 2020) == 0.05);
}

TEST_CASE("growth compounds over the days of each year and reverses exactly", "[macro]") {
    const MacroPath m = models::read_macro(defaults());
    const double g19 = m.growth(MacroPath::kIncomeUrban, 2019), g20 = m.growth(MacroPath::kIncomeUrban, 2020);
    CHECK(m.factor(MacroPath::kIncomeUrban, Date{2019, 1, 1}, Date{2020, 1, 1}) ==
          Approx(std::pow(1 + g19, 365 / 365.25)).epsilon(1e-14));
    // 2020 is a leap year: 366 days of its growth.
    CHECK(m.factor(MacroPath::kIncomeUrban, Date{2019, 7, 1}, Date{2021, 1, 1}) ==
          Approx(std::pow(1 + g19, 184 / 365.25) * std::pow(1 + g20, 366 / 365.25)).epsilon(1e-14));
    const double up = m.factor(MacroPath::kIncomeRural, Date{2019, 3, 5}, Date{2024, 8, 9});
    const double down = m.factor(MacroPath::kIncomeRural, Date{2024, 8, 9}, Date{2019, 3, 5});
    CHECK(up * down == Approx(1.0).epsilon(1e-14));
    CHECK(m.factor(MacroPath::kIncomeRural, Date{2022, 2, 2}, Date{2022, 2, 2}) == 1.0);
}

TEST_CASE("demand-shock episodes cut spending and close shops only inside their dates", "[macro]") {
    sim::Scenario sc = defaults();
    set_shock(sc, 1, "2020-02-01", "2020-02-10", "0.2", "0.5");
    set_shock(sc, 2, "2020-02-10", "2020-03-31", "0.1", "0.2");
    const MacroPath m = models::read_macro(sc);
    CHECK(m.spending_cut(Date{2020, 1, 31}) == 0.0);
    CHECK(m.offline_access(Date{2020, 1, 31}) == 1.0);
    CHECK(m.spending_cut(Date{2020, 2, 1}) == Approx(0.2));
    CHECK(m.offline_access(Date{2020, 2, 1}) == Approx(0.5));
    CHECK(m.spending_cut(Date{2020, 2, 10}) == Approx(1 - 0.8 * 0.9));  // overlapping episodes multiply
    CHECK(m.offline_access(Date{2020, 2, 10}) == Approx(0.5 * 0.8));
    CHECK(m.spending_cut(Date{2020, 3, 31}) == Approx(0.1));
    CHECK(m.spending_cut(Date{2020, 4, 1}) == 0.0);
}

TEST_CASE("after an episode households make up its deferred share of the missed spending", "[macro]") {
    sim::Scenario sc = defaults();
    set_shock(sc, 1, "2020-02-01", "2020-02-10", "0.2", "0.5");
    sc.set("macro.shock2.spending", "0");  // the default second episode off
    sc.set("macro.shock2.offline", "0");
    sc.set("macro.deferred_share", "0.4");
    sc.set("macro.catch_up_months", "2");
    const MacroPath m = models::read_macro(sc);
    CHECK(m.catch_up(Date{2020, 1, 31}) == 0.0);
    CHECK(m.catch_up(Date{2020, 2, 10}) == 0.0);  // nothing during the episode
    CHECK(m.catch_up(Date{2020, 2, 11}) > m.catch_up(Date{2020, 3, 11}));
    CHECK(m.catch_up(Date{2020, 3, 11}) > 0.0);
    // over the following years the extra spending adds up to deferred_share of the missed days
    double total = 0;
    for (std::int64_t d = Date{2020, 2, 11}.serial(); d < Date{2024, 1, 1}.serial(); ++d)
        total += m.catch_up(Date::from_serial(d));
    CHECK(total == Approx(0.4 * (1 - 0.8 * 0.5) * 10).epsilon(1e-6));
    sc.set("macro.deferred_share", "0");
    CHECK(models::read_macro(sc).catch_up(Date{2020, 2, 11}) == 0.0);
}

TEST_CASE("bad macro keys name the key and what was expected", "[macro][scenario]") {
    const auto& reg = models::registry();
    try {
        sim::Scenario sc =
            sim::Scenario::parse("[macro.shock1]\nstart = 2020-03-01\nend = 2020-02-01\n", "s.toml", reg);
        (void)models::read_macro(sc);
        FAIL("an episode ending before it starts was accepted");
    } catch (const ScenarioError& e) {
        const std::string w = e.what();
        CHECK(w.find("s.toml") != std::string::npos);
        CHECK(w.find("macro.shock1.end") != std::string::npos);
        CHECK(w.find("before") != std::string::npos);
    }
    try {
        (void)sim::Scenario::parse("[macro.income_growth_rural]\ny2031 = 0.05\n", "s.toml", reg);
        FAIL("a year outside the macro path was accepted");
    } catch (const ScenarioError& e) {
        CHECK(std::string(e.what()).find("macro.income_growth_rural.y2031") != std::string::npos);
    }
    CHECK_THROWS_AS(sim::Scenario::parse("[macro.shock2]\nspending = 1.5\n", "s.toml", reg), ScenarioError);
}

namespace {

sim::Scenario from(const char* start, const char* end, test::Sets sets = {}) {
    sim::Scenario s(models::registry());
    s.set("run.scale", "4000");
    s.set("run.start", start);
    s.set("run.end", end);
    for (const auto& [k, v] : sets) s.set(k, v);
    return s;
}

}  // namespace

TEST_CASE("a run from 2019 and a run from 2021 share one income path", "[macro][model]") {
    const sim::Scenario a = from("2019-01-01", "2021-12-31"), b = from("2021-01-01", "2021-12-31");
    models::Model ma(a, 3, 1), mb(b, 3, 1);
    ma.run();
    mb.run();
    const auto& Ia = ma.indicators();
    const auto& Ib = mb.indicators();
    for (const char* n : {"income_per_capita_urban", "income_per_capita_rural"}) {
        const double va = Ia.year(Ia.id(n)).back(), vb = Ib.year(Ib.id(n)).back();
        INFO(n << ": from 2019 " << va << ", from 2021 " << vb);
        CHECK(va == Approx(vb).epsilon(1e-8));  // the same path, compounded over different day counts
    }
    // and the 2020 pandemic years are in the first run's income path: 2020 grows by its realised rate
    const auto& inc = Ia.year(Ia.id("income_per_capita_rural"));
    CHECK(inc[1] / inc[0] == Approx(1.081).epsilon(0.02));
}

TEST_CASE("closing every shop stops offline sales and online shoppers buy online", "[macro][model]") {
    const test::Sets closed{{"macro.shock1.start", "2021-03-01"},
                            {"macro.shock1.end", "2021-03-10"},
                            {"macro.shock1.spending", "0"},
                            {"macro.shock1.offline", "1"}};
    // The same episode at zero size (so both runs lose the default 2020 episode's catch-up alike).
    const test::Sets none{{"macro.shock1.start", "2021-03-01"},
                          {"macro.shock1.end", "2021-03-10"},
                          {"macro.shock1.spending", "0"},
                          {"macro.shock1.offline", "0"}};
    models::Model shut(from("2021-01-01", "2021-03-31", closed), 5, 2);
    models::Model open(from("2021-01-01", "2021-03-31", none), 5, 2);
    shut.run();
    open.run();
    const auto& S = shut.indicators();
    const auto& O = open.indicators();
    const auto& vs = S.day(S.id("village_store_sales"));
    const auto& online = S.day(S.id("rural_household_online_purchases"));
    const auto& online_open = O.day(O.id("rural_household_online_purchases"));
    const auto& cons = S.day(S.id("consumption_per_capita_rural"));
    const auto& cons_open = O.day(O.id("consumption_per_capita_rural"));
    for (int d = 59; d <= 68; ++d) {  // 1-10 March 2021
        INFO("day " << d);
        CHECK(vs[static_cast<std::size_t>(d)] < 1e-6 * O.day(O.id("village_store_sales"))[static_cast<std::size_t>(d)]);
        CHECK(online[static_cast<std::size_t>(d)] > online_open[static_cast<std::size_t>(d)]);
        CHECK(cons[static_cast<std::size_t>(d)] < cons_open[static_cast<std::size_t>(d)]);
    }
    // before the episode the two runs are the same
    for (int d = 0; d < 59; ++d)
        CHECK(vs[static_cast<std::size_t>(d)] == O.day(O.id("village_store_sales"))[static_cast<std::size_t>(d)]);
}

TEST_CASE("sealed villages stop rural parcels both ways while urban parcels keep coming", "[macro][model]") {
    const test::Sets sealed{{"macro.shock1.start", "2021-03-01"},
                            {"macro.shock1.end", "2021-03-10"},
                            {"macro.shock1.spending", "0"},
                            {"macro.shock1.offline", "1"},
                            {"macro.rural_parcel_disruption", "1"}};
    const test::Sets shops_only{{"macro.shock1.start", "2021-03-01"},
                                {"macro.shock1.end", "2021-03-10"},
                                {"macro.shock1.spending", "0"},
                                {"macro.shock1.offline", "1"},
                                {"macro.rural_parcel_disruption", "0"}};
    models::Model a(from("2021-01-01", "2021-03-31", sealed), 5, 2),
        b(from("2021-01-01", "2021-03-31", shops_only), 5, 2);
    a.run();
    b.run();
    const auto& A = a.indicators();
    const auto& B = b.indicators();
    for (int d = 59; d <= 68; ++d) {  // 1-10 March 2021
        INFO("day " << d);
        const auto k = static_cast<std::size_t>(d);
        CHECK(A.day(A.id("rural_household_online_purchases"))[k] <
              1e-6 * B.day(B.id("rural_household_online_purchases"))[k]);
        CHECK(A.day(A.id("parcels_up"))[k] < 1e-6 * B.day(B.id("parcels_up"))[k]);
        CHECK(A.day(A.id("consumption_per_capita_rural"))[k] < B.day(B.id("consumption_per_capita_rural"))[k]);
        CHECK(A.day(A.id("urban_online_retail"))[k] > 0.0);
    }
}

TEST_CASE("an episode of zero size changes nothing", "[macro][model]") {
    const test::Sets none{{"macro.shock3.start", "2021-02-01"},
                          {"macro.shock3.end", "2021-05-31"},
                          {"macro.shock3.spending", "0"},
                          {"macro.shock3.offline", "0"}};
    models::Model a(from("2021-01-01", "2021-06-30", none), 5, 1), b(from("2021-01-01", "2021-06-30"), 5, 1);
    a.run();
    b.run();
    const auto& A = a.indicators();
    const auto& B = b.indicators();
    for (const char* n : {"rural_retail_sales", "urban_retail_sales", "rural_online_retail"})
        CHECK(A.day(A.id(n)) == B.day(B.id(n)));
}
