// The double-entry ledger (sim/ledger.hpp) and its audit of agents' money.

#include <catch2/catch.hpp>

#include <cmath>

#include "ruralsim/sim/error.hpp"
#include "ruralsim/sim/ledger.hpp"
#include "ruralsim/sim/rng.hpp"

namespace {
/// Account kinds are the model's; the ledger only keeps them.
enum AccountKind : ruralsim::sim::Ledger::Kind { Households, Firms, Government, External };
}  // namespace
using ruralsim::sim::Ledger;

namespace {
double total(const Ledger& L) {
    double s = 0;
    for (std::size_t a = 0; a < L.size(); ++a) s += L.balance(a);
    return s;
}
}  // namespace

TEST_CASE("Ledger: accounts are named, typed and unique", "[ledger]") {
    Ledger L;
    const auto hh = L.open("households", Households, true);
    const auto gov = L.open("government", Government, false);
    CHECK(L.size() == 2);
    CHECK(L.name(hh) == "households");
    CHECK(L.kind(gov) == Government);
    CHECK(L.balance(hh) == 0.0);
    CHECK_THROWS_AS(L.open("households", Firms, false), ruralsim::Error);
    CHECK(L.size() == 2);
    CHECK(L.residual() == 0.0);
}

TEST_CASE("Ledger: transfers keep the sum of balances at zero", "[ledger]") {
    Ledger L;
    const auto hh = L.open("households", Households, true);
    const auto firms = L.open("firms", Firms, true);
    const auto gov = L.open("government", Government, false);
    const auto ext = L.open("rest_of_economy", External, false);
    L.open_balance(hh, 1e6);
    L.open_balance(firms, 2.5e5);
    // Opening balances come from one opening-equity account, opened once.
    CHECK(L.size() == 5);
    CHECK(L.name(4) == "opening_equity");
    CHECK(L.balance(4) == -1.25e6);
    CHECK(total(L) == 0.0);

    const Ledger::Account acc[] = {hh, firms, gov, ext};
    ruralsim::sim::Stream r(1, 99, 0, 0);
    double flows_hh = 0, flows_firms = 0;
    for (int i = 0; i < 10000; ++i) {
        const auto from = acc[r.next() % 4], to = acc[r.next() % 4];
        // Whole yuan: every partial sum is exact, so the books must balance exactly.
        const double amount = std::floor(r.uniform() * 2000.0) - 500.0;
        L.transfer(from, to, amount);
        if (from == hh) flows_hh -= amount;
        if (to == hh) flows_hh += amount;
        if (from == firms) flows_firms -= amount;
        if (to == firms) flows_firms += amount;
        REQUIRE(total(L) == 0.0);
    }
    CHECK(L.balance(hh) == 1e6 + flows_hh);
    CHECK(L.balance(firms) == 2.5e5 + flows_firms);
    // The agents' own books agree with the ledger: no residual.
    L.report_holdings(hh, 1e6 + flows_hh);
    L.report_holdings(firms, 2.5e5 + flows_firms);
    CHECK(L.residual() == 0.0);
}

TEST_CASE("Ledger: the documented example has no residual", "[ledger]") {
    Ledger L;
    const auto hh = L.open("households", Households, true);
    const auto ext = L.open("rest_of_economy", External, false);
    L.open_balance(hh, 1000.0);
    CHECK(L.residual() == 0.0);  // holdings start at the opening balance
    L.transfer(ext, hh, 50.0);
    CHECK(L.residual() == 50.0);  // booked, but the agents have not reported it yet
    L.report_holdings(hh, 1050.0);
    CHECK(L.residual() == 0.0);
    CHECK(L.balance(hh) == 1050.0);
    CHECK(L.balance(ext) == -50.0);
}

TEST_CASE("Ledger: an unbooked change of holdings shows as a residual of its size", "[ledger]") {
    Ledger L;
    const auto hh = L.open("households", Households, true);
    const auto stores = L.open("stores", Firms, true);
    const auto ext = L.open("rest_of_economy", External, false);
    L.open_balance(hh, 1000.0);
    L.open_balance(stores, 300.0);
    L.transfer(hh, stores, 120.0);
    L.report_holdings(hh, 880.0);
    L.report_holdings(stores, 420.0);
    REQUIRE(L.residual() == 0.0);

    // A store sale the model forgot to book: the households paid 7.5, the store got it.
    L.report_holdings(hh, 880.0 - 7.5);
    L.report_holdings(stores, 420.0 + 7.5);
    CHECK(L.residual() == 7.5);
    // Booking it clears the residual.
    L.transfer(hh, stores, 7.5);
    CHECK(L.residual() == 0.0);

    // Money appearing from nowhere (a flow booked nowhere) is caught too.
    L.report_holdings(stores, 427.5 + 1234.25);
    CHECK(L.residual() == 1234.25);
    // A flow booked twice: the ledger moves, the agents do not.
    L.report_holdings(stores, 427.5);
    L.transfer(ext, hh, 60.0);
    L.transfer(ext, hh, 60.0);
    L.report_holdings(hh, 872.5 + 60.0);
    CHECK(L.residual() == 60.0);
    // The largest gap over accounts is reported.
    L.report_holdings(stores, 427.5 - 100.0);
    CHECK(L.residual() == 100.0);
}

TEST_CASE("Ledger: report_holdings needs an agent-backed account", "[ledger]") {
    Ledger L;
    const auto gov = L.open("government", Government, false);
    CHECK_THROWS_AS(L.report_holdings(gov, 1.0), ruralsim::Error);
    CHECK_THROWS_WITH(L.report_holdings(gov, 1.0), Catch::Matchers::Contains("government"));
    CHECK(L.residual() == 0.0);
}

TEST_CASE("Ledger: turnover sums absolute flows and resets", "[ledger]") {
    Ledger L;
    const auto a = L.open("a", Firms, false);
    const auto b = L.open("b", Firms, false);
    L.open_balance(a, 1e6);  // opening money is not a flow
    L.transfer(a, b, 100.0);
    L.transfer(a, b, -40.0);
    L.transfer(b, a, 10.0);
    CHECK(L.take_turnover() == 150.0);
    CHECK(L.take_turnover() == 0.0);
}

TEST_CASE("Ledger: state and restore", "[ledger]") {
    Ledger L;
    const auto hh = L.open("households", Households, true);
    const auto ext = L.open("rest_of_economy", External, false);
    L.open_balance(hh, 500.0);
    L.transfer(ext, hh, 25.0);
    L.report_holdings(hh, 520.0);  // a residual of 5 to be restored as well
    const auto saved = L.state();
    CHECK(saved.balances.size() == L.size());
    CHECK(saved.holdings.size() == L.size());
    CHECK(saved.turnover == 25.0);
    const double res = L.residual();
    CHECK(res == 5.0);

    L.transfer(hh, ext, 300.0);
    L.report_holdings(hh, 1.0);
    (void)L.take_turnover();
    L.restore(saved);
    CHECK(L.balance(hh) == 525.0);
    CHECK(L.balance(ext) == -25.0);
    CHECK(L.residual() == res);
    CHECK(L.take_turnover() == 25.0);

    // A fresh ledger with the same accounts resumes from the state.
    Ledger M;
    M.open("households", Households, true);
    M.open("rest_of_economy", External, false);
    M.open("opening_equity", External, false);
    M.restore(saved);
    CHECK(M.balance(0) == 525.0);
    CHECK(M.residual() == res);

    // A state with another number of accounts is refused.
    Ledger other;
    other.open("only", Firms, false);
    CHECK_THROWS_AS(other.restore(saved), ruralsim::Error);
}
