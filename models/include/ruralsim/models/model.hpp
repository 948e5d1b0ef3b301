#pragma once
/// \file
/// The rural commerce economy of Chongqing, stepped day by day on the engine's
/// scheduler: the core (households and their channel choice, village stores,
/// accounting, the order of things) and the economy's modules (module.hpp:
/// markets, logistics, facilities, e-commerce, sericulture, exports, assistance).
///
/// Example:
/// \code
///   auto sc = sim::Scenario::load("scenarios/baseline.toml", models::registry());
///   models::Model m(sc, /*seed=*/1, /*threads=*/2);
///   m.run();                       // or m.run(progress_callback)
///   m.write("baseline.h5");        // atomic: complete file or none
///   auto table = m.yearly();       // rural vs urban retail by year
/// \endcode

#include <array>
#include <cstdint>
#include <functional>
#include <memory>
#include <mutex>
#include <string>
#include <utility>
#include <vector>

#include "ruralsim/models/accounts.hpp"
#include "ruralsim/models/channels.hpp"
#include "ruralsim/models/funding.hpp"
#include "ruralsim/models/geography.hpp"
#include "ruralsim/models/households.hpp"
#include "ruralsim/models/module.hpp"
#include "ruralsim/models/parameters.hpp"
#include "ruralsim/models/shared.hpp"
#include "ruralsim/models/stores.hpp"
#include "ruralsim/sim/calendar.hpp"
#include "ruralsim/sim/checkpoint.hpp"
#include "ruralsim/sim/indicators.hpp"
#include "ruralsim/sim/ledger.hpp"
#include "ruralsim/sim/scenario.hpp"
#include "ruralsim/sim/scheduler.hpp"

namespace ruralsim::models {

/// One row of the yearly summary.
struct YearRow {
    int year;
    double rural_retail, urban_retail, rural_growth, urban_growth, gap, rural_online, village_stores;
};

/// Where and how often a run saves checkpoints.
struct Checkpointing {
    std::string path;
    sim::checkpoint::Period every;
    std::mutex* io_lock = nullptr;  ///< held while saving, when HDF5 is shared with other threads
};

class Model {
public:
    /// Builds the model. Before allocating agents it estimates the memory the run
    /// needs and throws ResourceError when that exceeds `memory_limit` bytes
    /// (0: the environment variable RURALSIM_MEMORY_LIMIT, else MemAvailable).
    Model(const sim::Scenario& scenario, std::uint64_t seed, int threads, std::uint64_t memory_limit = 0);
    ~Model();

    using Progress = std::function<void(int day, int days)>;
    /// Runs to the end date (from where a resumed model stopped). With
    /// `checkpoint`, saves the complete state to checkpoint->path at the end of
    /// the last day of every period (but not the run's last day), replacing
    /// the previous checkpoint atomically.
    void run(const Progress& progress = {}, const Checkpointing* checkpoint = nullptr);
    /// Writes the run to HDF5 (temporary name, renamed when complete).
    void write(const std::string& path) const;

    /// Saves the complete state after the days run so far (docs/output.md,
    /// "Checkpoints"); `every` is stored so that a resumed run keeps saving.
    void save_checkpoint(const std::string& path, const sim::checkpoint::Period& every = {}) const;
    /// Rebuilds a model from a checkpoint, ready to run() on from the day after
    /// it. Throws IoError / CheckpointError for a missing, truncated, corrupt or
    /// foreign file, or one written by another model version or parameter
    /// registry. `checkpoint` (optional) receives the file and period to keep saving to.
    static std::unique_ptr<Model> resume(const std::string& path, int threads, Checkpointing* checkpoint = nullptr,
                                         std::uint64_t memory_limit = 0);
    /// Days simulated so far (the next day to run).
    int days_done() const noexcept { return next_day_; }
    std::uint64_t seed() const noexcept { return seed_; }
    const sim::Scenario& scenario() const noexcept { return scenario_; }
    /// The core's parameters as read from the scenario.
    const Params& params() const noexcept { return p_; }

