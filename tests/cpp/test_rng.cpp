// Counter-based random streams (sim/rng.hpp): a draw is a pure function of its
// key, and the distributions have the right moments.

#include <catch2/catch.hpp>

#include <Random123/philox.h>

#include <cmath>
#include <cstdint>
#include <set>
#include <vector>

#include "ruralsim/models/streams.hpp"
#include "ruralsim/sim/rng.hpp"

using ruralsim::sim::Stream;
namespace streams = ruralsim::models::streams;

namespace {
constexpr int kN = 1'000'000;
}  // namespace

TEST_CASE("RNG: the same key gives the same sequence", "[rng]") {
    Stream a(42, streams::kSpending, 1234, 56), b(42, streams::kSpending, 1234, 56);
    // 37 words: crosses several four-word Philox blocks.
    for (int i = 0; i < 37; ++i) REQUIRE(a.next() == b.next());
    Stream c(42, streams::kSpending, 1234, 56), d(42, streams::kSpending, 1234, 56);
    for (int i = 0; i < 1000; ++i) {
        REQUIRE(c.uniform() == d.uniform());
        REQUIRE(c.normal() == d.normal());
    }
    // A stream does not depend on what other streams were drawn before it.
    Stream e(42, streams::kSpending, 1234, 56);
    for (int i = 0; i < 100; ++i) (void)Stream(1, 2, 3, 4).next();
    Stream f(42, streams::kSpending, 1234, 56);
    for (int i = 0; i < 10; ++i) REQUIRE(e.next() == f.next());
}

TEST_CASE("RNG: seed, stream, agent and day each change the draws", "[rng]") {
    auto first_words = [](Stream s) {
        std::vector<std::uint64_t> w;
        for (int i = 0; i < 8; ++i) w.push_back(s.next());
        return w;
    };
    const auto base = first_words(Stream(42, streams::kSpending, 1234, 56));
    const auto other_seed = first_words(Stream(43, streams::kSpending, 1234, 56));
    const auto other_stream = first_words(Stream(42, streams::kAdoption, 1234, 56));
    const auto other_agent = first_words(Stream(42, streams::kSpending, 1235, 56));
    const auto other_day = first_words(Stream(42, streams::kSpending, 1234, 57));
    for (std::size_t i = 0; i < base.size(); ++i) {
        CHECK(base[i] != other_seed[i]);
        CHECK(base[i] != other_stream[i]);
        CHECK(base[i] != other_agent[i]);
        CHECK(base[i] != other_day[i]);
    }
    // Swapping agent and day must not give the same stream either.
    CHECK(first_words(Stream(42, streams::kSpending, 56, 1234)) != base);
    // Stream ids are distinct.
    const std::vector<std::uint64_t> all = {streams::kGeography,      streams::kHouseholdInit, streams::kSpending,
                                            streams::kAdoption,       streams::kStoreEntry,    streams::kSelling,
                                            streams::kMulberryInit,   streams::kCocoonSpot,    streams::kCocoonBatch,
                                            streams::kMulberryYearly, streams::kSilkExport,    streams::kExporterInit,
                                            streams::kExportDemand,   streams::kExportDefault, streams::kExporterEntry,
                                            streams::kProcurement,    streams::kJiazhengTrain, streams::kJiazhengJob};
    CHECK(std::set<std::uint64_t>(all.begin(), all.end()).size() == all.size());
}

TEST_CASE("RNG: words within and across streams do not repeat", "[rng]") {
    std::set<std::uint64_t> seen;
    for (std::uint64_t agent = 0; agent < 100; ++agent) {
        Stream s(1, streams::kSpending, agent, 0);
        for (int i = 0; i < 100; ++i) seen.insert(s.next());
    }
    CHECK(seen.size() == 100u * 100u);
}

TEST_CASE("RNG: Philox4x64-10 known answers and a pinned stream", "[rng]") {
    // Random123's own known-answer vector (kat_vectors: philox4x64 10, pi digits).
    r123::Philox4x64 philox;
    const r123::Philox4x64::ctr_type ctr = {
        {0x243f6a8885a308d3ULL, 0x13198a2e03707344ULL, 0xa4093822299f31d0ULL, 0x082efa98ec4e6c89ULL}};
    const r123::Philox4x64::key_type key = {{0x452821e638d01377ULL, 0xbe5466cf34e90c6cULL}};
    const auto out = philox(ctr, key);
    CHECK(out.v[0] == 0xa528f45403e61d95ULL);
    CHECK(out.v[1] == 0x38c72dbd566e9788ULL);
    CHECK(out.v[2] == 0xa5a1610e72fd18b5ULL);
    CHECK(out.v[3] == 0x57bd43b5e52b7fe6ULL);

    // The all-zero key and counter is Random123's zero vector: Stream maps (seed, stream) to the
    // key and (agent, day, block, 0) to the counter.
    Stream zero(0, 0, 0, 0);
    CHECK(zero.next() == 0x16554d9eca36314cULL);
    CHECK(zero.next() == 0xdb20fe9d672d0fdcULL);
    CHECK(zero.next() == 0xd7e772cee186176bULL);
    CHECK(zero.next() == 0x7e68b68aec7ba23bULL);
    CHECK(zero.next() == 0x19bf6be67257df0bULL);  // second block (counter word 2 = 1), pinned

    // A realistic key, pinned once (computed with this Random123 variant): any change of the
    // generator, of the key layout or of the word order changes every run of the model.
    Stream s(20210101, streams::kSpending, 12345, 17);
    CHECK(s.next() == 0x599414849a8b3387ULL);
    CHECK(s.next() == 0xd7544bd7cf482a2cULL);
    CHECK(s.next() == 0x1daddce909600cc1ULL);
    CHECK(s.next() == 0xda05806679289b15ULL);
    CHECK(s.next() == 0x23b276d7192a2950ULL);
    Stream t(20210101, streams::kSpending, 12345, 17);
    CHECK(t.uniform() == (static_cast<double>(0x599414849a8b3387ULL >> 11) + 0.5) * 0x1.0p-53);
}

