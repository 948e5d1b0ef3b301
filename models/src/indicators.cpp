// The core's indicators (households, village stores, the projects' money): declared once, recorded
// each day, city-wide and per county. The modules declare and record their own.

#include "ruralsim/models/model.hpp"

namespace ruralsim::models {

void Model::setup_indicators() {
    using sim::Aggregation;
    ind_ = std::make_unique<sim::Indicators>(cal_, [&] {
        std::vector<std::string> n;
        for (const auto& c : geo_.counties) n.push_back(c.name);
        return n;
    }());
    sim::Indicators& I = *ind_;
    CoreIndicators& id = id_;
    id.online_purchases = I.add({"rural_household_online_purchases", "yuan",
                                 "online purchases by rural households (from any seller)", Aggregation::Sum});
    id.store_sales = I.add({"village_store_sales", "yuan", "sales of village convenience stores", Aggregation::Sum});
    id.stores = I.add({"village_stores", "stores", "open village convenience stores", Aggregation::Last});
    id.store_coverage = I.add({"village_store_coverage", "1",
                               "share of inhabited villages with an open convenience store", Aggregation::Last});
    id.upgraded_stores =
        I.add({"upgraded_village_stores", "stores", "open village stores upgraded under project 4", Aggregation::Last});
    id.adoption =
        I.add({"digital_adoption_rural", "1", "share of rural households shopping online", Aggregation::Mean});
    id.income_rural =
        I.add({"income_per_capita_rural", "yuan/person", "disposable income per rural resident", Aggregation::Sum});
    id.income_urban =
        I.add({"income_per_capita_urban", "yuan/person", "disposable income per urban resident", Aggregation::Sum});
    id.consumption_rural =
        I.add({"consumption_per_capita_rural", "yuan/person", "consumption per rural resident", Aggregation::Sum});
    id.consumption_urban =
        I.add({"consumption_per_capita_urban", "yuan/person", "consumption per urban resident", Aggregation::Sum});
    id.unspent = I.add({"budget_unspent", "yuan",
                        "money released to the six projects but not yet spent (carried over; stays with the "
                        "government); by county: the unspent earmarks of that county",
                        Aggregation::Last});
    id.central = I.add(
        {"spending_central", "yuan", "public spending on the six projects paid by central funds", Aggregation::Sum});
    id.municipal = I.add({"spending_municipal", "yuan", "public spending on the six projects paid by municipal funds",
                          Aggregation::Sum});
    id.county = I.add({"spending_county", "yuan", "public spending on the six projects co-financed by the counties",
                       Aggregation::Sum});
}

void Model::phase_indicators(const sim::Step& s) {
    const DayTable& t = table_;
    const CoreIndicators& id = id_;
    sim::Indicators& I = *ind_;
    const std::size_t C = geo_.counties.size();
    CountyRecorder R(I, s.day, C);
    // Rural / urban split of the day's rows per county and inhabited villages by county (summed and
    // counted by the accounting phase).
    auto rural = [&](int q) { return [&t, q](std::size_t c) { return t.rural(c)[q]; }; };
    auto urban = [&](int q) { return [&t, q](std::size_t c) { return t.urban(c)[q]; }; };
    auto inhabited = [&](std::size_t c) { return double(villages_[c].inhabited); };
    R.sum(id.online_purchases, rural(kOnlineBuys));
    R.sum(id.store_sales, [&](std::size_t c) { return t.county(c)[kVillageSales]; });
    R.sum(id.stores, [&](std::size_t c) { return double(villages_[c].stores); });
    R.ratio(
        id.store_coverage, [&](std::size_t c) { return double(villages_[c].stores); }, inhabited);
    R.sum(id.upgraded_stores, [&](std::size_t c) { return double(villages_[c].upgraded); });
    R.ratio(id.adoption, rural(kAdopters), rural(kHouseholds));
    R.ratio(id.income_rural, rural(kIncome), rural(kPersons));
    R.ratio(id.income_urban, urban(kIncome), urban(kPersons));
    R.ratio(id.consumption_rural, rural(kConsumption), rural(kPersons));
    R.ratio(id.consumption_urban, urban(kConsumption), urban(kPersons));
    {
        // City: every project's unspent money (city pots and earmarks); county: that county's
        // unspent earmarks (the city pots are not split by county).
        std::vector<double> earmarked(C, 0.0);
        double unspent = 0;
        for (const auto& m : modules_) unspent += m->budget_unspent(earmarked);
        I.record(id.unspent, s.day, unspent, earmarked);
    }
    R.sum(id.central, [&](std::size_t c) { return funding_->today(kCentral)[c]; });
    R.sum(id.municipal, [&](std::size_t c) { return funding_->today(kMunicipal)[c]; });
    R.sum(id.county, [&](std::size_t c) { return funding_->today(kCounty)[c]; });
}

}  // namespace ruralsim::models
