#pragma once
/// \file
/// Where the projects' money comes from and where it may go: the split of every
/// project's money into central, municipal and county funds, the co-financing
/// the county where an item is bought must pay, and per-county earmarks.
///
/// Rule (docs/ODD.md, "Disbursement"): each yuan spent on a project is paid
/// `funding.central_share` by central funds, `funding.municipal_share` by
/// municipal funds and `funding.county_share` by the county where it is spent.
/// A county's co-financing comes out of its yearly capacity
/// (`funding.county_capacity_<group>`, refilled every 1 January, all projects
/// together, first come first served in phase order); an item whose county
/// cannot pay its share is not bought and the money stays in the pot for the
/// rule's next item. With `funding.county_share = 0` nothing is restricted.
///
/// Example:
/// \code
///   if (funding.covers(c, cost)) { pot -= cost; funding.spend(c, cost); }
/// \endcode

#include <array>
#include <cstddef>
#include <vector>

#include "ruralsim/models/geography.hpp"
#include "ruralsim/models/parameters.hpp"
#include "ruralsim/sim/calendar.hpp"
#include "ruralsim/sim/scheduler.hpp"

namespace ruralsim::models {

/// Sources of public money.
enum Source : int { kCentral = 0, kMunicipal = 1, kCounty = 2, kSources = 3 };

/// A budget's earmarks per county in the geography's order (yuan a year); throws
/// ScenarioError when an earmarked county is not in the geography's county table.
std::vector<double> county_earmarks(const BudgetSchedule& budget, const Geography& geo, const sim::Scenario& sc,
                                    const std::string& project);

/// A month's money of one project: the city-wide pot's part and each county's earmarked part.
struct Release {
    double city = 0;
    std::vector<double> county;  ///< per county
};
/// Splits the month's money: county c gets month x earmark_c / annual, the city pot the rest.
Release release(const BudgetSchedule& budget, const std::vector<double>& earmarks, sim::Date month_first_day);

class Funding {
public:
    Funding(const Params& p, const Geography& geo);
    /// Clears the day's spending by source; refills the counties' capacity on the first
    /// day of the run and every 1 January.
    void start_day(const sim::Step& s);
    /// True when county `c` can co-finance its share of `amount` (always when funding.county_share is 0).
    bool covers(std::size_t c, double amount) const;
    /// The largest part of `amount` county `c` can co-finance.
    double affordable(std::size_t c, double amount) const;
    /// Books `amount` spent in county `c`: split by source, the county's part taken from its capacity.
    void spend(std::size_t c, double amount);
    /// Today's spending of one source, per county.
    const std::vector<double>& today(Source s) const { return today_[static_cast<std::size_t>(s)]; }

    /// State for checkpoints (the shares come from the parameters).
    template <class A>
    void fields(A& a) {
        a("capacity", capacity_);
        a("left", left_);
        a("today", today_);
    }

private:
    std::array<double, 3> share_{};
    std::vector<double> capacity_, left_;  ///< per county: yearly capacity, what is left this year
    std::array<std::vector<double>, kSources> today_;
};

}  // namespace ruralsim::models
