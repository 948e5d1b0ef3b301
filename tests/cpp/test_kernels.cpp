// The hand-vectorised kernels against their portable twins, for every tail length 1-17 (so
// every masked last group and every scalar remainder is exercised): the household budget
// rule (models/src/budgets.hpp, households.cpp) and the Philox words behind the spending
// noise (sim/src/draws.cpp). The twins must give the same bits.

#include <catch2/catch.hpp>

#include <cmath>
#include <cstdint>
#include <cstring>
#include <limits>
#include <vector>

#include "../../models/src/budgets.hpp"
#include "ruralsim/sim/draws.hpp"
#include "ruralsim/sim/rng.hpp"

namespace sim = ruralsim::sim;
namespace detail = ruralsim::models::detail;

namespace {

bool same_bits(const std::vector<double>& a, const std::vector<double>& b, std::size_t n) {
    return std::memcmp(a.data(), b.data(), n * sizeof(double)) == 0;
}

bool cpu_has_avx512() {
#if defined(__GNUC__) && defined(__x86_64__)
    return __builtin_cpu_supports("avx512f") && __builtin_cpu_supports("avx512bw") &&
           __builtin_cpu_supports("avx512vl");
#else
    return false;
#endif
}

}  // namespace

TEST_CASE("Kernels: AVX-512 household budgets equal the portable loop for every tail length", "[kernels]") {
#ifdef RURALSIM_AVX512
    if (!cpu_has_avx512()) {
        WARN("this CPU has no AVX-512: the budget kernel cannot run here");
        return;
    }
    sim::Stream r(17, 1, 0, 0);
    for (std::uint32_t n = 1; n <= 17; ++n) {
        for (int round = 0; round < 20; ++round) {
            // Incomes and wealth around the budget rule's kinks: wealth near the buffer (max with
            // zero) and near nothing (the no-borrowing cap), adopters and not, some zero wealth.
            std::vector<float> income(n);
            std::vector<std::uint8_t> adopted(n);
            std::vector<double> noise(n), w_a(n), w_b(n);
            for (std::uint32_t k = 0; k < n; ++k) {
                income[k] = static_cast<float>(r.lognormal_mean(18000.0, 0.8));
                adopted[k] = static_cast<std::uint8_t>(r.uniform() < 0.5 ? 0 : 1 + (k % 3));
                noise[k] = r.lognormal_mean(1.0, 0.3);
                const double u = r.uniform();
                w_a[k] = u < 0.1 ? 0.0 : u < 0.3 ? r.uniform() * 50.0 : r.lognormal_mean(60000.0, 1.0);
            }
            w_b = w_a;
            const detail::BudgetTerms t{2.45 / 365.0 * (1.0 + 0.01 * round), 0.82, 6.0, 0.01, 1.08, {0.7, 0.93}};
            // Room for n rounded up to a multiple of 8, as the household phase gives.
            const std::size_t room = (n + 7) / 8 * 8;
            std::vector<double> inc_a(room), cons_a(room), after_a(room), inc_b(room), cons_b(room), after_b(room);
            detail::budgets_scalar(t, n, income.data(), adopted.data(), noise.data(), w_a.data(), inc_a.data(),
                                   cons_a.data(), after_a.data());
            detail::budgets_avx512(t, n, income.data(), adopted.data(), noise.data(), w_b.data(), inc_b.data(),
                                   cons_b.data(), after_b.data());
            INFO("n = " << n << ", round " << round);
            REQUIRE(same_bits(w_a, w_b, n));
            REQUIRE(same_bits(inc_a, inc_b, n));
            REQUIRE(same_bits(cons_a, cons_b, n));
            REQUIRE(same_bits(after_a, after_b, n));
        }
    }
#else
    WARN("built without the AVX-512 budget kernel");
#endif
}

TEST_CASE("Kernels: AVX-512 Philox words equal the portable loop for every tail length", "[kernels]") {
    std::vector<std::uint32_t> a(4 * 64), b(4 * 64);
    std::uint32_t probe[4];
    if (!sim::detail::philox_words_avx512(1, 3, 0, 1, 0, probe)) {
        WARN("this build or CPU has no AVX-512 Philox kernel");
        return;
    }
    // Lengths 1-17 (a masked-free tail after zero or one full group of 16), and 31-33 past two groups.
    for (std::size_t n : {1, 2, 3, 4, 5, 6, 7, 8, 9, 10, 11, 12, 13, 14, 15, 16, 17, 31, 32, 33})
        for (std::uint64_t seed : {0ULL, 1ULL, 20210101ULL, 0xfedcba9876543210ULL})
            for (std::uint32_t first : {0u, 15u, 4'294'967'280u}) {  // the last wraps the agent counter
                sim::detail::philox_words_portable(seed, 3, first, n, 1825, a.data());
                REQUIRE(sim::detail::philox_words_avx512(seed, 3, first, n, 1825, b.data()));
                INFO("n = " << n << ", seed " << seed << ", first " << first);
                REQUIRE(std::memcmp(a.data(), b.data(), 4 * n * sizeof(std::uint32_t)) == 0);
            }
    // And the portable words are Philox4x32-10's block of each agent.
    sim::detail::philox_words_portable(42, 3, 100, 5, 7, a.data());
    for (std::uint32_t k = 0; k < 5; ++k) {
        const auto blk = sim::philox4x32_block(42, 3, 100 + k, 7);
        for (std::size_t j = 0; j < 4; ++j) REQUIRE(a[4 * k + j] == blk[j]);
    }
}
