#pragma once
/// \file
/// How an economy module (sericulture and silk, exporters, commerce
/// assistance, ...) plugs into the model without editing its core.
///
/// A module binds its parameters to its own struct (a function listed in
/// models/src/modules.cpp), is built from a
/// Context once the core exists, declares its indicators, adds its phases, each
/// saying where it runs relative to the core's phases and other modules' by name
/// (sim::Placement, e.g. after "logistics" and before "store_dynamics"; the core
/// runs begin, policy, adoption, households, restock, markets, logistics,
/// store_dynamics, accounting, indicators),
/// books its money flows in the ledger and reports the holdings of its own
/// agent-backed accounts in `book`, and records its indicators each day.
/// For checkpoints it lists every member that changes during a run in
/// `state` (one list used for saving and loading, so the two cannot drift).
///
/// Public money a module spends is booked through `Context::funding` (which
/// also says whether the county can co-finance it) and the module reports what
/// it holds unspent in `budget_unspent`; budgets with county earmarks
/// (`release`) spend each county's earmark there first by the module's rule.
///
/// Money a module pays to households goes through `Context::pending_income`
/// (per place, yuan): the module books it from its own account into the
/// `pending_income` ledger account the same day, and the next day's household
/// phase pays it out to the place's households (booked by the core), so the
/// ledger balances every day.
///
/// Example:
/// \code
///   class Silk : public Module {
///   public:
///     explicit Silk(const Context& c) : c_(c) { acct_ = c.ledger.open("silk_firms", kFirms, true); }
///     void declare_indicators(sim::Indicators& I) override {
///         out_ = I.add({"silk_output_value", "yuan", "...", sim::Aggregation::Sum});
///     }
///     void add_phases(sim::Scheduler& s) override {
///         s.add("silk", [this](const sim::Step& st) { step(st); }, {.after = {"logistics"}});
///     }
///     void book(const sim::Step&) override { c_.ledger.report_holdings(acct_, cash_); }
///     void record(const sim::Step& st, sim::Indicators& I) override {
///         I.record(out_, st.day, today_, by_county_);
///     }
///     const char* name() const override { return "silk"; }
///     void state(sim::checkpoint::Archive& a) override {
///         a("cash", cash_);
///         a("today", today_);
///         a("by_county", by_county_);
///     }
///   };
/// \endcode

#include <cstdint>
#include <memory>
#include <vector>

#include "ruralsim/models/funding.hpp"
#include "ruralsim/models/geography.hpp"
#include "ruralsim/models/parameters.hpp"
#include "ruralsim/sim/calendar.hpp"
#include "ruralsim/sim/checkpoint.hpp"
#include "ruralsim/sim/hdf5.hpp"
#include "ruralsim/sim/indicators.hpp"
#include "ruralsim/sim/ledger.hpp"
#include "ruralsim/sim/scenario.hpp"
#include "ruralsim/sim/scheduler.hpp"

namespace ruralsim::models {

struct Households;

/// What a module may see and use of the core.
struct Context {
    const sim::Scenario& scenario;
    const Params& params;
    const Geography& geo;
    const sim::Calendar& calendar;
    sim::Executor& exec;
    sim::Ledger& ledger;
    std::uint64_t seed;
    Households& households;               ///< agent table (columns may be read; add columns with care)
    std::vector<double>& pending_income;  ///< per place: yuan to pay its households in the next household phase
    Funding& funding;  ///< co-financing check and spending by source: every public yuan spent goes through it

    struct Accounts {
        sim::Ledger::Account households, government, rest_of_economy, out_of_region, suppliers, logistics,
            pending_income;
    } accounts;
};

class Module {
public:
    virtual ~Module() = default;
    virtual void declare_indicators(sim::Indicators&) {}
    /// Adds the module's phases, each placed by name relative to others (sim::Placement).
    /// Adds the module's phases, each placed by name relative to others (sim::Placement).
    virtual void add_phases(sim::Scheduler&) {}
    /// Books the day's flows and reports its agent-backed holdings (accounting phase).
    virtual void book(const sim::Step&) {}
    /// Records the day's indicators (indicators phase).
    virtual void record(const sim::Step&, sim::Indicators&) {}
    /// Money of the module's project released but not yet spent, yuan; the part earmarked for
    /// counties is also added to `earmarked` (per county). Read after the day's phases.
    virtual double budget_unspent(std::vector<double>& /*earmarked*/) const { return 0.0; }
    /// Writes extra output (after the indicators).
    virtual void write(sim::h5::Writer&) const {}
    /// Short stable name (the module's group in checkpoints).
    virtual const char* name() const = 0;
    /// Saves or loads every member that changes during a run (checkpoints): a
    /// resumed run must continue exactly as the uninterrupted one would.
    virtual void state(sim::checkpoint::Archive& a) = 0;
};

/// Declares every module's parameters (called by registry()), each in its module's group.
void declare_module_parameters(sim::ParamRegistry& registry);
/// Reads every module's parameters from a validated scenario, running their checks (read_params).
void check_module_parameters(const sim::Scenario& scenario);
/// Builds every module, in a fixed order.
std::vector<std::unique_ptr<Module>> make_modules(const Context& context);

}  // namespace ruralsim::models
