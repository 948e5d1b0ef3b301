#pragma once
/// \file
/// How an economy module plugs into the model without editing its core. The
/// core (Model) keeps the households, the village stores, accounting and the
/// order of things; the markets, the parcel network, the facilities, e-commerce
/// adoption and training, sericulture, exporters and assistance are modules
/// (listed, with their parameter bindings, in models/src/modules.cpp).
///
/// A module binds its parameters to its own struct (a function listed in
/// models/src/modules.cpp), is built from a Context once the core exists,
/// publishes what others may read (Context::shared) and registers the per-place
/// quantities it fills each day (Context::table), then, once every module is
/// built, looks up what the others publish (`start`). It declares its
/// indicators, adds its phases, each saying where it runs relative to the
/// core's phases and other modules' by name (sim::Placement, e.g. after
/// "logistics" and before "store_dynamics"; the core runs begin, households,
/// restock, store_dynamics, accounting, indicators; phases placed alike run in
/// the order of the module list), books its money flows in the ledger and
/// reports the holdings of its own agent-backed accounts in `book`, and records
/// its indicators each day. For checkpoints it lists every member that changes
/// during a run in `state` (one list used for saving and loading, so the two
/// cannot drift).
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

#include "ruralsim/models/accounts.hpp"
#include "ruralsim/models/funding.hpp"
#include "ruralsim/models/geography.hpp"
#include "ruralsim/models/households.hpp"
#include "ruralsim/models/parameters.hpp"
#include "ruralsim/models/shared.hpp"
#include "ruralsim/models/stores.hpp"
#include "ruralsim/sim/calendar.hpp"
#include "ruralsim/sim/checkpoint.hpp"
#include "ruralsim/sim/hdf5.hpp"
#include "ruralsim/sim/indicators.hpp"
#include "ruralsim/sim/ledger.hpp"
#include "ruralsim/sim/scenario.hpp"
#include "ruralsim/sim/scheduler.hpp"

namespace ruralsim::models {

class ChannelChoice;

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
    VillageStores& stores;                ///< the village stores (project 4 upgrades them)
    std::vector<double>& pending_income;  ///< per place: yuan to pay its households in the next household phase
    Funding& funding;       ///< co-financing check and spending by source: every public yuan spent goes through it
    const DayFactors& day;  ///< the day's factors (set by the begin phase)
    DayTable& table;        ///< the day's per-place quantities (register columns in the constructor)
    Shared& shared;         ///< what the core and the modules publish for each other
    const ChannelChoice& choice;     ///< the households' channel choice at a place (after start)
    const SectorAccounts& accounts;  ///< the economy's sector accounts (the core opens them)
};

class Module {
public:
    virtual ~Module() = default;
    /// Looks up what the others publish (called once every module is built, before the run).
    virtual void start(const Shared&) {}
    virtual void declare_indicators(sim::Indicators&) {}
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
/// Builds every module, in the order of the module list: phases placed alike, ledger bookings and
/// the month-start claims on the counties' co-financing follow it.
std::vector<std::unique_ptr<Module>> make_modules(const Context& context);

}  // namespace ruralsim::models
