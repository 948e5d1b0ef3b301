// Batched draws (sim/draws.hpp): the generator is Random123's Philox4x32-10, a draw does not
// depend on the batch it is computed in, the polynomial log / cos / exp match <cmath> to a
// few units in the last place, and the normals and log-normal multipliers have the right moments.

#include <catch2/catch.hpp>

#include <Random123/philox.h>

#include <cmath>
#include <cstdint>
#include <set>
#include <vector>

#include "ruralsim/models/streams.hpp"
#include "ruralsim/sim/draws.hpp"
#include "ruralsim/sim/rng.hpp"

namespace sim = ruralsim::sim;

namespace {
double rel_err(double got, double want) { return std::abs(got - want) / std::max(std::abs(want), 1e-300); }
}  // namespace

TEST_CASE("Draws: Philox4x32-10 is Random123's, keyed by (seed, stream, agent, day)", "[rng]") {
    // Random123's known-answer vector (kat_vectors: philox4x32 10, pi digits).
    r123::Philox4x32 philox;
    const auto kat = philox({{0x243f6a88u, 0x85a308d3u, 0x13198a2eu, 0x03707344u}}, {{0xa4093822u, 0x299f31d0u}});
    CHECK(kat.v[0] == 0xd16cfe09u);
    CHECK(kat.v[1] == 0x94fdcceb);
    CHECK(kat.v[2] == 0x5001e420u);
    CHECK(kat.v[3] == 0x24126ea1u);
    for (std::uint64_t seed : {0ULL, 1ULL, 20210101ULL, 0x123456789abcdefULL})
        for (std::uint32_t agent : {0u, 7u, 13083290u})
            for (std::uint32_t day : {0u, 1825u}) {
                const auto b = sim::philox4x32_block(seed, ruralsim::models::streams::kSpending, agent, day);
                const auto want =
                    philox({{agent, day, static_cast<std::uint32_t>(ruralsim::models::streams::kSpending), 0u}},
                           {{static_cast<std::uint32_t>(seed), static_cast<std::uint32_t>(seed >> 32)}});
                for (int k = 0; k < 4; ++k) REQUIRE(b[static_cast<std::size_t>(k)] == want.v[k]);
            }
    // Seed, stream, agent and day each change the block.
    const auto base = sim::philox4x32_block(42, 3, 1234, 56);
    CHECK(sim::philox4x32_block(43, 3, 1234, 56) != base);
    CHECK(sim::philox4x32_block(42, 4, 1234, 56) != base);
    CHECK(sim::philox4x32_block(42, 3, 1235, 56) != base);
    CHECK(sim::philox4x32_block(42, 3, 1234, 57) != base);
    CHECK(sim::philox4x32_block(42, 3, 56, 1234) != base);
}

TEST_CASE("Draws: a draw does not depend on the batch that computes it", "[rng]") {
    // Whole batch (vectorised body) vs one agent at a time (scalar path) vs uneven pieces.
    const std::size_t n = 1003;
    std::vector<double> whole(n), single(n), pieces(n);
    sim::lognormal_noise(9, ruralsim::models::streams::kSpending, 500, n, 31, 0.3, whole.data());
    for (std::size_t k = 0; k < n; ++k)
        sim::lognormal_noise(9, ruralsim::models::streams::kSpending, 500 + static_cast<std::uint32_t>(k), 1, 31, 0.3,
                             &single[k]);
    for (std::size_t k0 = 0, len = 1; k0 < n; k0 += len, len = len * 2 + 1)
        sim::lognormal_noise(9, ruralsim::models::streams::kSpending, 500 + static_cast<std::uint32_t>(k0),
                             std::min(len, n - k0), 31, 0.3, &pieces[k0]);
    for (std::size_t k = 0; k < n; ++k) {
        REQUIRE(whole[k] == single[k]);
        REQUIRE(whole[k] == pieces[k]);
    }
    std::vector<double> z(n), z1(1);
    sim::standard_normals(9, ruralsim::models::streams::kSpending, 500, n, 31, z.data());
    for (std::size_t k = 0; k < n; k += 97) {
        sim::standard_normals(9, ruralsim::models::streams::kSpending, 500 + static_cast<std::uint32_t>(k), 1, 31,
                              z1.data());
        REQUIRE(z[k] == z1[0]);
        // The multiplier is exp(sigma z - sigma^2 / 2) of the same normal.
        CHECK(rel_err(whole[k], std::exp(0.3 * z[k] - 0.045)) < 1e-15);
    }
    // sigma = 0 gives exactly one.
    std::vector<double> ones(64);
    sim::lognormal_noise(9, ruralsim::models::streams::kSpending, 0, ones.size(), 0, 0.0, ones.data());
    for (double x : ones) REQUIRE(x == 1.0);
}

