#include "ruralsim/sim/ledger.hpp"

#include <algorithm>
#include <cmath>

#include "ruralsim/sim/checkpoint.hpp"
#include "ruralsim/sim/error.hpp"

namespace ruralsim::sim {

Ledger::Account Ledger::open(std::string name, Kind kind, bool agent_backed) {
    for (const auto& e : accounts_)
        if (e.name == name) throw Error("ledger: account '" + name + "' opened twice");
    accounts_.push_back({std::move(name), kind, agent_backed});
    return accounts_.size() - 1;
}

void Ledger::open_balance(Account a, double amount) {
    if (equity_ == static_cast<Account>(-1)) equity_ = open("opening_equity", kEquity, false);
    accounts_[equity_].balance -= amount;
    accounts_[a].balance += amount;
    accounts_[a].holdings += amount;
}

void Ledger::transfer(Account from, Account to, double amount) {
    accounts_[from].balance -= amount;
    accounts_[to].balance += amount;
    turnover_ += std::abs(amount);
}

void Ledger::report_holdings(Account a, double holdings) {
    if (!accounts_[a].agent_backed) throw Error("ledger: account '" + accounts_[a].name + "' is not agent-backed");
    accounts_[a].holdings = holdings;
}

double Ledger::residual() const {
    double worst = 0.0, total = 0.0;
    for (const auto& e : accounts_) {
        total += e.balance;
        if (e.agent_backed) worst = std::max(worst, std::abs(e.holdings - e.balance));
    }
    return std::max(worst, std::abs(total));
}

double Ledger::take_turnover() {
    const double t = turnover_;
    turnover_ = 0.0;
    return t;
}

Ledger::State Ledger::state() const {
    State s;
    for (const auto& e : accounts_) {
        s.balances.push_back(e.balance);
        s.holdings.push_back(e.holdings);
    }
    s.turnover = turnover_;
    return s;
}

void Ledger::restore(const State& s) {
    if (s.balances.size() != accounts_.size() || s.holdings.size() != accounts_.size())
        throw Error("ledger: restored state has a different number of accounts");
    for (std::size_t i = 0; i < accounts_.size(); ++i) {
        accounts_[i].balance = s.balances[i];
        accounts_[i].holdings = s.holdings[i];
    }
    turnover_ = s.turnover;
}

void Ledger::state(checkpoint::Archive& a) {
    std::string names;
    for (const auto& e : accounts_) names += e.name + "\n";
    const std::string mine = names;
    State s = state();
    a("accounts", names);
    a("balances", s.balances);
    a("holdings", s.holdings);
    a("turnover", s.turnover);
    if (a.loading()) {
        if (names != mine)
            throw CheckpointError(
                "ledger: the checkpoint's accounts differ from the model's (written by another version?)");
        restore(s);
    }
}

}  // namespace ruralsim::sim
