#include <catch2/catch.hpp>

#include "ruralsim/sim/error.hpp"
#include "ruralsim/sim/ledger.hpp"

using namespace ruralsim::sim;

TEST_CASE("double entry keeps the books balanced", "[engine][ledger]") {
    Ledger L;
    const auto hh = L.open("households", AccountKind::Households, true);
    const auto firms = L.open("firms", AccountKind::Firms, true);
    const auto ext = L.open("rest", AccountKind::External, false);
    L.open_balance(hh, 1000.0);
    L.transfer(ext, hh, 250.0);
    L.transfer(hh, firms, 400.0);
    L.report_holdings(hh, 850.0);
    L.report_holdings(firms, 400.0);
    CHECK(L.residual() == 0.0);
    CHECK(L.take_turnover() == 650.0);
    CHECK(L.take_turnover() == 0.0);
    double total = 0;
    for (std::size_t a = 0; a < L.size(); ++a) total += L.balance(a);
    CHECK(total == 0.0);
    // Money that moved without being booked shows up.
    L.report_holdings(firms, 430.0);
    CHECK(L.residual() == 30.0);
    CHECK_THROWS_AS(L.report_holdings(ext, 1.0), ruralsim::Error);
    CHECK_THROWS_AS(L.open("firms", AccountKind::Firms, false), ruralsim::Error);
}

TEST_CASE("ledger state restores", "[engine][ledger]") {
    Ledger L;
    const auto hh = L.open("households", AccountKind::Households, true);
    const auto ext = L.open("rest", AccountKind::External, false);
    L.transfer(ext, hh, 5.0);
    L.report_holdings(hh, 5.0);
    const auto s = L.state();
    L.transfer(ext, hh, 7.0);
    L.restore(s);
    CHECK(L.balance(hh) == 5.0);
    CHECK(L.residual() == 0.0);
}
