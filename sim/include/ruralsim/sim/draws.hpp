#pragma once
/// \file
/// Batched counter-based draws for the per-agent loops that run every day.
///
/// Like sim::Stream, a draw is a pure function of (seed, stream id, agent id,
/// day), so results do not depend on threads or on how a loop is cut into
/// batches. Unlike sim::Stream it fills a whole batch of agents at once with
/// code the compiler vectorises: one Philox4x32-10 block per agent and day
/// (32-bit multiplies, which SIMD units have) and polynomial log, cos and exp
/// built only from IEEE-exact operations (+, -, *, /, sqrt; no fused
/// multiply-add). The vectorised builds for newer CPUs (chosen at load time)
/// and the plain x86-64 build therefore give the same bits.
///
/// Example:
/// \code
///   double noise[256];
///   sim::lognormal_noise(seed, stream_id, first_agent, 256, day, 0.3, noise);
///   // noise[k] = exp(0.3 z - 0.045), z standard normal: mean one
/// \endcode

#include <array>
#include <cstddef>
#include <cstdint>

namespace ruralsim::sim {

/// The Philox4x32-10 block of (seed, stream, agent, day): counter {agent, day, stream, 0},
/// key {low, high 32 bits of seed}. The stream id is part of the counter, so streams never overlap.
std::array<std::uint32_t, 4> philox4x32_block(std::uint64_t seed, std::uint64_t stream, std::uint32_t agent,
                                              std::uint32_t day) noexcept;

/// out[k] = exp(sigma z_k - sigma^2 / 2), a mean-one log-normal multiplier, for agents
/// first_agent + k (k < n) on `day`; z_k is a standard normal (Box-Muller on the two
/// 53-bit uniforms of the agent's Philox4x32-10 block).
void lognormal_noise(std::uint64_t seed, std::uint64_t stream, std::uint32_t first_agent, std::size_t n,
                     std::uint32_t day, double sigma, double* out) noexcept;

/// out[k] = z_k, the standard normals behind lognormal_noise (for tests and other callers).
void standard_normals(std::uint64_t seed, std::uint64_t stream, std::uint32_t first_agent, std::size_t n,
                      std::uint32_t day, double* out) noexcept;

/// Whether the hand-written AVX-512 kernels run (here and in the models' household loop): the CPU
/// has AVX-512 F, BW and VL and the environment does not set RURALSIM_NO_AVX512 (to any value but
/// "0"). They give the same bits as the portable code; the switch lets a test show it.
bool avx512_kernels() noexcept;

namespace detail {
/// The polynomial functions used above, one value at a time (for tests against <cmath>).
double draws_log(double x) noexcept;      ///< natural log, x a positive normal number
double draws_cos_2pi(double t) noexcept;  ///< cos(2 pi t), t in [0, 1]
double draws_exp(double x) noexcept;      ///< exp, x clamped to [-700, 700]

/// The Philox4x32-10 words of agents first .. first + n - 1 (n <= 256) on `day`, word j of
/// agent k into out[4 k + j], by the portable loop (for tests of the hand-vectorised twin).
void philox_words_portable(std::uint64_t seed, std::uint64_t stream, std::uint32_t first, std::size_t n,
                           std::uint32_t day, std::uint32_t* out) noexcept;
/// The same by the AVX-512 kernel that lognormal_noise uses where avx512_kernels() is true;
/// false (nothing written) where this build or CPU has no AVX-512 F.
bool philox_words_avx512(std::uint64_t seed, std::uint64_t stream, std::uint32_t first, std::size_t n,
                         std::uint32_t day, std::uint32_t* out) noexcept;
}  // namespace detail

}  // namespace ruralsim::sim
