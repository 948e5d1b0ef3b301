// Township commerce centres, county-seat business districts and online sellers: the day's sales
// of every channel but the village store, rural sellers' sales to outside buyers and the
// carriers' fees (docs/ODD.md 7.5-7.7).

#include <algorithm>
#include <cmath>

#include "model_state.hpp"

namespace ruralsim::models {

void Model::phase_markets(const sim::Step& s) {
    Daily& d = *day_;
    const std::size_t C = geo_.counties.size();
    // Every per-county sum below is stored whole (per county, or after the loop); only the month-end
    // fixed costs are added to.
    std::fill(d.township_fixed.begin(), d.township_fixed.end(), 0.0);
    const double mt = 1.0 + p_.township_markup, md = 1.0 + p_.district_markup;
    const double demand_growth = growth_factor(p_.external_online_growth, s.day) * d.external_season / 365.0 *
                                 (d.online_peak ? 1.0 + p_.external_peak_boost : 1.0);

    const double seller_season = d.external_season * (d.online_peak ? 1.0 + p_.external_peak_boost : 1.0);
    // seller_offer(i, s.day) with its growth factor computed once for the day, not per place.
    const double offer_growth = growth_factor(p_.seller_sales_growth, s.day);
    auto offer_of = [&](std::size_t i) { return place_sellers_[i] * p_.seller_sales / 365.0 * offer_growth; };
    // Farm-gate share of the retail price in the three-tier produce chain: selling online skips it.
    const double farm_gate = 1.0 / ((1.0 + p_.tier_markup[0]) * (1.0 + p_.tier_markup[1]) * (1.0 + p_.tier_markup[2]));
    const double fee_share = p_.parcel_fee / p_.parcel_value_up;

    // Parallel over counties, each county's places in order: a place writes its own row and its
    // township's cash (townships lie within one county); the county's sums are kept in locals
    // (in place order, from zero: the same sums) and stored once per county.
    exec_.for_each(
        C,
        [&](std::size_t k) {
            // Cold chain: the perishable part of rural sellers' produce ships only up to the county's
            // capacity. (A place without sellers adds zero to the perishable offer: skipped, the same sum.)
            double perishable = 0;
            for (std::size_t i = geo_.first_place[k]; i < geo_.first_place[k + 1]; ++i)
                if (!geo_.places[i].urban && place_sellers_[i] != 0.0)
                    perishable += offer_of(i) * p_.produce_share * p_.perishable_share;
            const double cold = perishable > 0 ? std::min(1.0, net_.cold_capacity[k] / perishable) : 1.0;
            double station_sales = 0, township_sales = 0, township_cogs = 0, district_sales = 0, district_cogs = 0;
            double rural_online_local = 0, urban_online_local = 0, outside_online = 0, fees_down_outside = 0,
                   fees_down_local_rural = 0, fees_down_local_urban = 0, seller_sales = 0, seller_produce = 0,
                   seller_gain = 0;
            for (std::size_t i = geo_.first_place[k]; i < geo_.first_place[k + 1]; ++i) {
                const Place& pl = geo_.places[i];
                Row& r = d.place[i];
                double t = r[kTownshipDemand];
                if (fac_.station[pl.township]) {
                    const double station = t * p_.station_sales_share;
                    station_sales += station;
                }
                township_cash_[pl.township] += t - t / mt;
                township_sales += t;
                township_cogs += t / mt;
                district_sales += r[kDistrictDemand];
                district_cogs += r[kDistrictDemand] / md;
                const double buys = r[kOnlineBuys];
                const double local = buys * p_.local_seller_share;
                rural_online_local += local * p_.rural_seller_share;
                urban_online_local += local * (1.0 - p_.rural_seller_share);
                outside_online += buys - local;
                if (pl.urban) {
                    r[kParcelsDown] = buys / p_.parcel_value_down;
                    continue;
                }
                // Rural parcels pay the carriers' fee, charged to whoever sold.
                r[kParcelsDown] = buys / p_.parcel_value_down;
                const double fee = r[kParcelsDown] * p_.parcel_fee;
                fees_down_outside += fee * (1.0 - p_.local_seller_share);
                fees_down_local_rural += fee * p_.local_seller_share * p_.rural_seller_share;
                fees_down_local_urban += fee * p_.local_seller_share * (1.0 - p_.rural_seller_share);
                // Without online sellers the place sells nothing outside and gains nothing: its rows keep
                // their zeros and every sum below would add +0.0 (skipped, the same bits).
                if (place_sellers_[i] == 0.0) continue;
                // Rural sellers' sales to outside buyers: their offer, times demand growth and season,
                // reduced where parcels leave the village less often and where cold chain is short.
                const auto service = static_cast<Service>(net_.service[i]);
                const double reach = service == kDaily      ? 1.0
                                     : service == kPeriodic ? p_.sales_factor_periodic
                                     : service == kPickup   ? p_.sales_factor_pickup
                                                            : 0.0;
                const double offer =
                    offer_of(i) * seller_season * reach * p_.macro.rural_parcel_access(d.offline_access);
                const double produce =
                    offer * p_.produce_share * (1.0 - p_.perishable_share + p_.perishable_share * cold);
                const double sales = produce + offer * (1.0 - p_.produce_share);
                r[kSellers] = place_sellers_[i];
                r[kSellerSales] = sales;
                r[kSellerProduce] = produce;
                r[kParcelsUp] = sales / p_.parcel_value_up;
                seller_sales += sales;
                seller_produce += produce;
                // What selling online earns the household beyond selling the produce through the chain.
                const double gain =
                    produce * std::max(0.0, 1.0 - fee_share - farm_gate) + (sales - produce) * p_.seller_goods_margin;
                pending_income_[i] += gain;
                seller_gain += gain;
            }
            d.station_sales[k] = station_sales;
            d.township_sales[k] = township_sales;
            d.township_cogs[k] = township_cogs;
            d.district_sales[k] = district_sales;
            d.district_cogs[k] = district_cogs;
            d.rural_online_local[k] = rural_online_local;
            d.urban_online_local[k] = urban_online_local;
            d.outside_online[k] = outside_online;
            d.fees_down_outside[k] = fees_down_outside;
            d.fees_down_local_rural[k] = fees_down_local_rural;
            d.fees_down_local_urban[k] = fees_down_local_urban;
            d.seller_sales[k] = seller_sales;
            d.seller_produce[k] = seller_produce;
            d.seller_gain[k] = seller_gain;
        },
        1);
    for (std::size_t c = 0; c < C; ++c) district_cash_[c] += d.district_sales[c] - d.district_cogs[c];
    if (s.month_end) {
        for (std::size_t t = 0; t < geo_.townships.size(); ++t) {
            if (geo_.townships[t].urban) continue;
            township_cash_[t] -= p_.township_fixed_cost;
            d.township_fixed[geo_.townships[t].county] += p_.township_fixed_cost;
        }
    }
    // Outside buyers' demand for Chongqing urban online sellers (exogenous), shared over counties
    // by urban households.
    for (std::size_t c = 0; c < C; ++c) {
        d.ext_urban[c] = p_.external_urban_online * demand_growth * d.urban_weight[c];
        d.rural_online[c] = d.rural_online_local[c] + d.seller_sales[c];
        d.urban_online[c] = d.urban_online_local[c] + d.ext_urban[c];
    }
}

/// Township centres and county districts, online purchases, rural online sellers (docs/ODD.md 7.5, 7.6, 7.7:
/// one group each).
void bind_market_params(sim::ParamBinder& b, Params& p) {
    b.group("online");
    b.real("online.local_seller_share", p.local_seller_share, 0.15, {0, 1}, {0.08, 0.25}, "1",
           "share of Chongqing households' online purchases bought from Chongqing sellers", sim::assumption());
    b.real("online.rural_seller_share", p.rural_seller_share, 0.2, {0, 1}, {0.1, 0.35}, "1",
           "share of Chongqing sellers' sales to Chongqing households made by rural sellers", sim::assumption());
    b.real("online.external_urban", p.external_urban_online, 6.0e10, {0, 1e13}, {3e10, 1.2e11}, "yuan/year",
           "online sales of Chongqing urban sellers to buyers outside Chongqing at the start (exogenous; rural sellers "
           "are agents)",
           sim::assumption());
    b.real("online.external_growth", p.external_online_growth, 0.10, {-0.5, 1}, {0.05, 0.15}, "1/year",
           "growth of outside buyers' demand for Chongqing online sellers (urban sellers' sales and each rural "
           "seller's sales)",
           sim::assumption("near national online retail growth 2020-2021 (+10.9 %, +14.1 %, NBS)"));
    b.real("online.external_peak_boost", p.external_peak_boost, 0.5, {0, 10}, {0.2, 1.0}, "1",
           "proportional rise of outside buyers' demand on the 618 and Double 11 promotion days (0.5 = +50 %)",
           sim::assumption());
    b.group("markets");
    b.real("township.markup", p.township_markup, 0.18, {0, 3}, {0.12, 0.25}, "1",
           "township centre markup over wholesale cost", sim::assumption());
    b.real("township.fixed_cost", p.township_fixed_cost, 15000, {0, 1e8}, {8000, 30000}, "yuan/month",
           "township centre fixed cost", sim::assumption());
    b.real("district.markup", p.district_markup, 0.15, {0, 3}, {0.1, 0.22}, "1",
           "county business district markup over wholesale cost", sim::assumption());
    b.group("sellers");
    b.real("ecommerce.seller_sales", p.seller_sales, 90000, {0, 1e8}, {50000, 150000}, "yuan/year",
           "online sales of a selling household at the start (grows with ecommerce.seller_sales_growth)",
           sim::assumption());
    b.real("ecommerce.seller_sales_growth", p.seller_sales_growth, 0.04, {-0.5, 1}, {0.0, 0.08}, "1/year",
           "growth of a selling household's online sales (market growth net of new sellers' competition)",
           sim::assumption());
    b.real("ecommerce.produce_share", p.produce_share, 0.6, {0, 1}, {0.4, 0.8}, "1",
           "share of rural online sales that is farm produce (agri-product online retail)", sim::assumption());
    b.real("ecommerce.goods_margin", p.seller_goods_margin, 0.2, {0, 1}, {0.1, 0.3}, "1",
           "margin of a rural seller on non-produce goods", sim::assumption());
    b.real("market.wholesale_markup", p.tier_markup[0], 0.15, {0, 3}, {0.08, 0.25}, "1",
           "farm-produce chain: wholesale market markup", sim::assumption());
    b.real("market.midtier_markup", p.tier_markup[1], 0.2, {0, 3}, {0.1, 0.3}, "1",
           "farm-produce chain: mid-tier (collector, township market) markup", sim::assumption());
    b.real("market.retail_markup", p.tier_markup[2], 0.3, {0, 3}, {0.2, 0.45}, "1", "farm-produce chain: retail markup",
           sim::assumption());
}

}  // namespace ruralsim::models
