#pragma once
// The household budget rule's kernel (docs/ODD.md 7.2), shared by the household phase
// (households.cpp) and its unit test: the portable loop and the AVX-512 twin that gives the
// same bits. Both are compiled without fused multiply-add contraction (models/CMakeLists.txt).

#include <algorithm>
#include <cstdint>

namespace ruralsim::models::detail {

/// What a place's households share on a day in the budget rule.
struct BudgetTerms {
    double gf;             ///< income field (yuan per person-year) to yuan per household-day, with growth
    double mpc;            ///< marginal propensity to consume out of income
    double buffer_months;  ///< months of income kept as a buffer
    double wealth_spend;   ///< share of wealth above the buffer spent per month
    double season;         ///< the day's seasonal factor
    double open[2];        ///< spending left by shop closures: not shopping online [0], online [1]
};

inline constexpr double kMonthDays = 365.25 / 12.0;

/// The budgets of n consecutive households: income y, consumption c (no borrowing) and the new
/// wealth, into inc, cons and wealth and (a copy) after; inc, cons and after have room for n
/// rounded up to a multiple of 8. (This file has no fused multiply-add contraction: the AVX-512
/// version below does these operations in the same order, lane by lane, and gives the same bits.)
inline void budgets_scalar(const BudgetTerms& t, std::uint32_t n, const float* __restrict income,
                           const std::uint8_t* __restrict adopted, const double* __restrict noise,
                           double* __restrict wealth, double* __restrict inc, double* __restrict cons,
                           double* __restrict after) {
    for (std::uint32_t k = 0; k < n; ++k) {
        const double y = income[k] * t.gf;
        const double w = wealth[k];
        const double excess = std::max(0.0, w - t.buffer_months * y * kMonthDays);
        const double c = std::min(
            (t.mpc * y + t.wealth_spend * excess / kMonthDays) * t.season * t.open[adopted[k] != 0] * noise[k], w + y);
        after[k] = wealth[k] = w + (y - c);
        inc[k] = y;
        cons[k] = c;
    }
}

#if defined(__GNUC__) && defined(__x86_64__)
#define RURALSIM_AVX512 1
/// budgets_scalar eight households at a time (AVX-512 F, BW, VL; households.cpp): call only
/// where sim::avx512_kernels() is true.
void budgets_avx512(const BudgetTerms& t, std::uint32_t n, const float* __restrict income,
                    const std::uint8_t* __restrict adopted, const double* __restrict noise, double* __restrict wealth,
                    double* __restrict inc, double* __restrict cons, double* __restrict after);
#endif

}  // namespace ruralsim::models::detail
