#pragma once
// Private state shared by the model's phase files.

#include <array>
#include <vector>

#include "ruralsim/models/model.hpp"

namespace ruralsim::models {

/// Quantities each place produces in a day (partials of the deterministic reductions).
enum Q : int {
    kIncome,          ///< household income, yuan
    kConsumption,     ///< household consumption, yuan
    kGoods,           ///< goods purchases, yuan
    kVillageSales,    ///< village store sales, yuan
    kTownshipDemand,  ///< purchases at the township centre (incl. store stock-outs), yuan
    kDistrictDemand,  ///< purchases in the county-seat business district, yuan
    kOnlineBuys,      ///< online purchases, yuan
    kWealth,          ///< households' wealth at day end, yuan
    kAdopters,        ///< real households shopping online
    kHouseholds,      ///< real households
    kPersons,         ///< residents
    kRestock,         ///< store restocking orders at wholesale cost, yuan
    kRestockTrips,    ///< store restocking logistics cost, yuan
    kStoreFixed,      ///< store fixed costs paid, yuan
    kStoreCash,       ///< store cash at day end, yuan
    kTrainees,        ///< real households trained this day
    kModuleIncome,    ///< module payments (pending income) paid to households, yuan
    kQ
};
using Row = std::array<double, kQ>;

/// Channel shares of a place for online adopters and for the others.
struct PlaceShares {
    std::array<double, kChannels> adopter{}, other{};
};
/// Multinomial-logit channel shares of place i given its store's state and the day.
PlaceShares place_shares(const Params& p, const Geography& geo, std::size_t i, bool store_open, bool upgraded,
                         bool online_peak);

struct Model::Daily {
    std::vector<Row> place;   ///< per place
    std::vector<Row> county;  ///< per county, summed over its places in order
    double gf_urban = 1, gf_rural = 1, season = 1, external_season = 1;
    bool online_peak = false;
    // per county, from the markets phase
    std::vector<double> township_sales, township_cogs, township_fixed, district_sales, district_cogs;
    std::vector<double> rural_online, urban_online, outside_online, rural_online_local, urban_online_local;
    std::vector<double> ext_rural, ext_urban;
    std::vector<double> spend_facilities, spend_ecommerce, upgrades;
    std::vector<double> rural_weight, urban_weight;  ///< county share of rural / urban households
};

struct Model::Accounts {
    sim::Ledger::Account households, village_stores, township_centres, districts, rural_sellers, urban_sellers,
        out_of_region, suppliers, logistics, rest_of_economy, government, pending_income;
};

}  // namespace ruralsim::models
