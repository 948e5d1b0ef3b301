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
        const std::string key = "budget.county." + name + "." + project;
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

}  // namespace ruralsim::models
