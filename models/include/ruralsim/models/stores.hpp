#pragma once
/// \file
/// The village convenience stores (models/src/stores.cpp: restocking, exit, entry).

#include <cstddef>
#include <cstdint>
#include <vector>

namespace ruralsim::models {

/// One village convenience store per village slot (the village's shops as one).
struct VillageStores {
    std::vector<std::uint8_t> open, upgraded, loss_months;
    std::vector<double> cash;          ///< yuan
    std::vector<double> stock;         ///< at wholesale cost, yuan
    std::vector<double> sales_ema;     ///< daily sales at cost, smoothed
    std::vector<double> month_profit;  ///< running profit this month
    template <class A>
    void fields(A& a) {
        a("open", open);
        a("upgraded", upgraded);
        a("loss_months", loss_months);
        a("cash", cash);
        a("stock", stock);
        a("sales_ema", sales_ema);
        a("month_profit", month_profit);
    }
};

}  // namespace ruralsim::models
