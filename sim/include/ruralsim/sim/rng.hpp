#pragma once
/// \file
/// Counter-based random streams (Philox4x64-10 from Random123).
///
/// A draw is a pure function of (seed, stream id, agent id, day, draw number):
/// no generator state is shared between threads, so results never depend on
/// which thread runs what, and the same seed gives an agent the same draws in
/// every scenario (common random numbers). The scenario is never part of the key.
///
/// Example:
/// \code
///   sim::Stream s(seed, stream_id, agent_id, day);   // the model defines its stream ids
///   double u = s.uniform();       // in (0, 1)
///   double z = s.normal();        // standard normal
/// \endcode

#include <Random123/philox.h>

#include <cmath>
#include <cstdint>

namespace ruralsim::sim {

/// One agent's draws on one day for one purpose. Cheap to construct; every
/// Philox block yields four 64-bit words, used in order.
class Stream {
public:
    Stream(std::uint64_t seed, std::uint64_t stream, std::uint64_t agent, std::uint64_t day) noexcept
        : key_{{seed, stream}}, ctr_{{agent, day, 0, 0}} {}

    /// Next raw 64-bit word.
    std::uint64_t next() noexcept {
        if (used_ == 4) refill();
        return block_.v[used_++];
    }
    /// Uniform in the open interval (0, 1): never 0, never 1.
    double uniform() noexcept { return (static_cast<double>(next() >> 11) + 0.5) * 0x1.0p-53; }
    /// Standard normal (Box-Muller; both halves are used).
    double normal() noexcept {
        if (has_spare_) {
            // The second half is computed only when asked for (most callers draw one normal).
            has_spare_ = false;
            return spare_r_ * std::sin(spare_t_);
        }
        const double r = std::sqrt(-2.0 * std::log(uniform()));
        const double t = 6.283185307179586 * uniform();
        spare_r_ = r;
        spare_t_ = t;
        has_spare_ = true;
        return r * std::cos(t);
    }
    /// True with probability p.
    bool bernoulli(double p) noexcept { return uniform() < p; }
    /// Log-normal with the given mean (not median) and log-sd sigma.
    double lognormal_mean(double mean, double sigma) noexcept {
        return mean * std::exp(sigma * normal() - 0.5 * sigma * sigma);
    }

private:
    void refill() noexcept {
        block_ = r123::Philox4x64()(ctr_, key_);
        ++ctr_.v[2];
        used_ = 0;
    }
    r123::Philox4x64::key_type key_;
    r123::Philox4x64::ctr_type ctr_;
    r123::Philox4x64::ctr_type block_{};
    int used_ = 4;
    bool has_spare_ = false;
    double spare_r_ = 0.0, spare_t_ = 0.0;
};

}  // namespace ruralsim::sim