TEST_CASE("RNG: uniform is in (0,1) with mean 1/2 and variance 1/12", "[rng]") {
    Stream s(7, streams::kSpending, 99, 3);
    double sum = 0, sum2 = 0, lo = 1, hi = 0;
    int below_tenth = 0;
    for (int i = 0; i < kN; ++i) {
        const double u = s.uniform();
        REQUIRE(u > 0.0);
        REQUIRE(u < 1.0);
        sum += u;
        sum2 += u * u;
        lo = std::min(lo, u);
        hi = std::max(hi, u);
        below_tenth += u < 0.1;
    }
    const double mean = sum / kN, var = sum2 / kN - mean * mean;
    // Standard errors: mean sqrt(1/12/N) ~ 2.9e-4; variance sqrt(1/180/N) ~ 7.5e-5; 5 sigma each.
    CHECK(std::abs(mean - 0.5) < 5 * std::sqrt(1.0 / 12.0 / kN));
    CHECK(std::abs(var - 1.0 / 12.0) < 5 * std::sqrt(1.0 / 180.0 / kN));
    CHECK(std::abs(below_tenth / double(kN) - 0.1) < 5 * std::sqrt(0.09 / kN));
    // A million draws reach within 1e-4 of both ends.
    CHECK(lo < 1e-4);
    CHECK(hi > 1 - 1e-4);

    // Across agents (first draw of each key), as the model uses it.
    double across = 0;
    for (int a = 0; a < 100000; ++a)
        across += Stream(7, streams::kAdoption, static_cast<std::uint64_t>(a), 0).uniform();
    CHECK(std::abs(across / 100000 - 0.5) < 5 * std::sqrt(1.0 / 12.0 / 100000));

    // Bernoulli frequency.
    Stream b(7, streams::kStoreEntry, 1, 1);
    int hits = 0;
    for (int i = 0; i < 100000; ++i) hits += b.bernoulli(0.3);
    CHECK(std::abs(hits / 100000.0 - 0.3) < 5 * std::sqrt(0.21 / 100000));
    Stream never(7, streams::kStoreEntry, 1, 2);
    for (int i = 0; i < 1000; ++i) {
        REQUIRE_FALSE(never.bernoulli(0.0));
        REQUIRE(never.bernoulli(1.0));
    }
}

TEST_CASE("RNG: normal has mean 0, variance 1 and normal tails", "[rng]") {
    Stream s(11, streams::kSpending, 5, 8);
    double sum = 0, sum2 = 0, sum3 = 0;
    int within1 = 0;
    for (int i = 0; i < kN; ++i) {
        const double z = s.normal();
        REQUIRE(std::isfinite(z));
        sum += z;
        sum2 += z * z;
        sum3 += z * z * z;
        within1 += std::abs(z) < 1.0;
    }
    const double mean = sum / kN, var = sum2 / kN - mean * mean;
    // Standard errors: mean 1/sqrt(N) = 1e-3; variance sqrt(2/N) ~ 1.4e-3; third moment sqrt(15/N) ~ 3.9e-3.
    CHECK(std::abs(mean) < 5.0 / std::sqrt(kN));
    CHECK(std::abs(var - 1.0) < 5 * std::sqrt(2.0 / kN));
    CHECK(std::abs(sum3 / kN) < 5 * std::sqrt(15.0 / kN));
    const double p1 = 0.6826894921370859;  // P(|Z| < 1)
    CHECK(std::abs(within1 / double(kN) - p1) < 5 * std::sqrt(p1 * (1 - p1) / kN));
}

TEST_CASE("RNG: lognormal_mean has the requested mean and log-sd", "[rng]") {
    const double mean = 18100.0, sigma = 0.55;
    Stream s(3, streams::kHouseholdInit, 77, 0);
    double sum = 0, sum_log = 0, sum_log2 = 0;
    for (int i = 0; i < kN; ++i) {
        const double x = s.lognormal_mean(mean, sigma);
        REQUIRE(x > 0.0);
        sum += x;
        sum_log += std::log(x);
        sum_log2 += std::log(x) * std::log(x);
    }
    // sd of a log-normal with this mean: mean * sqrt(exp(sigma^2) - 1).
    const double sd = mean * std::sqrt(std::exp(sigma * sigma) - 1.0);
    CHECK(std::abs(sum / kN - mean) < 5 * sd / std::sqrt(kN));
    // log x ~ N(log(mean) - sigma^2/2, sigma^2): the median is below the mean.
    const double mlog = sum_log / kN, vlog = sum_log2 / kN - mlog * mlog;
    CHECK(std::abs(mlog - (std::log(mean) - 0.5 * sigma * sigma)) < 5 * sigma / std::sqrt(kN));
    CHECK(std::abs(vlog - sigma * sigma) < 5 * sigma * sigma * std::sqrt(2.0 / kN));

    // sigma = 0 gives the mean exactly.
    Stream z(3, streams::kHouseholdInit, 78, 0);
    for (int i = 0; i < 100; ++i) REQUIRE(z.lognormal_mean(250.0, 0.0) == 250.0);
}
