#pragma once
/// \file
/// Township commerce centres, county-seat business districts and online sellers
/// (models/src/markets.cpp). A module; it publishes its parameters as "markets.params" and the
/// carriers' fees it charges each day as "markets.fees".

#include <array>
#include <cmath>
#include <memory>
#include <vector>

#include "ruralsim/models/module.hpp"
#include "ruralsim/models/parameters.hpp"

namespace ruralsim::models {

/// Growth factor after `day` days at the yearly rate `rate`.
inline double growth_factor(double rate, int day) { return std::exp(std::log1p(rate) * day / 365.25); }

/// The markets' parameters (online.*, township.*, district.*, the sellers' ecommerce.* and market.* keys).
struct MarketParams {
    double local_seller_share = 0, rural_seller_share = 0;
    double external_urban_online = 0;  ///< yuan a year at start
    double external_online_growth = 0;
    double external_peak_boost = 0;  ///< proportional rise of outside demand on promotion days
    double township_markup = 0, township_fixed_cost = 0, district_markup = 0;
    double seller_sales = 0, seller_sales_growth = 0, produce_share = 0, seller_goods_margin = 0;
    std::array<double, 3> tier_markup{};  ///< wholesale, mid-tier, retail markups of the farm-produce chain
    void bind(sim::ParamBinder& b);
    /// What the `sellers` real households selling online of a place offer on `day`, yuan a day.
    double seller_offer(double sellers, int day) const {
        return sellers * seller_sales / 365.0 * growth_factor(seller_sales_growth, day);
    }
};

/// The carriers' fees of the day, per county, by who pays them (the markets phase charges them).
struct CarrierFees {
    std::vector<double> down_outside, down_local_rural, down_local_urban, up;
};

std::unique_ptr<Module> make_markets(const Context& c);

}  // namespace ruralsim::models
