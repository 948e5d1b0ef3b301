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

#include <cstdint>
#include <functional>
#include <memory>
#include <string>
#include <vector>

#include "ruralsim/models/geography.hpp"
#include "ruralsim/models/module.hpp"
#include "ruralsim/models/parameters.hpp"
#include "ruralsim/sim/calendar.hpp"
#include "ruralsim/sim/indicators.hpp"
#include "ruralsim/sim/ledger.hpp"
#include "ruralsim/sim/scenario.hpp"
#include "ruralsim/sim/scheduler.hpp"

namespace ruralsim::models {

/// Household agents, structure of arrays, ordered by county, township, place.
struct Households {
    std::vector<float> income;           ///< per-capita income at the start date, yuan/year
    std::vector<double> wealth;          ///< liquid wealth per real household, yuan
    std::vector<std::uint8_t> adopted;   ///< shops online
    std::vector<std::uint8_t> seller;    ///< sells online (rural households)
    std::vector<std::uint32_t> first;    ///< per place: first household, size places+1
    std::vector<double> weight;          ///< per place: real households per agent
    std::size_t size() const noexcept { return income.size(); }
};

/// One village convenience store per village slot (the village's shops as one).
struct VillageStores {
    std::vector<std::uint8_t> open, upgraded, loss_months;
    std::vector<double> cash;         ///< yuan
    std::vector<double> stock;        ///< at wholesale cost, yuan
    std::vector<double> sales_ema;    ///< daily sales at cost, smoothed
    std::vector<double> month_profit; ///< running profit this month
};

struct PlaceState;
struct PlaceShares;

/// The rural parcel network of each county (project 2).
struct Network {
    std::vector<double> joint, nev, crate, cold_capacity, sorting_capacity, cash, extra_days;  ///< per county
    std::vector<std::uint8_t> service, subsidised;  ///< per place (Service), this month
    std::vector<double> month_parcels;              ///< per place, parcels so far this month
    std::vector<double> subsidy_due;                ///< per county, subsidies owed this month
};

/// Upgraded facilities (project 4).
struct Facilities {
    std::vector<std::uint8_t> township_upgraded, station;  ///< per township
    std::vector<std::uint8_t> district_upgraded;           ///< per county
    int stations = 0;
};

/// One row of the yearly summary.
struct YearRow {
    int year;
    double rural_retail, urban_retail, rural_growth, urban_growth, gap, rural_online, village_stores;
};

class Model {
public:
    Model(const sim::Scenario& scenario, std::uint64_t seed, int threads);
    ~Model();

    using Progress = std::function<void(int day, int days)>;
    /// Runs to the end date.
    void run(const Progress& progress = {});
    /// Writes the run to HDF5 (temporary name, renamed when complete).
    void write(const std::string& path) const;

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
    static constexpr std::size_t bytes_per_household() {
        return sizeof(float) + sizeof(double) + sizeof(std::uint8_t);
    }

private:
    struct Accounts;
    struct Daily;
    void setup_households();
    void setup_stores();
    void setup_indicators();
    void setup_ledger();
    void setup_phases();

    void phase_policy(const sim::Step& s);
    void phase_adoption(const sim::Step& s);
    void phase_households(const sim::Step& s);
    void phase_restock(const sim::Step& s);
    void phase_markets(const sim::Step& s);
    void phase_logistics(const sim::Step& s);
    void setup_network();
    void disburse_facilities(const sim::Step& s);
    void disburse_logistics(const sim::Step& s);
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
    std::vector<double> place_sellers_;     ///< per place: real households selling online
    double seller_training_prob_ = 0, logistics_carry_[5] = {0, 0, 0, 0, 0};
    double township_carry_ = 0, district_carry_ = 0, station_carry_ = 0;
    std::vector<std::uint8_t> spring_window_;  ///< per day: in the 14 days before Spring Festival
    std::vector<double> village_adoption_;     ///< per place: adopting share last month
    std::vector<double> place_month_goods_;    ///< per place: goods spending this month, yuan
    std::vector<PlaceState> share_state_;      ///< per place: the state its cached channel shares are for
    std::vector<PlaceShares> share_cache_;     ///< per place: channel shares, recomputed when the state changes
    std::vector<std::uint8_t> share_valid_;    ///< per place: share_cache_ holds shares
    std::vector<std::uint32_t> hh_blocks_;     ///< first place of each block of the household phase, then P
    double training_prob_ = 0, facilities_carry_ = 0, ecommerce_carry_ = 0;
    std::unique_ptr<Daily> day_;
    std::unique_ptr<Accounts> acc_;
    sim::Ledger ledger_;
    std::unique_ptr<sim::Indicators> ind_;
    std::vector<double> pending_income_;  ///< per place: module payments to households, paid next day
    std::vector<std::unique_ptr<Module>> modules_;
    sim::Scheduler sched_;
    std::vector<double> residual_;
    double wall_seconds_ = 0;
};

}  // namespace ruralsim::models
