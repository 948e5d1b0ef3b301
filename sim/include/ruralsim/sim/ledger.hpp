#pragma once
/// \file
/// Double-entry money ledger with typed accounts.
///
/// Every flow of money is a transfer from one account to another, so the sum
/// of all balances stays zero. Accounts that stand for agents' money (household
/// wealth, store cash) are "agent-backed": after each step the model reports
/// the sum of its agents' money, and the audit compares it with the ledger's
/// balance. A flow that changed agents' money without being booked (or was
/// booked twice) shows up as a residual. The model writes the daily residual
/// to its output (/ledger/residual).
///
/// Example:
/// \code
///   sim::Ledger L;
///   auto hh  = L.open("households", kHouseholds, true);     // kinds are the model's (an int)
///   auto ext = L.open("rest_of_economy", kExternal, false);
///   L.open_balance(hh, 1000.0);             // opening money of the agents
///   L.transfer(ext, hh, 50.0);              // wages
///   L.report_holdings(hh, 1050.0);          // sum of agents' money after the step
///   L.residual();                           // 0
/// \endcode

#include <cstddef>
#include <string>
#include <vector>

namespace ruralsim::sim {

namespace checkpoint {
class Archive;
}

class Ledger {
public:
    using Account = std::size_t;
    /// What an account stands for (household sector, firms, ...): a tag the model defines.
    using Kind = int;
    /// The kind of the opening-equity account the ledger opens itself (books opening balances).
    static constexpr Kind kEquity = -1;

    /// Opens an account. agent_backed accounts take part in the audit.
    Account open(std::string name, Kind kind, bool agent_backed);
    /// Books the agents' money present at the start (from the opening-equity account).
    void open_balance(Account a, double amount);
    /// Moves amount (may be negative) from `from` to `to`.
    void transfer(Account from, Account to, double amount);

    double balance(Account a) const { return accounts_[a].balance; }
    const std::string& name(Account a) const { return accounts_[a].name; }
    Kind kind(Account a) const { return accounts_[a].kind; }
    std::size_t size() const noexcept { return accounts_.size(); }

    /// The model's own sum of the agents' money in an agent-backed account.
    void report_holdings(Account a, double holdings);
    /// Largest absolute gap, over agent-backed accounts, between reported
    /// holdings and ledger balance, and the absolute sum of all balances
    /// (which double entry keeps at zero). In yuan.
    double residual() const;
    /// Sum of absolute amounts transferred since the last call (for scaling
    /// the residual against the day's money flows), then reset.
    double take_turnover();

    /// Restores balances, holdings and the pending turnover (checkpoint resume).
    struct State {
        std::vector<double> balances, holdings;
        double turnover = 0.0;
    };
    State state() const;
    void restore(const State& s);
    /// Saves or loads balances, holdings and turnover (checkpoints); loading
    /// checks that the accounts are the same, in the same order.
    void state(checkpoint::Archive& a);

private:
    struct Entry {
        std::string name;
        Kind kind;
        bool agent_backed;
        double balance = 0.0;
        double holdings = 0.0;
    };
    std::vector<Entry> accounts_;
    Account equity_ = static_cast<Account>(-1);
    double turnover_ = 0.0;
};

}  // namespace ruralsim::sim
