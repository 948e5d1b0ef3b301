#pragma once
/// \file
/// The macro environment the agents live in, as an exogenous scenario input:
/// yearly nominal income growth (urban, rural), migrant wage growth and
/// foreign demand for the realised years, assumed trends after them, and up
/// to three demand-shock episodes (pandemic disruptions) that cut spending
/// and block trips out of the village.
///
/// Realised years are keyed `macro.<series>.y<year>` (e.g.
/// `macro.income_growth_rural.y2020`); years after `macro.realised_until`
/// follow the assumed trends (`household.income_growth_urban`, ...), so a
/// scenario follows the realised path to 2021 and an assumed one after it by
/// default, and either can be changed key by key.
///
/// Example:
/// \code
///   const MacroPath m = read_macro(scenario);
///   double g = m.growth(MacroPath::kIncomeRural, 2020);   // 0.081 by default
///   double f = m.factor(MacroPath::kIncomeRural, sim::Date{2019, 7, 1}, sim::Date{2021, 7, 1});
/// \endcode

#include <array>

#include "ruralsim/sim/calendar.hpp"
#include "ruralsim/sim/params.hpp"
#include "ruralsim/sim/scenario.hpp"

namespace ruralsim::models {

/// The macro path read from a scenario.
struct MacroPath {
    /// First and last year a realised value can be given for.
    static constexpr int kFirstYear = 2019, kLastYear = 2025;
    static constexpr int kYears = kLastYear - kFirstYear + 1;
    enum Series : int { kIncomeUrban = 0, kIncomeRural = 1, kMigrantWage = 2, kForeignDemand = 3, kSeries = 4 };

    /// A demand-shock episode: from `start` to `end` (inclusive) households spend
    /// `spending` less and only `1 - offline` of physical shopping is open.
    struct Shock {
        sim::Date start, end;
        double spending = 0, offline = 0;
    };

    int realised_until = 2021;
    std::array<std::array<double, kYears>, kSeries> realised{};
    std::array<double, kSeries> trend{};
    std::array<Shock, 3> shocks{};
    double online_substitution = 0;      ///< share of closed physical shopping online shoppers buy online instead
    double deferred_share = 0;           ///< share of an episode's missed spending made up after it ends
    double rural_parcel_disruption = 0;  ///< share of the shops' closure that also stops village parcel service
    double catch_up_days = 1;            ///< mean delay (days) of that make-up spending (exponential)

    /// Growth of a series in `year` (realised value, else the trend).
    double growth(Series s, int year) const;
    /// Growth factor of a series from date a to date b (b may precede a), compounding each
    /// year's growth over the days of the interval in that year.
    double factor(Series s, sim::Date a, sim::Date b) const;
    /// Proportional cut of spending on `date` (0 = none).
    double spending_cut(sim::Date date) const;
    /// Share of physical shopping open on `date` (1 = all). Households not shopping online
    /// lose what the closed share would have sold; online shoppers make up online_substitution of it.
    double offline_access(sim::Date date) const;
    /// Extra spending on `date`, as a share of a normal day's: after each episode households make up
    /// deferred_share of what a household without online shopping missed in it (the cut and the
    /// closed shops), spread over the following days with an exponential profile of mean
    /// catch_up_days (its daily weights sum to one). The money is what the episode left in wealth.
    double catch_up(sim::Date date) const;
    /// Share of village parcel service working when `offline_access` of physical shopping is open:
    /// village closures stop couriers too, for rural_parcel_disruption of the closure.
    double rural_parcel_access(double offline_access) const {
        return 1.0 - (1.0 - offline_access) * rural_parcel_disruption;
    }

    /// Declares or reads the `macro.*` keys (with the realised values and their sources as
    /// defaults) and the assumed trends `household.income_growth_urban/rural`.
    void bind(sim::ParamBinder& b);
};

/// Reads the macro path of a validated scenario.
MacroPath read_macro(const sim::Scenario& sc);

}  // namespace ruralsim::models
