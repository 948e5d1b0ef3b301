// Batched counter-based draws (see draws.hpp).
//
// This file is compiled with -ffp-contract=off (sim/CMakeLists.txt): a fused multiply-add
// in one build and not in another would give different bits. The batch functions are
// compiled once per instruction set (target_clones, chosen at load time) so that the
// loops vectorise on the CPU at hand; every lane does the same IEEE operations as the
// scalar code, so each build gives the same result.

#include "ruralsim/sim/draws.hpp"

#include <algorithm>
#include <bit>
#include <cmath>
#include <cstdlib>
#include <cstring>

#if defined(__GNUC__) && defined(__x86_64__)
#include <immintrin.h>
#define RURALSIM_AVX512 1
#endif

namespace ruralsim::sim {

namespace {

// Not under ThreadSanitizer: the clones' load-time resolver runs before its runtime is set up
// and crashes (every clone gives the same bits, so the default one loses nothing there).
#if defined(__GNUC__) && !defined(__clang__) && defined(__x86_64__) && defined(__ELF__) && !defined(__SANITIZE_THREAD__)
#define RURALSIM_CLONES __attribute__((target_clones("default", "arch=x86-64-v3", "arch=x86-64-v4")))
#else
#define RURALSIM_CLONES
#endif
#define RURALSIM_INLINE inline __attribute__((always_inline))

// Philox4x32-10 constants (Salmon et al. 2011, as in Random123).
constexpr std::uint32_t kM0 = 0xD2511F53u, kM1 = 0xCD9E8D57u, kW0 = 0x9E3779B9u, kW1 = 0xBB67AE85u;
constexpr int kRounds = 10;

struct Block {
    std::uint32_t x0, x1, x2, x3;
};

RURALSIM_INLINE Block philox(std::uint32_t x0, std::uint32_t x1, std::uint32_t x2, std::uint32_t x3,
                             const std::uint32_t* k0, const std::uint32_t* k1) {
    // The words are kept in 64-bit lanes with the high half zero, so that the 32 x 32 -> 64
    // products compile to one SIMD multiply of the even 32-bit lanes (vpmuludq).
    constexpr std::uint64_t kLow = 0xffffffffu;
    std::uint64_t c0 = x0, c1 = x1, c2 = x2, c3 = x3;
#pragma GCC unroll 10
    for (int r = 0; r < kRounds; ++r) {
        const std::uint64_t p0 = (c0 & kLow) * kM0;
        const std::uint64_t p1 = (c2 & kLow) * kM1;
        c0 = ((p1 >> 32) ^ c1 ^ k0[r]) & kLow;
        c2 = ((p0 >> 32) ^ c3 ^ k1[r]) & kLow;
        c1 = p1 & kLow;
        c3 = p0 & kLow;
    }
    return {static_cast<std::uint32_t>(c0), static_cast<std::uint32_t>(c1), static_cast<std::uint32_t>(c2),
            static_cast<std::uint32_t>(c3)};
}

/// Uniform in the open interval (0, 1) from two words (26 bits each: 52-bit resolution).
RURALSIM_INLINE double uniform52(std::uint32_t a, std::uint32_t b) {
    const double hi = static_cast<double>(static_cast<std::int32_t>(a >> 6));
    const double lo = static_cast<double>(static_cast<std::int32_t>(b >> 6));
    return (hi * 0x1p26 + lo + 0.5) * 0x1p-52;
}

// log: the fdlibm / musl algorithm (reduction to [sqrt(2)/2, sqrt(2)), log(1+f) through
// s = f / (2 + f) and a minimax polynomial in s^2), without the branches for zero,
// negative, subnormal and infinite input, which the callers never pass.
constexpr double kLn2Hi = 6.93147180369123816490e-01, kLn2Lo = 1.90821492927058770002e-10;
constexpr double kLg1 = 6.666666666666735130e-01, kLg2 = 3.999999999940941908e-01, kLg3 = 2.857142874366239149e-01,
                 kLg4 = 2.222219843214978396e-01, kLg5 = 1.818357216161805012e-01, kLg6 = 1.531383769920937332e-01,
                 kLg7 = 1.479819860511658591e-01;

RURALSIM_INLINE double log_pos(double x) {
    const std::uint64_t ix = std::bit_cast<std::uint64_t>(x);
    std::uint32_t hx = static_cast<std::uint32_t>(ix >> 32);
    hx += 0x3ff00000u - 0x3fe6a09eu;
    const std::int32_t k = static_cast<std::int32_t>(hx >> 20) - 0x3ff;
    hx = (hx & 0x000fffffu) + 0x3fe6a09eu;
    const double m = std::bit_cast<double>((static_cast<std::uint64_t>(hx) << 32) | (ix & 0xffffffffu));
    const double f = m - 1.0;
    const double hfsq = 0.5 * f * f;
    const double s = f / (2.0 + f);
    const double z = s * s;
    const double w = z * z;
    const double t1 = w * (kLg2 + w * (kLg4 + w * kLg6));
    const double t2 = z * (kLg1 + w * (kLg3 + w * (kLg5 + w * kLg7)));
    const double dk = static_cast<double>(k);
    return s * (hfsq + t2 + t1) + dk * kLn2Lo - hfsq + f + dk * kLn2Hi;
}

// cos(2 pi t): quadrant k = round(4t), exact remainder r = t - k/4 in [-1/8, 1/8],
// x = 2 pi r in [-pi/4, pi/4], and the fdlibm sin / cos kernels' minimax polynomials.
constexpr double kS1 = -1.66666666666666324348e-01, kS2 = 8.33333333332248946124e-03, kS3 = -1.98412698298579493134e-04,
                 kS4 = 2.75573137070700676789e-06, kS5 = -2.50507602534068634195e-08, kS6 = 1.58969099521155010221e-10;
constexpr double kC1 = 4.16666666666666019037e-02, kC2 = -1.38888888888741095749e-03, kC3 = 2.48015872894767294178e-05,
                 kC4 = -2.75573143513906633035e-07, kC5 = 2.08757232129817482790e-09, kC6 = -1.13596475577881948265e-11;
constexpr double kTwoPi = 6.283185307179586;

RURALSIM_INLINE double cos_2pi(double t) {
    const std::int32_t k = static_cast<std::int32_t>(t * 4.0 + 0.5);
    const double x = (t - 0.25 * static_cast<double>(k)) * kTwoPi;
    const double z = x * x;
    const double sn = x + x * z * (kS1 + z * (kS2 + z * (kS3 + z * (kS4 + z * (kS5 + z * kS6)))));
    const double cs = (1.0 - 0.5 * z) + z * z * (kC1 + z * (kC2 + z * (kC3 + z * (kC4 + z * (kC5 + z * kC6)))));
    const double v = (k & 1) ? sn : cs;
    return ((k + 1) & 2) ? -v : v;
}

// exp: n = round(x / ln 2) by the 1.5 * 2^52 shift, r = x - n ln 2 in [-0.35, 0.35],
// Taylor polynomial of degree 13 (truncation below 1e-17), times 2^n built from n's bits.
constexpr double kInvLn2 = 1.44269504088896338700e+00, kShift = 0x1.8p52;

RURALSIM_INLINE double exp_clamped(double x) {
    x = x < -700.0 ? -700.0 : x > 700.0 ? 700.0 : x;
    double kd = x * kInvLn2 + kShift;
    const std::uint64_t ki = std::bit_cast<std::uint64_t>(kd);
    kd -= kShift;
    const double r = (x - kd * kLn2Hi) - kd * kLn2Lo;
    double p = 1.0 / 6227020800.0;  // 1/13!
    p = p * r + 1.0 / 479001600.0;
    p = p * r + 1.0 / 39916800.0;
    p = p * r + 1.0 / 3628800.0;
    p = p * r + 1.0 / 362880.0;
    p = p * r + 1.0 / 40320.0;
    p = p * r + 1.0 / 5040.0;
    p = p * r + 1.0 / 720.0;
    p = p * r + 1.0 / 120.0;
    p = p * r + 1.0 / 24.0;
    p = p * r + 1.0 / 6.0;
    p = p * r + 0.5;
    p = p * r + 1.0;
    p = p * r + 1.0;
    // The low bits of ki hold n (two's complement), so (ki + 1023) << 52 is 2^n's bit pattern.
    return p * std::bit_cast<double>((ki + 1023u) << 52);
}

struct Keys {
    std::uint32_t k0[kRounds], k1[kRounds];
    explicit Keys(std::uint64_t seed) {
        std::uint32_t a = static_cast<std::uint32_t>(seed), b = static_cast<std::uint32_t>(seed >> 32);
        for (int r = 0; r < kRounds; ++r, a += kW0, b += kW1) {
            k0[r] = a;
            k1[r] = b;
        }
    }
};

RURALSIM_INLINE double normal_of(std::uint32_t x0, std::uint32_t x1, std::uint32_t x2, std::uint32_t x3) {
    return std::sqrt(-2.0 * log_pos(uniform52(x0, x1))) * cos_2pi(uniform52(x2, x3));
}

/// Philox blocks of agents first .. first + n - 1, word j into w[j].
constexpr std::size_t kChunk = 256;
struct Words {
    alignas(64) std::uint32_t w0[kChunk], w1[kChunk], w2[kChunk], w3[kChunk];
};

RURALSIM_CLONES
void philox_words_plain(const Keys& keys, std::uint32_t first, std::size_t n, std::uint32_t day, std::uint32_t s,
                        Words& out) {
    for (std::size_t i = 0; i < n; ++i) {
        const Block b = philox(first + static_cast<std::uint32_t>(i), day, s, 0, keys.k0, keys.k1);
        out.w0[i] = b.x0;
        out.w1[i] = b.x1;
        out.w2[i] = b.x2;
        out.w3[i] = b.x3;
    }
}

#ifdef RURALSIM_AVX512
// Sixteen agents per register: the 32 x 32 -> 64 products of the even and of the odd 32-bit
// lanes (vpmuludq), recombined into the low and high halves; the same integer results as philox().
__attribute__((target("avx512f"))) void philox_words_avx512(const Keys& keys, std::uint32_t first, std::size_t n,
                                                            std::uint32_t day, std::uint32_t s, Words& out) {
    const __m512i m0 = _mm512_set1_epi32(static_cast<int>(kM0)), m1 = _mm512_set1_epi32(static_cast<int>(kM1));
    const __m512i lanes = _mm512_setr_epi32(0, 1, 2, 3, 4, 5, 6, 7, 8, 9, 10, 11, 12, 13, 14, 15);
    constexpr __mmask16 kOdd = 0xAAAA;
    std::size_t i = 0;
    for (; i + 16 <= n; i += 16) {
        __m512i c0 =
            _mm512_add_epi32(_mm512_set1_epi32(static_cast<int>(first + static_cast<std::uint32_t>(i))), lanes);
        __m512i c1 = _mm512_set1_epi32(static_cast<int>(day)), c2 = _mm512_set1_epi32(static_cast<int>(s)),
                c3 = _mm512_setzero_si512();
        for (int r = 0; r < kRounds; ++r) {
            const __m512i e0 = _mm512_mul_epu32(c0, m0), o0 = _mm512_mul_epu32(_mm512_srli_epi64(c0, 32), m0);
            const __m512i e1 = _mm512_mul_epu32(c2, m1), o1 = _mm512_mul_epu32(_mm512_srli_epi64(c2, 32), m1);
            const __m512i lo0 = _mm512_mask_blend_epi32(kOdd, e0, _mm512_slli_epi64(o0, 32));
            const __m512i hi0 = _mm512_mask_blend_epi32(kOdd, _mm512_srli_epi64(e0, 32), o0);
            const __m512i lo1 = _mm512_mask_blend_epi32(kOdd, e1, _mm512_slli_epi64(o1, 32));
            const __m512i hi1 = _mm512_mask_blend_epi32(kOdd, _mm512_srli_epi64(e1, 32), o1);
            c0 = _mm512_ternarylogic_epi32(hi1, c1, _mm512_set1_epi32(static_cast<int>(keys.k0[r])), 0x96);
            c2 = _mm512_ternarylogic_epi32(hi0, c3, _mm512_set1_epi32(static_cast<int>(keys.k1[r])), 0x96);
            c1 = lo1;
            c3 = lo0;
        }
        _mm512_storeu_si512(out.w0 + i, c0);
        _mm512_storeu_si512(out.w1 + i, c1);
        _mm512_storeu_si512(out.w2 + i, c2);
        _mm512_storeu_si512(out.w3 + i, c3);
    }
    for (; i < n; ++i) {
        const Block b = philox(first + static_cast<std::uint32_t>(i), day, s, 0, keys.k0, keys.k1);
        out.w0[i] = b.x0;
        out.w1[i] = b.x1;
        out.w2[i] = b.x2;
        out.w3[i] = b.x3;
    }
}
#endif

void philox_words(const Keys& keys, std::uint32_t first, std::size_t n, std::uint32_t day, std::uint32_t s,
                  Words& out) {
#ifdef RURALSIM_AVX512
    static const bool avx512 = avx512_kernels();
    if (avx512) return philox_words_avx512(keys, first, n, day, s, out);
#endif
    philox_words_plain(keys, first, n, day, s, out);
}

RURALSIM_CLONES
void noise_of_words(const Words& w, std::size_t n, double sigma, double* __restrict out) {
    const double half_var = 0.5 * sigma * sigma;
    for (std::size_t i = 0; i < n; ++i)
        out[i] = exp_clamped(sigma * normal_of(w.w0[i], w.w1[i], w.w2[i], w.w3[i]) - half_var);
}

RURALSIM_CLONES
void normals_of_words(const Words& w, std::size_t n, double* __restrict out) {
    for (std::size_t i = 0; i < n; ++i) out[i] = normal_of(w.w0[i], w.w1[i], w.w2[i], w.w3[i]);
}

}  // namespace

bool avx512_kernels() noexcept {
#ifdef RURALSIM_AVX512
    const char* off = std::getenv("RURALSIM_NO_AVX512");
    if (off && *off && std::strcmp(off, "0") != 0) return false;
    return __builtin_cpu_supports("avx512f") && __builtin_cpu_supports("avx512bw") &&
           __builtin_cpu_supports("avx512vl");
#else
    return false;
#endif
}

std::array<std::uint32_t, 4> philox4x32_block(std::uint64_t seed, std::uint64_t stream, std::uint32_t agent,
                                              std::uint32_t day) noexcept {
    const Keys keys(seed);
    const Block b = philox(agent, day, static_cast<std::uint32_t>(stream), 0, keys.k0, keys.k1);
    return {b.x0, b.x1, b.x2, b.x3};
}

void lognormal_noise(std::uint64_t seed, std::uint64_t stream, std::uint32_t first_agent, std::size_t n,
                     std::uint32_t day, double sigma, double* out) noexcept {
    const Keys keys(seed);
    Words w;
    for (std::size_t i = 0; i < n; i += kChunk) {
        const std::size_t m = std::min(kChunk, n - i);
        philox_words(keys, first_agent + static_cast<std::uint32_t>(i), m, day, static_cast<std::uint32_t>(stream), w);
        noise_of_words(w, m, sigma, out + i);
    }
}

void standard_normals(std::uint64_t seed, std::uint64_t stream, std::uint32_t first_agent, std::size_t n,
                      std::uint32_t day, double* out) noexcept {
    const Keys keys(seed);
    Words w;
    for (std::size_t i = 0; i < n; i += kChunk) {
        const std::size_t m = std::min(kChunk, n - i);
        philox_words(keys, first_agent + static_cast<std::uint32_t>(i), m, day, static_cast<std::uint32_t>(stream), w);
        normals_of_words(w, m, out + i);
    }
}

namespace detail {
double draws_log(double x) noexcept { return log_pos(x); }
double draws_cos_2pi(double t) noexcept { return cos_2pi(t); }
double draws_exp(double x) noexcept { return exp_clamped(x); }

namespace {
void interleave(const Words& w, std::size_t n, std::uint32_t* out) {
    for (std::size_t k = 0; k < n; ++k) {
        out[4 * k] = w.w0[k];
        out[4 * k + 1] = w.w1[k];
        out[4 * k + 2] = w.w2[k];
        out[4 * k + 3] = w.w3[k];
    }
}
}  // namespace

void philox_words_portable(std::uint64_t seed, std::uint64_t stream, std::uint32_t first, std::size_t n,
                           std::uint32_t day, std::uint32_t* out) noexcept {
    Words w;
    n = std::min(n, kChunk);
    philox_words_plain(Keys(seed), first, n, day, static_cast<std::uint32_t>(stream), w);
    interleave(w, n, out);
}

bool philox_words_avx512(std::uint64_t seed, std::uint64_t stream, std::uint32_t first, std::size_t n,
                         std::uint32_t day, std::uint32_t* out) noexcept {
#ifdef RURALSIM_AVX512
    if (!__builtin_cpu_supports("avx512f")) return false;
    Words w;
    n = std::min(n, kChunk);
    ::ruralsim::sim::philox_words_avx512(Keys(seed), first, n, day, static_cast<std::uint32_t>(stream), w);
    interleave(w, n, out);
    return true;
#else
    (void)seed, (void)stream, (void)first, (void)n, (void)day, (void)out;
    return false;
#endif
}
}  // namespace detail

}  // namespace ruralsim::sim
