#pragma once
/// \file
/// The rural commerce economy of Chongqing: households, village stores,
/// township centres, county business districts and online sellers, stepped
/// day by day on the engine's scheduler.
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

#include "ruralsim/models/facilities.hpp"
#include "ruralsim/models/funding.hpp"
#include "ruralsim/models/geography.hpp"
#include "ruralsim/models/households.hpp"
#include "ruralsim/models/logistics.hpp"
#include "ruralsim/models/module.hpp"
#include "ruralsim/models/parameters.hpp"
#include "ruralsim/models/stores.hpp"
#include "ruralsim/sim/calendar.hpp"
#include "ruralsim/sim/checkpoint.hpp"
#include "ruralsim/sim/indicators.hpp"
#include "ruralsim/sim/ledger.hpp"
#include "ruralsim/sim/scenario.hpp"
#include "ruralsim/sim/scheduler.hpp"

namespace ruralsim::models {

struct PlaceState;
struct PlaceShares;

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
    struct Accounts;
    struct Daily;
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
    void setup_funding();

    void phase_policy(const sim::Step& s);
    void phase_adoption(const sim::Step& s);
    void phase_households(const sim::Step& s);
    void phase_restock(const sim::Step& s);
    void phase_markets(const sim::Step& s);
    void phase_logistics(const sim::Step& s);
    void setup_network();
    void setup_facilities();
    void plan_training(const sim::Step& s);
    void disburse_facilities(const sim::Step& s);
    void disburse_logistics(const sim::Step& s);
    /// Project 4's rule with the pots given, restricted to county `only` (counties.size() = all).
    void buy_facilities(FacilityPots& pots, std::size_t only, const std::vector<double>& t_rural,
                        const std::vector<double>& c_urban);
    /// Project 2's joint, fleet, cold and sorting rules with the buckets given, restricted to county `only`.
    void buy_logistics(LogisticsPots& pots, std::size_t only, const std::vector<double>& villages,
                       const std::vector<double>& pickup, const std::vector<double>& perishable,
                       const std::vector<double>& load);
    void decide_services(const sim::Step& s);
    PlaceState place_state(std::size_t i, bool online_peak) const;
    double seller_offer(std::size_t i, int day) const;
    void phase_store_dynamics(const sim::Step& s);
    void phase_accounting(const sim::Step& s);
    void phase_indicators(const sim::Step& s);

    double growth_factor(double rate, int day) const;
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
    std::vector<double> township_cash_, district_cash_;
    Network net_;
    Facilities fac_;
    std::vector<double> place_sellers_;  ///< per place: real households selling online
    // Projects 1, 4 and 2: their money not yet spent, city-wide and earmarked.
    ProjectMoney<OnePot> ecommerce_money_;
    ProjectMoney<FacilityPots> facilities_money_;
    ProjectMoney<LogisticsPots> logistics_money_;
    // Per-county earmarks (yuan a year) and their carried money, per county.
    std::vector<double> earmark_ecommerce_, earmark_facilities_, earmark_logistics_;
    std::vector<double> training_prob_, seller_training_prob_;  ///< per county: chance of training this month
    std::unique_ptr<Funding> funding_;
    std::vector<std::uint8_t> spring_window_;  ///< per day: in the 14 days before Spring Festival
    std::vector<double> village_adoption_;     ///< per place: adopting share last month
    std::vector<double> place_month_goods_;    ///< per place: goods spending this month, yuan
    std::vector<PlaceState> share_state_;      ///< per place: the state its cached channel shares are for
    std::vector<PlaceShares> share_cache_;     ///< per place: channel shares, recomputed when the state changes
    std::vector<std::uint8_t> share_valid_;    ///< per place: share_cache_ holds shares
    std::vector<std::uint32_t> hh_blocks_;     ///< first place of each block of the household phase, then P
    /// Per county: its first rural place (its urban places come first), or kMixedCounty.
    std::vector<std::uint32_t> first_rural_;
    static constexpr std::uint32_t kMixedCounty = static_cast<std::uint32_t>(-1);
    std::unique_ptr<Daily> day_;
    std::unique_ptr<Accounts> acc_;
    sim::Ledger ledger_;
    std::unique_ptr<sim::Indicators> ind_;
    /// The core indicators' ids in the order phase_indicators records them (looked up by name on first use).
    std::vector<std::pair<const char*, sim::Indicators::Id>> core_indicator_ids_;
    std::vector<double> pending_income_;  ///< per place: module payments to households, paid next day
    std::vector<std::unique_ptr<Module>> modules_;
    sim::Scheduler sched_;
    std::vector<double> residual_;
    double wall_seconds_ = 0;
    int next_day_ = 0;  ///< days run so far
};

}  // namespace ruralsim::models
