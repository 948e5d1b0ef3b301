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

#include <algorithm>
#include <array>
#include <cstddef>
#include <vector>

#include "ruralsim/models/geography.hpp"
#include "ruralsim/models/parameters.hpp"
#include "ruralsim/models/pots.hpp"
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

/// Indices 0..n-1 where keep(i), ordered by key(i) descending (ties: lower index first): the order in
/// which a project's rule considers its candidates (largest first).
template <class Keep, class Key>
std::vector<std::size_t> ranked(std::size_t n, Keep keep, Key key) {
    std::vector<std::size_t> out;
    for (std::size_t i = 0; i < n; ++i)
        if (keep(i)) out.push_back(i);
    std::stable_sort(out.begin(), out.end(), [&](std::size_t a, std::size_t b) { return key(a) > key(b); });
    return out;
}

/// What a project holds unspent, by purpose, city-wide and per county (its earmarks): the one
/// shape every project's money has. `Pots` is a struct of named doubles, one per purpose, with
/// `template <class P, class F> static void each(P& pots, F&& f)` calling f(name, pot) on each of
/// them in a fixed order (for shares, sums and checkpoints). The one disbursement order is `spend`: each county's
/// earmark first, by the project's rule restricted to that county, then the city-wide money everywhere; each item is
/// paid through Funding::pay (the pot must hold it, the county must co-finance it).
template <class Pots>
class ProjectMoney {
public:
    void setup(std::size_t counties) { county_.assign(counties, Pots{}); }
    Pots& city() noexcept { return city_; }
    const Pots& city() const noexcept { return city_; }
    Pots& county(std::size_t c) { return county_[c]; }
    const Pots& county(std::size_t c) const { return county_[c]; }
    std::size_t counties() const noexcept { return county_.size(); }

    /// Adds a month's release: each pot its share (`shares`, one per pot) of the city-wide part and
    /// of each county's earmark.
    void add(const Release& r, const Pots& shares) {
        add_to(city_, r.city, shares);
        for (std::size_t c = 0; c < county_.size(); ++c) add_to(county_[c], r.county[c], shares);
    }
    /// Runs `rule(pots, c)` for each county whose earmarked pots hold money (restricted to it), then
    /// `rule(city(), counties())` (everywhere).
    template <class Rule>
    void spend(Rule&& rule) {
        for (std::size_t c = 0; c < county_.size(); ++c)
            if (holds_money(county_[c])) rule(county_[c], c);
        rule(city_, county_.size());
    }
    /// Adds the city-wide pots, in order, to `total`.
    void add_city(double& total) const {
        Pots::each(city_, [&](const char*, double x) { total += x; });
    }
    /// Adds county c's pots, in order, to `total`.
    void add_county(std::size_t c, double& total) const {
        Pots::each(county_[c], [&](const char*, double x) { total += x; });
    }
    /// Money unspent: the city-wide pots and every county's; each county's is also added to
    /// `earmarked` (per county).
    double unspent(std::vector<double>& earmarked) const {
        double total = 0;
        add_city(total);
        for (std::size_t c = 0; c < county_.size(); ++c) {
            double e = 0;
            add_county(c, e);
            earmarked[c] += e;
            total += e;
        }
        return total;
    }
    template <class A>
    void fields(A& a) {
        a("city", city_);
        a("county", county_);
    }

private:
    static void add_to(Pots& pots, double month, const Pots& shares) {
        double share[sizeof(Pots) / sizeof(double)];
        std::size_t k = 0;
        Pots::each(shares, [&](const char*, double x) { share[k++] = x; });
        k = 0;
        Pots::each(pots, [&](const char*, double& x) { x += month * share[k++]; });
    }
    static bool holds_money(const Pots& pots) {
        bool any = false;
        Pots::each(pots, [&](const char*, double x) { any = any || x > 0; });
        return any;
    }
    Pots city_;
    std::vector<Pots> county_;
};

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
    /// The same, also adding it to the project's spending today (`spent`, per county).
    void spend(std::size_t c, double amount, std::vector<double>& spent) {
        spent[c] += amount;
        spend(c, amount);
    }
    /// The rule for one item of a project: bought when `pot` holds `cost` (else Short: the rule
    /// stops) and county `c` can co-finance it (else Refused: the rule skips it); then the pot
    /// pays and the spending is booked (`spent`: the project's spending today, per county).
    enum class Paid { Yes, Short, Refused };
    Paid pay(double& pot, std::size_t c, double cost, std::vector<double>& spent) {
        if (pot < cost) return Paid::Short;
        if (!covers(c, cost)) return Paid::Refused;
        pot -= cost;
        spend(c, cost, spent);
        return Paid::Yes;
    }
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
