#include "ruralsim/models/funding.hpp"

#include <algorithm>

#include "ruralsim/sim/error.hpp"

namespace ruralsim::models {

std::vector<double> county_earmarks(const BudgetSchedule& budget, const Geography& geo, const sim::Scenario& sc,
                                    const std::string& project) {
    std::vector<double> out(geo.counties.size(), 0.0);
    for (const auto& [name, yuan] : budget.earmarks) {
        const std::string& county = name;  // a structured binding cannot be captured by clang 14
        auto it = std::find_if(geo.counties.begin(), geo.counties.end(),
                               [&](const CountyData& c) { return c.name == county; });
        const std::string key = earmark_key(name, project);
        if (it == geo.counties.end()) {
            const auto& v = sc.value(key);
            throw ScenarioError(v.file, v.line, key,
                                "county '" + name + "' is not in the county table of run.counties_file");
        }
        out[static_cast<std::size_t>(it - geo.counties.begin())] = yuan;
    }
    return out;
}

Release release(const BudgetSchedule& budget, const std::vector<double>& earmarks, sim::Date month_first_day) {
    Release r;
    const double month = budget.month_amount(month_first_day);
    r.county.assign(earmarks.size(), 0.0);
    double earmarked = 0;
    for (std::size_t c = 0; c < earmarks.size(); ++c)
        if (earmarks[c] > 0 && month > 0) earmarked += r.county[c] = month * earmarks[c] / budget.annual;
    r.city = month - earmarked;
    return r;
}

Funding::Funding(const Params& p, const Geography& geo) : share_(p.source_share) {
    const std::size_t C = geo.counties.size();
    capacity_.resize(C);
    for (std::size_t c = 0; c < C; ++c)
        capacity_[c] = p.county_capacity[static_cast<std::size_t>(geo.counties[c].group)];
    left_ = capacity_;
    for (auto& v : today_) v.assign(C, 0.0);
}

void Funding::start_day(const sim::Step& s) {
    for (auto& v : today_) std::fill(v.begin(), v.end(), 0.0);
    if (s.day == 0 || (s.date.month == 1 && s.date.day == 1)) left_ = capacity_;
}

bool Funding::covers(std::size_t c, double amount) const {
    const double need = share_[kCounty] * amount;
    return need <= 0 || need <= left_[c] * (1.0 + 1e-12);
}

double Funding::affordable(std::size_t c, double amount) const {
    if (share_[kCounty] <= 0 || covers(c, amount)) return amount;
    return std::max(0.0, left_[c] / share_[kCounty]);
}

void Funding::spend(std::size_t c, double amount) {
    if (amount == 0) return;
    today_[kCentral][c] += share_[kCentral] * amount;
    today_[kMunicipal][c] += share_[kMunicipal] * amount;
    today_[kCounty][c] += share_[kCounty] * amount;
    left_[c] = std::max(0.0, left_[c] - share_[kCounty] * amount);
}

/// Funding sources, county co-financing and earmarks (docs/ODD.md 7.10).
void bind_funding_params(sim::ParamBinder& b, Params& p) {
    // Per-county earmarks: one table per county of data/counties.csv; each project's bind_budget adds
    // its key to it.
    if (b.declaring()) {
        std::vector<std::string> names;
        for (const auto& c : parse_counties(embedded_counties_csv(), "data/counties.csv (embedded)"))
            names.push_back(c.name);
        b.family(kEarmarkFamily, "county", std::move(names),
                 "money of a project earmarked for one county (county names as in data/counties.csv)");
    }
    // Funding sources and county co-financing.
    const std::string source0 =
        b.real("funding.central_share", p.source_share[0], 0.5, {0, 1}, {0.3, 0.7}, "1",
               "share of every project's money paid by central funds (central commerce funds for county commerce)",
               sim::assumption("the plan pools central and municipal commerce funds without giving the split"));
    const std::string source1 =
        b.real("funding.municipal_share", p.source_share[1], 0.5, {0, 1}, {0.3, 0.7}, "1",
               "share of every project's money paid by municipal funds",
               sim::assumption("the plan pools central and municipal commerce funds without giving the split"));
    const std::string source2 = b.real(
        "funding.county_share", p.source_share[2], 0, {0, 1}, {0, 0.3}, "1",
        "share of every project's money the county where it is spent must co-finance; an item is bought only where "
        "the county can pay its share (funding.county_share = 0: no co-financing)",
        sim::lever("the plan names central and municipal funds only (plan2022.toml header)"));
    b.real(
        "funding.county_capacity_m", p.county_capacity[0], 5e7, {0, 1e12}, {0, 2e8}, "yuan/year",
        "co-financing a metropolitan-area county can pay each year, all projects together (refilled every 1 January)",
        sim::assumption());
    b.real("funding.county_capacity_ne", p.county_capacity[1], 2e7, {0, 1e12}, {0, 1e8}, "yuan/year",
           "co-financing a north-east (Three Gorges) county can pay each year", sim::assumption());
    b.real("funding.county_capacity_se", p.county_capacity[2], 2e7, {0, 1e12}, {0, 1e8}, "yuan/year",
           "co-financing a south-east (Wuling) county can pay each year", sim::assumption());
    b.shares({source0, source1, source2}, true);
}

}  // namespace ruralsim::models