    /// Bytes a run of this scenario would need (agents, places, indicator series).
    struct MemoryEstimate {
        std::uint64_t bytes = 0, agents = 0, places = 0, days = 0, series = 0;
    };
    static MemoryEstimate estimate_memory(const Params& p, const Geography& geo);
    /// Upper bound on the recorded indicators of core and modules (the estimate's
    /// series count; a test checks the model stays within it).
    static constexpr int kRecordedIndicatorsBound = 90;

    std::vector<YearRow> yearly() const;
    const sim::Indicators& indicators() const { return *ind_; }
    const std::vector<double>& ledger_residual() const { return residual_; }
    const Geography& geography() const { return geo_; }
    std::size_t household_agents() const { return hh_.size(); }
    const sim::Calendar& calendar() const { return cal_; }
    int threads() const { return exec_.threads(); }
    double wall_seconds() const { return wall_seconds_; }
    std::vector<sim::Scheduler::PhaseTime> phase_times() const { return sched_.timings(); }
    /// Approximate bytes held per household agent (agent tables only).
    static constexpr std::size_t bytes_per_household() { return sizeof(float) + sizeof(double) + sizeof(std::uint8_t); }

private:
    /// Every member that changes during a run, for checkpoints (models/src/checkpoint.cpp).
    void state(sim::checkpoint::Archive& a);
    std::uint64_t geography_fingerprint() const;
    static void check_memory(const MemoryEstimate& e, std::uint64_t memory_limit);
    std::uint64_t layout_fingerprint();
    void setup_households();
    void setup_stores();
    void setup_indicators();
    void setup_ledger();
    void setup_phases();

    void phase_begin(const sim::Step& s);
    void phase_households(const sim::Step& s);
    void phase_restock(const sim::Step& s);
    void phase_store_dynamics(const sim::Step& s);
    void phase_accounting(const sim::Step& s);
    void phase_indicators(const sim::Step& s);

    double season(const sim::Step& s) const;

    const sim::Scenario scenario_;  ///< a copy: the model never depends on the caller keeping it alive
    std::string resolved_;
    Params p_;
    std::uint64_t seed_;
    sim::Executor exec_;
    sim::Calendar cal_;
    Geography geo_;
    Households hh_;
    VillageStores st_;
    DayFactors day_;
    DayTable table_;
    Shared shared_;
    std::unique_ptr<ChannelChoice> choice_;
    std::unique_ptr<Funding> funding_;
    std::vector<std::uint8_t> spring_window_;  ///< per day: in the 14 days before Spring Festival
    std::vector<double> place_month_goods_;    ///< per place: goods spending this month, yuan
    std::vector<std::uint32_t> hh_blocks_;     ///< first place of each block of the household phase, then P
    /// Per county: its first rural place (its urban places come first), or kMixedCounty.
    std::vector<std::uint32_t> first_rural_;
    static constexpr std::uint32_t kMixedCounty = static_cast<std::uint32_t>(-1);
    /// Per county: its inhabited villages, and those with an open store, with an upgraded open store
    /// (integer counts; accounting phase, for the indicators; derived each day before use).
    struct Villages {
        std::uint32_t inhabited = 0, stores = 0, upgraded = 0;
    };
    std::vector<Villages> villages_;
    sim::Ledger ledger_;
    SectorAccounts acc_{};
    std::unique_ptr<sim::Indicators> ind_;
    struct CoreIndicators {
        sim::Indicators::Id online_purchases{}, store_sales{}, stores{}, store_coverage{}, upgraded_stores{},
            adoption{}, income_rural{}, income_urban{}, consumption_rural{}, consumption_urban{}, unspent{}, central{},
            municipal{}, county{};
    } id_;                                ///< the core's indicators' ids
    std::vector<double> pending_income_;  ///< per place: module payments to households, paid next day
    std::vector<std::unique_ptr<Module>> modules_;
    sim::Scheduler sched_;
    std::vector<double> residual_;
    double wall_seconds_ = 0;
    int next_day_ = 0;  ///< days run so far
};

}  // namespace ruralsim::models
