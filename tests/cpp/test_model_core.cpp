// Whole-model invariants on small seeded runs: determinism across thread counts,
// the ledger balancing every day, no NaN, shares within [0, 1].

#include <catch2/catch.hpp>

#include <cmath>

#include "ruralsim/models/model.hpp"
#include "ruralsim/sim/error.hpp"
#include "ruralsim/sim/scenario.hpp"

using namespace ruralsim;

namespace {
sim::Scenario small(const std::string& scenario = "plan2022", bool fund_all = true) {
    auto sc =
        sim::Scenario::load(std::string(RURALSIM_SOURCE_DIR) + "/scenarios/" + scenario + ".toml", models::registry());
    sc.set("run.scale", "3000");
    sc.set("run.end", "2022-12-31");
    if (!fund_all) return sc;
    // Every project funded, so every mechanism runs.
    sc.set("budget.sericulture", "2e8");
    sc.set("budget.exports", "5e7");
    sc.set("budget.assistance", "1e8");
    return sc;
}
}  // namespace

TEST_CASE("same seed, 1 and 2 threads: bit-identical", "[model]") {
    const auto sc = small();
    models::Model a(sc, 7, 1), b(sc, 7, 2), c(sc, 8, 2);
    a.run();
    b.run();
    c.run();
    const auto& A = a.indicators();
    const auto& B = b.indicators();
    bool differs_by_seed = false;
    for (std::size_t i = 0; i < A.size(); ++i) {
        INFO(A.spec(i).name);
        if (!A.derived(i)) {
            REQUIRE(A.day(i) == B.day(i));
            REQUIRE(A.region_day(i) == B.region_day(i));
            differs_by_seed = differs_by_seed || A.day(i) != c.indicators().day(i);
        }
        for (std::size_t k = 0; k < A.year(i).size(); ++k)
            REQUIRE((A.year(i)[k] == B.year(i)[k] || (std::isnan(A.year(i)[k]) && std::isnan(B.year(i)[k]))));
    }
    CHECK(a.ledger_residual() == b.ledger_residual());
    CHECK(differs_by_seed);
}

TEST_CASE("the ledger balances every day and nothing is NaN", "[model]") {
    models::Model m(small(), 3, 2);
    m.run();
    const auto& I = m.indicators();
    const auto income = I.day(I.id("income_per_capita_rural"));
    // Daily money flows are ~1e10 yuan; rounding in sums of doubles stays far below a yuan.
    for (double r : m.ledger_residual()) REQUIRE(r < 1.0);
    for (std::size_t i = 0; i < I.size(); ++i) {
        if (I.derived(i)) continue;
        INFO(I.spec(i).name);
        for (double x : I.day(i)) REQUIRE(std::isfinite(x));
        if (I.spec(i).unit == "1")
            for (double x : I.day(i)) REQUIRE((x >= 0.0 && x <= 1.0));
    }
    for (double x : income) REQUIRE(x > 0);
}

TEST_CASE("no budget, no spending - spending never exceeds what was released", "[model]") {
    auto sc = small("baseline", false);
    models::Model base(sc, 1, 2);
    base.run();
    const auto& I = base.indicators();
    for (const char* p : {"spending_ecommerce", "spending_logistics", "spending_facilities", "spending_sericulture",
                          "spending_exports", "spending_assistance"})
        for (double x : I.day(I.id(p))) REQUIRE(x == 0.0);
    for (double x : I.day(I.id("filling_station_centres"))) REQUIRE(x == 0.0);

    models::Model plan(small(), 1, 2);
    plan.run();
    const auto& P = plan.indicators();
    double spent = 0;
    for (const char* p : {"spending_ecommerce", "spending_logistics", "spending_facilities", "spending_sericulture",
                          "spending_exports", "spending_assistance"})
        for (double x : P.day(P.id(p))) spent += x;
    // The yearly total for 2022 (nothing in 2021): plan2022's projects 1, 2 and 4, the three set
    // above, and plan2022's Xiushan package.
    const double released = 6.5e8 + 2e8 + 5e7 + 1e8 + 2e7;
    CHECK(spent > 0);
    CHECK(spent + P.day(P.id("budget_unspent")).back() == Approx(released).epsilon(1e-9));
    // Spending by source adds up to the spending of the six projects.
    double by_source = 0;
    for (const char* s : {"spending_central", "spending_municipal", "spending_county"})
        for (double x : P.day(P.id(s))) by_source += x;
    CHECK(by_source == Approx(spent).epsilon(1e-9));
}

TEST_CASE("Scheduler: phases run where they are placed, ties in the order they were added", "[scheduler]") {
    sim::Scheduler s;
    std::string ran;
    auto phase = [&](char c) { return [&ran, c](const sim::Step&) { ran += c; }; };
    s.add("a", phase('a'));
    s.add("b", phase('b'));
    s.add("c", phase('c'));
    s.add("x", phase('x'), {.after = {"a"}, .before = {"b"}});
    s.add("y", phase('y'), {.after = {"a"}, .before = {"b"}});
    s.add("z", phase('z'), {.after = {"c"}});
    s.step(sim::Step{});
    CHECK(ran == "axybcz");
    CHECK(s.order() == std::vector<std::string>{"a", "x", "y", "b", "c", "z"});

    sim::Scheduler unknown;
    unknown.add("a", phase('a'), {.after = {"nowhere"}});
    CHECK_THROWS_AS(unknown.step(sim::Step{}), ruralsim::Error);
    sim::Scheduler cycle;
    cycle.add("a", phase('a'), {.after = {"b"}});
    cycle.add("b", phase('b'), {.after = {"a"}});
    CHECK_THROWS_AS(cycle.step(sim::Step{}), ruralsim::Error);
}
