// The model's indicators: declared once, recorded each day, city-wide and per county.

#include "model_state.hpp"

namespace ruralsim::models {

void Model::setup_indicators() {
    using sim::Aggregation;
    ind_ = std::make_unique<sim::Indicators>(cal_, [&] {
        std::vector<std::string> n;
        for (const auto& c : geo_.counties) n.push_back(c.name);
        return n;
    }());
    sim::Indicators& I = *ind_;
    const auto rural = I.add({"rural_retail_sales", "yuan",
                              "retail sales by sellers located in townships and villages: village stores, township "
                              "centres, rural online sellers",
                              Aggregation::Sum});
    const auto urban =
        I.add({"urban_retail_sales", "yuan",
               "retail sales by sellers located in urban areas: county-seat business districts, urban online sellers",
               Aggregation::Sum});
    I.add({"rural_online_retail", "yuan", "online sales by sellers located in rural areas (to any buyer)",
           Aggregation::Sum});
    I.add(
        {"urban_online_retail", "yuan", "online sales by Chongqing sellers located in urban areas", Aggregation::Sum});
    I.add({"rural_household_online_purchases", "yuan", "online purchases by rural households (from any seller)",
           Aggregation::Sum});
    I.add({"online_purchases_outside", "yuan",
           "online purchases by Chongqing households from sellers outside Chongqing (counted in neither retail total)",
           Aggregation::Sum});
    I.add({"village_store_sales", "yuan", "sales of village convenience stores", Aggregation::Sum});
    I.add({"township_centre_sales", "yuan", "sales of township commerce centres", Aggregation::Sum});
    I.add({"county_district_sales", "yuan", "sales of county-seat business districts", Aggregation::Sum});
    I.add({"village_stores", "stores", "open village convenience stores", Aggregation::Last});
    I.add({"village_store_coverage", "1", "share of inhabited villages with an open convenience store",
           Aggregation::Last});
    I.add({"upgraded_village_stores", "stores", "open village stores upgraded under project 4", Aggregation::Last});
    I.add({"digital_adoption_rural", "1", "share of rural households shopping online", Aggregation::Mean});
    I.add({"income_per_capita_rural", "yuan/person", "disposable income per rural resident", Aggregation::Sum});
    I.add({"income_per_capita_urban", "yuan/person", "disposable income per urban resident", Aggregation::Sum});
    I.add({"consumption_per_capita_rural", "yuan/person", "consumption per rural resident", Aggregation::Sum});
    I.add({"consumption_per_capita_urban", "yuan/person", "consumption per urban resident", Aggregation::Sum});
    I.add({"spending_ecommerce", "yuan", "public spending on project 1 (e-commerce training)", Aggregation::Sum});
    I.add({"spending_facilities", "yuan", "public spending on project 4 (village store upgrades)", Aggregation::Sum});
    I.add({"households_trained", "households", "rural households trained to shop online", Aggregation::Sum});
    I.add({"sellers_trained", "households", "rural households trained to sell online", Aggregation::Sum});
    I.add({"agri_online_retail", "yuan", "farm-produce part of online sales by Chongqing (rural) sellers",
           Aggregation::Sum});
    I.add({"rural_online_sellers", "households", "rural households selling online", Aggregation::Last});
    I.add({"parcels_down", "parcels", "parcels delivered to rural households", Aggregation::Sum});
    I.add({"parcels_up", "parcels", "parcels of rural sellers sent out", Aggregation::Sum});
    const auto lcost =
        I.add({"logistics_cost", "yuan", "cost of the rural parcel network (trips and handling)", Aggregation::Sum});
    const auto lparcels =
        I.add({"rural_parcels", "parcels", "parcels through the rural network, both ways", Aggregation::Sum});
    I.add({"village_delivery_coverage", "1", "share of inhabited villages with at least periodic parcel delivery",
           Aggregation::Last});
    I.add({"village_daily_delivery_coverage", "1", "share of inhabited villages with daily parcel delivery",
           Aggregation::Last});
    I.add({"township_centre_coverage", "1", "share of rural townships with an upgraded commerce centre (six ones)",
           Aggregation::Last});
    I.add({"business_district_coverage", "1", "share of counties with an upgraded business district (ten ones)",
           Aggregation::Last});
    I.add({"filling_station_centres", "centres", "rural service centres at filling stations", Aggregation::Last});
    I.add({"filling_station_sales", "yuan", "sales of filling-station centres (part of township sales)",
           Aggregation::Sum});
    I.add({"joint_distribution_counties", "counties", "counties whose carriers pool volumes (joint distribution)",
           Aggregation::Last});
    I.add({"spending_logistics", "yuan", "public spending on project 2 (logistics)", Aggregation::Sum});
    I.add({"budget_unspent", "yuan",
           "money released to the six projects but not yet spent (carried over; stays with the government); by county: "
           "the unspent earmarks of that county",
           Aggregation::Last});
    I.add({"spending_central", "yuan", "public spending on the six projects paid by central funds", Aggregation::Sum});
    I.add({"spending_municipal", "yuan", "public spending on the six projects paid by municipal funds",
           Aggregation::Sum});
    I.add({"spending_county", "yuan", "public spending on the six projects co-financed by the counties",
           Aggregation::Sum});
    const auto rg = I.add_growth("rural_retail_growth", rural, "year-on-year growth of rural retail sales");
    const auto ug = I.add_growth("urban_retail_growth", urban, "year-on-year growth of urban retail sales");
    I.add_difference("rural_urban_growth_gap", rg, ug, "percentage points", "rural minus urban retail sales growth");
    I.add_growth("rural_online_retail_growth", I.id("rural_online_retail"),
                 "year-on-year growth of rural online retail");
    I.add_growth("agri_online_retail_growth", I.id("agri_online_retail"),
                 "year-on-year growth of agri-product online retail");
    I.add_ratio("cost_per_parcel", lcost, lparcels, "yuan/parcel", "cost of the rural parcel network per parcel");
}

void Model::phase_indicators(const sim::Step& s) {
    const Daily& d = *day_;
    sim::Indicators& I = *ind_;
    const std::size_t C = geo_.counties.size();
    // Ids by name, looked up once: the calls below come in the same order every day.
    std::size_t next_id = 0;
    auto id = [&](const char* name) {
        if (next_id == core_indicator_ids_.size()) core_indicator_ids_.push_back({nullptr, 0});
        auto& [known, found] = core_indicator_ids_[next_id++];
        if (known != name) {
            found = I.id(name);
            known = name;
        }
        return found;
    };
    std::vector<double> v(C);
    auto rec = [&](const char* name, auto&& per_county) {
        double city = 0;
        for (std::size_t c = 0; c < C; ++c) city += v[c] = per_county(c);
        I.record(id(name), s.day, city, v);
    };
    auto ratio = [&](const char* name, auto&& num, auto&& den) {
        double tn = 0, td = 0;
        for (std::size_t c = 0; c < C; ++c) {
            const double n = num(c), dd = den(c);
            v[c] = dd > 0 ? n / dd : 0.0;
            tn += n;
            td += dd;
        }
        I.record(id(name), s.day, td > 0 ? tn / td : 0.0, v);
    };
    // Rural / urban split of household rows per county (summed by the accounting phase).
    const std::vector<Row>& rural = d.rural;
    const std::vector<Row>& urban = d.urban;
    // Inhabited villages by county (counted by the accounting phase).
    const std::vector<Daily::Villages>& villages = d.villages;
    std::vector<double> towns(C, 0), towns_up(C, 0), stations(C, 0);
    for (std::size_t t = 0; t < geo_.townships.size(); ++t) {
        if (geo_.townships[t].urban) continue;
        towns[geo_.townships[t].county] += 1;
        towns_up[geo_.townships[t].county] += fac_.township_upgraded[t];
        stations[geo_.townships[t].county] += fac_.station[t];
    }
    rec("rural_retail_sales",
        [&](std::size_t c) { return d.county[c][kVillageSales] + d.township_sales[c] + d.rural_online[c]; });
    rec("urban_retail_sales", [&](std::size_t c) { return d.district_sales[c] + d.urban_online[c]; });
    rec("rural_online_retail", [&](std::size_t c) { return d.rural_online[c]; });
    rec("urban_online_retail", [&](std::size_t c) { return d.urban_online[c]; });
    rec("rural_household_online_purchases", [&](std::size_t c) { return rural[c][kOnlineBuys]; });
    rec("online_purchases_outside", [&](std::size_t c) { return d.outside_online[c]; });
    rec("village_store_sales", [&](std::size_t c) { return d.county[c][kVillageSales]; });
    rec("township_centre_sales", [&](std::size_t c) { return d.township_sales[c]; });
    rec("county_district_sales", [&](std::size_t c) { return d.district_sales[c]; });
    rec("village_stores", [&](std::size_t c) { return villages[c].stores; });
    ratio(
        "village_store_coverage", [&](std::size_t c) { return villages[c].stores; },
        [&](std::size_t c) { return villages[c].inhabited; });
    rec("upgraded_village_stores", [&](std::size_t c) { return villages[c].upgraded; });
    ratio(
        "digital_adoption_rural", [&](std::size_t c) { return rural[c][kAdopters]; },
        [&](std::size_t c) { return rural[c][kHouseholds]; });
    ratio(
        "income_per_capita_rural", [&](std::size_t c) { return rural[c][kIncome]; },
        [&](std::size_t c) { return rural[c][kPersons]; });
    ratio(
        "income_per_capita_urban", [&](std::size_t c) { return urban[c][kIncome]; },
        [&](std::size_t c) { return urban[c][kPersons]; });
    ratio(
        "consumption_per_capita_rural", [&](std::size_t c) { return rural[c][kConsumption]; },
        [&](std::size_t c) { return rural[c][kPersons]; });
    ratio(
        "consumption_per_capita_urban", [&](std::size_t c) { return urban[c][kConsumption]; },
        [&](std::size_t c) { return urban[c][kPersons]; });
    rec("spending_ecommerce", [&](std::size_t c) { return d.spend_ecommerce[c]; });
    rec("spending_facilities", [&](std::size_t c) { return d.spend_facilities[c]; });
    rec("households_trained", [&](std::size_t c) { return rural[c][kTrainees]; });
    rec("sellers_trained", [&](std::size_t c) { return rural[c][kSellerTrainees]; });
    rec("agri_online_retail",
        [&](std::size_t c) { return d.seller_produce[c] + d.rural_online_local[c] * p_.produce_share; });
    rec("rural_online_sellers", [&](std::size_t c) { return rural[c][kSellers]; });
    rec("parcels_down", [&](std::size_t c) { return rural[c][kParcelsDown]; });
    rec("parcels_up", [&](std::size_t c) { return rural[c][kParcelsUp]; });
    rec("logistics_cost", [&](std::size_t c) { return d.network_cost[c]; });
    rec("rural_parcels", [&](std::size_t c) { return d.rural_parcels[c]; });
    ratio(
        "village_delivery_coverage", [&](std::size_t c) { return villages[c].served; },
        [&](std::size_t c) { return villages[c].inhabited; });
    ratio(
        "village_daily_delivery_coverage", [&](std::size_t c) { return villages[c].daily; },
        [&](std::size_t c) { return villages[c].inhabited; });
    ratio(
        "township_centre_coverage", [&](std::size_t c) { return towns_up[c]; },
        [&](std::size_t c) { return towns[c]; });
    ratio(
        "business_district_coverage", [&](std::size_t c) { return double(fac_.district_upgraded[c]); },
        [&](std::size_t) { return 1.0; });
    rec("filling_station_centres", [&](std::size_t c) { return stations[c]; });
    rec("filling_station_sales", [&](std::size_t c) { return d.station_sales[c]; });
    rec("joint_distribution_counties", [&](std::size_t c) { return net_.joint[c]; });
    rec("spending_logistics", [&](std::size_t c) { return d.spend_logistics[c]; });
    {
        // City: every project's unspent money (city pots and earmarks); county: that county's
        // unspent earmarks (the city pots are not split by county).
        double unspent = 0;
        ecommerce_money_.add_city(unspent);
        facilities_money_.add_city(unspent);
        logistics_money_.add_city(unspent);
        v.assign(C, 0.0);
        for (std::size_t c = 0; c < C; ++c) {
            ecommerce_money_.add_county(c, v[c]);
            facilities_money_.add_county(c, v[c]);
            logistics_money_.add_county(c, v[c]);
            unspent += v[c];
        }
        for (const auto& m : modules_) unspent += m->budget_unspent(v);
        I.record(id("budget_unspent"), s.day, unspent, v);
    }
    rec("spending_central", [&](std::size_t c) { return funding_->today(kCentral)[c]; });
    rec("spending_municipal", [&](std::size_t c) { return funding_->today(kMunicipal)[c]; });
    rec("spending_county", [&](std::size_t c) { return funding_->today(kCounty)[c]; });
}

}  // namespace ruralsim::models
