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
    kSellers,         ///< real households selling online
    kSellerSales,     ///< online sales of the place's rural sellers to outside buyers, yuan
    kSellerProduce,   ///< of which farm produce, yuan
    kParcelsDown,     ///< parcels delivered to the place
    kParcelsUp,       ///< parcels sent from the place (rural sellers)
    kSellerTrainees,  ///< real households trained to sell this day
    kQ
};
using Row = std::array<double, kQ>;

/// Agents' worth of prior weight when a place's own figure (adoption share, parcels) is shrunk
/// towards a wider area's rate, so that decisions do not depend on run.scale.
inline constexpr double kPeerPrior = 20.0;

/// Channel shares of a place for online adopters and for the others.
struct PlaceShares {
    std::array<double, kChannels> adopter{}, other{};
};

/// How parcels reach a village (decided monthly by route economics and subsidy).
enum Service : std::uint8_t { kNoService = 0, kPickup = 1, kPeriodic = 2, kDaily = 3 };

/// What the channel choice of a place depends on today.
struct PlaceState {
    bool store_open = false, store_upgraded = false, township_upgraded = false, district_upgraded = false,
         online_peak = false;
    Service service = kDaily;
    double extra_days = 0;      ///< sorting-centre overload
    double offline_access = 1;  ///< share of physical shopping open (demand shocks)
    bool operator==(const PlaceState&) const = default;
};

/// Multinomial-logit channel shares of place i.
PlaceShares place_shares(const Params& p, const Geography& geo, std::size_t i, const PlaceState& st);

struct Model::Daily {
    /// Per place. The phases fill a day's rows; the accounting phase sums them into the county rows
    /// and empties them again, so they start every day at zero.
    std::vector<Row> place;
    std::vector<Row> county;  ///< per county, summed over its places in order
    /// Per county, summed over its rural / urban places in order (accounting phase, for the
    /// indicators; derived each day before use, so not kept in checkpoints).
    std::vector<Row> rural, urban;
    /// Per county: its inhabited villages, and those with an open store, with an upgraded open store,
    /// with at least periodic and with daily parcel service (integer counts; accounting phase, for
    /// the indicators; derived each day before use, so not kept in checkpoints).
    struct Villages {
        std::uint32_t inhabited = 0, stores = 0, upgraded = 0, served = 0, daily = 0;
    };
    std::vector<Villages> villages;
    double gf_urban = 1, gf_rural = 1, season = 1, external_season = 1;
    double offline_access = 1;  ///< share of physical shopping open today (demand shocks)
    bool online_peak = false;
    // per county, from the markets phase
    std::vector<double> township_sales, township_cogs, township_fixed, district_sales, district_cogs;
    std::vector<double> rural_online, urban_online, outside_online, rural_online_local, urban_online_local;
    std::vector<double> ext_urban;
    std::vector<double> spend_facilities, spend_ecommerce, upgrades;
    std::vector<double> rural_weight, urban_weight;  ///< county share of rural / urban households
    std::vector<double> spend_logistics, network_cost, rural_parcels, urban_parcels, fees_down_outside,
        fees_down_local_rural, fees_down_local_urban, fees_up, subsidies, seller_gain, station_sales, seller_sales,
        seller_produce;
    /// Every member but rural, urban and villages: most are rebuilt each day, but some carry over (the policy
    /// phase reads yesterday's county rows), so a checkpoint keeps them all.
    template <class A>
    void fields(A& a) {
        a("place", place);
        a("county", county);
        a("gf_urban", gf_urban);
        a("gf_rural", gf_rural);
        a("season", season);
        a("external_season", external_season);
        a("offline_access", offline_access);
        a("online_peak", online_peak);
        a("township_sales", township_sales);
        a("township_cogs", township_cogs);
        a("township_fixed", township_fixed);
        a("district_sales", district_sales);
        a("district_cogs", district_cogs);
        a("rural_online", rural_online);
        a("urban_online", urban_online);
        a("outside_online", outside_online);
        a("rural_online_local", rural_online_local);
        a("urban_online_local", urban_online_local);
        a("ext_urban", ext_urban);
        a("spend_facilities", spend_facilities);
        a("spend_ecommerce", spend_ecommerce);
        a("upgrades", upgrades);
        a("rural_weight", rural_weight);
        a("urban_weight", urban_weight);
        a("spend_logistics", spend_logistics);
        a("network_cost", network_cost);
        a("rural_parcels", rural_parcels);
        a("urban_parcels", urban_parcels);
        a("fees_down_outside", fees_down_outside);
        a("fees_down_local_rural", fees_down_local_rural);
        a("fees_down_local_urban", fees_down_local_urban);
        a("fees_up", fees_up);
        a("subsidies", subsidies);
        a("seller_gain", seller_gain);
        a("station_sales", station_sales);
        a("seller_sales", seller_sales);
        a("seller_produce", seller_produce);
    }
};

struct Model::Accounts {
    sim::Ledger::Account households, village_stores, township_centres, districts, rural_sellers, urban_sellers,
        out_of_region, suppliers, logistics, rest_of_economy, government, pending_income, carriers;
};

}  // namespace ruralsim::models