TEST_CASE("Draws: polynomial log, cos and exp agree with <cmath>", "[rng]") {
    double worst_log = 0, worst_cos = 0, worst_exp = 0;
    sim::Stream s(5, ruralsim::models::streams::kSpending, 1, 1);
    for (int i = 0; i < 200000; ++i) {
        const double u = s.uniform();
        const double x = std::ldexp(u, -(i % 60));  // down to 2^-60
        worst_log = std::max(worst_log,
                             std::abs(sim::detail::draws_log(x) - std::log(x)) / std::max(std::abs(std::log(x)), 1.0));
        // cos(2 pi t) against its absolute size (|cos| <= 1; near its zeros absolute error is what matters).
        worst_cos = std::max(worst_cos, std::abs(sim::detail::draws_cos_2pi(u) - std::cos(6.283185307179586 * u)));
        const double e = (u - 0.5) * 80.0;
        worst_exp = std::max(worst_exp, rel_err(sim::detail::draws_exp(e), std::exp(e)));
    }
    CHECK(worst_log < 4e-16);
    CHECK(worst_cos < 1e-15);
    CHECK(worst_exp < 4e-16);
    CHECK(sim::detail::draws_log(1.0) == 0.0);
    CHECK(sim::detail::draws_exp(0.0) == 1.0);
    CHECK(sim::detail::draws_cos_2pi(0.0) == 1.0);
    CHECK(sim::detail::draws_cos_2pi(0.5) == -1.0);
    CHECK(sim::detail::draws_cos_2pi(1.0) == 1.0);
    CHECK(std::isfinite(sim::detail::draws_exp(1e6)));
    CHECK(sim::detail::draws_exp(-1e6) > 0.0);
}

TEST_CASE("Draws: normals have mean 0, variance 1 and normal tails; multipliers have mean 1", "[rng]") {
    const std::size_t n = 1'000'000;
    std::vector<double> z(n), m(n);
    sim::standard_normals(11, ruralsim::models::streams::kSpending, 0, n, 8, z.data());
    double sum = 0, sum2 = 0, sum3 = 0, sum4 = 0;
    int within1 = 0, beyond3 = 0;
    for (double x : z) {
        REQUIRE(std::isfinite(x));
        sum += x;
        sum2 += x * x;
        sum3 += x * x * x;
        sum4 += x * x * x * x;
        within1 += std::abs(x) < 1.0;
        beyond3 += std::abs(x) > 3.0;
    }
    const double N = static_cast<double>(n), mean = sum / N, var = sum2 / N - mean * mean;
    CHECK(std::abs(mean) < 5.0 / std::sqrt(N));
    CHECK(std::abs(var - 1.0) < 5 * std::sqrt(2.0 / N));
    CHECK(std::abs(sum3 / N) < 5 * std::sqrt(15.0 / N));
    CHECK(std::abs(sum4 / N - 3.0) < 5 * std::sqrt(96.0 / N));
    const double p1 = 0.6826894921370859, p3 = 0.0026997960632601866;
    CHECK(std::abs(within1 / N - p1) < 5 * std::sqrt(p1 * (1 - p1) / N));
    CHECK(std::abs(beyond3 / N - p3) < 5 * std::sqrt(p3 * (1 - p3) / N));

    // Across days for one agent, as a household sees them.
    double across = 0, across2 = 0;
    for (std::uint32_t day = 0; day < 20000; ++day) {
        double x;
        sim::standard_normals(11, ruralsim::models::streams::kSpending, 77, 1, day, &x);
        across += x;
        across2 += x * x;
    }
    CHECK(std::abs(across / 20000) < 5.0 / std::sqrt(20000.0));
    CHECK(std::abs(across2 / 20000 - 1.0) < 5 * std::sqrt(2.0 / 20000));

    const double sigma = 0.3;
    sim::lognormal_noise(11, ruralsim::models::streams::kSpending, 0, n, 9, sigma, m.data());
    double msum = 0;
    for (double x : m) {
        REQUIRE(x > 0.0);
        msum += x;
    }
    CHECK(std::abs(msum / N - 1.0) < 5 * std::sqrt(std::exp(sigma * sigma) - 1.0) / std::sqrt(N));
    std::set<double> distinct(m.begin(), m.begin() + 10000);
    CHECK(distinct.size() == 10000u);
}
