#pragma once
/// \file
/// The model's parameters: each concept binds its keys to the fields of Params
/// (or of its module's own struct) in one function next to the code that uses
/// them (sim::ParamBinder: name, field, default, limits, plausible range, unit,
/// description, provenance). The same functions build the registry and read a
/// scenario; docs/scenarios.md, docs/assumptions.md and the ODD's parameter
/// tables are generated from the registry (`ruralsim params --markdown`,
/// `ruralsim params --json`, scripts/gen-docs).

#include <array>
#include <string>
#include <utility>
#include <vector>

#include "ruralsim/models/macro.hpp"
#include "ruralsim/models/pots.hpp"
#include "ruralsim/sim/calendar.hpp"
#include "ruralsim/sim/params.hpp"
#include "ruralsim/sim/scenario.hpp"

namespace ruralsim::models {

/// The key of run.scale, which the command line and the bindings override (`--scale`).
inline constexpr const char* kScaleKey = "run.scale";

/// The registry of every scenario key of the model (the core's concepts and every module's).
const sim::ParamRegistry& registry();

/// When and how fast a project's yearly budget is paid out: nothing before
/// `start` or after `end`, a linear ramp over the first `ramp_months`, and
/// an equal twelfth of the yearly amount each month otherwise.
/// Earmarks (`[budget.county.<county>]`) are part of `annual`: each month the
/// county's earmark gets `month_amount x earmark / annual` and the city-wide pot
/// the rest.
struct BudgetSchedule {
    double annual = 0;  ///< yuan a year at full strength, earmarks included
    sim::Date start{2022, 1, 1}, end{2025, 12, 31};
    double ramp_months = 0;
    std::vector<std::pair<std::string, double>> earmarks;  ///< (county name, yuan a year), registry order
    /// Money released in the month starting on `month_first_day` (city pot plus earmarks).
    double month_amount(sim::Date month_first_day) const;
    /// Yuan a year earmarked for counties, all together.
    double earmarked() const;
};

/// The family of per-county earmark tables, `[budget.county.<county>]` (declared with the funding rules).
inline constexpr const char* kEarmarkFamily = "budget.county";
/// The key of county `county`'s earmark of `project`.
std::string earmark_key(const std::string& county, const std::string& project);

/// Binds budget.<project>, its timing keys (_start, _end, _ramp_months, checked as a period) and
/// its per-county earmark budget.county.<county>.<project>; earmarks adding up to more than the
/// budget are an error.
void bind_budget(sim::ParamBinder& b, const std::string& project, BudgetSchedule& budget, const std::string& what);

/// Purchase channels of the multinomial logit.
enum Channel : int { kVillageStore = 0, kTownshipCentre = 1, kCountyDistrict = 2, kOnline = 3, kChannels = 4 };

/// Every parameter of the core's concepts, read once before a run (read_params); each module
/// binds its own struct. The fields have no defaults of their own: the registry's come with the
/// scenario.
struct Params {
    // run (model.cpp)
    std::string name, description;
    sim::Date start, end;
    double scale = 0;
    std::string counties_file;         ///< resolved path, "" = embedded default
    std::string counties_file_origin;  ///< the scenario file that set it ("" default, "override")
    bool county_daily = false;

    // households (households.cpp)
    double persons_per_household = 0;
    int income_year = 0;                        ///< year of the income levels below, as given
    double income_urban = 0, income_rural = 0;  ///< per capita, yuan a year, at `start` (carried by the macro path)
    MacroPath macro;                            ///< income growth, migrant wages, foreign demand, demand shocks
    double income_sigma = 0;
    std::array<double, 3> income_group_rural{};  ///< M, NE, SE multipliers
    double mpc_urban = 0, mpc_rural = 0;         ///< share of current income spent
    double wealth_spend = 0;                     ///< share of wealth above the buffer spent a month
    double buffer_months = 0;
    double initial_wealth_months = 0, wealth_sigma = 0;
    double goods_share_urban = 0, goods_share_rural = 0;
    double spending_noise = 0;
    double spring_festival_boost = 0;
    std::array<double, 12> month_factor{};

    // channel choice (households.cpp; the channels' prices come from the markets, the upgrades' variety
    // from the facilities)
    std::array<double, kChannels> asc{}, log_variety{};
    double price_online = 0;  ///< online price level relative to the district's shelf price
    double beta_time = 0, beta_variety = 0, beta_price = 0, beta_delivery = 0;
    double online_peak_utility = 0;
    double speed_plain = 0, speed_hill = 0, speed_mountain = 0;
    double urban_trip_hours = 0;
    double delivery_days_base = 0, delivery_days_periodic = 0, daily_route_km = 0;

    // online shopping and selling at the start (households.cpp; modules change them)
    double adoption_rural0 = 0, adoption_urban0 = 0, seller_share0 = 0;

    // village stores (stores.cpp)
    double store_markup = 0, store_fixed_cost = 0, store_initial_presence = 0;
    double store_exit_months = 0, store_entry_rate = 0, store_stock_days = 0;
    double restock_trip_cost = 0, restock_cost_per_km = 0;
    double store_upgrade_variety = 0;

    // geography
    double village_size_sigma = 0;
    std::array<double, 3> village_township_km{}, township_county_km{};  ///< plain, hill, mountain
    double distance_sigma = 0;

    // funding sources
    std::array<double, 3> source_share{};     ///< central, municipal, county share of every project's money
    std::array<double, 3> county_capacity{};  ///< yuan a year a county can co-finance, by group (M, NE, SE)
};

/// A module's parameter struct T (with `void bind(sim::ParamBinder&)`) read from a validated scenario.
template <class T>
T bound(const sim::Scenario& sc) {
    T p{};
    sim::ParamBinder b(sc);
    p.bind(b);
    return p;
}

/// Reads a validated scenario into Params (and checks every module's parameters, so that
/// `ruralsim validate` catches what a run would refuse).
Params read_params(const sim::Scenario& sc);

// The core's concepts bind their parameters next to the code that uses them:
void bind_run_params(sim::ParamBinder& b, Params& p);        ///< model.cpp: scenario.*, run.*, output.*
void bind_geography_params(sim::ParamBinder& b, Params& p);  ///< geography.cpp: geography.*
void bind_household_params(sim::ParamBinder& b, Params& p);  ///< households.cpp: household.*, season.*, initial shares
void bind_channel_params(sim::ParamBinder& b, Params& p);    ///< households.cpp: channel.*, terrain.*, delivery.*
void bind_store_params(sim::ParamBinder& b, Params& p);      ///< stores.cpp: store.*
void bind_funding_params(sim::ParamBinder& b, Params& p);    ///< funding.cpp: funding.*, the earmark family

/// The registry as Markdown tables (docs/scenarios.md is generated from this).
std::string parameters_markdown();
/// The registry as JSON: every key with its type, group, default, limits, plausible range, unit,
/// description and provenance {kind, reference}; the key families; the checks across keys.
std::string parameters_json();

}  // namespace ruralsim::models
