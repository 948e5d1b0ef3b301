#pragma once
/// \file
/// How much memory a run may use: the resource guard refuses a run whose
/// estimate exceeds it before anything large is allocated.
///
/// Example:
/// \code
///   std::uint64_t limit = sim::memory_limit(0);   // RURALSIM_MEMORY_LIMIT, else MemAvailable
///   sim::parse_bytes("512M");                     // 536870912
/// \endcode

#include <cstdint>
#include <string>
#include <string_view>

namespace ruralsim::sim {

/// Parses a size: a whole number of bytes with an optional K, M, G or T suffix
/// (powers of 1024), e.g. "1500000", "512M", "2G". Throws ruralsim::Error
/// naming `what` (the option or variable) and what was expected.
std::uint64_t parse_bytes(std::string_view text, const std::string& what);

/// MemAvailable from /proc/meminfo in bytes, or 0 when unknown.
std::uint64_t available_memory();

/// The limit a run must fit in: `explicit_limit` when not 0, else the
/// environment variable RURALSIM_MEMORY_LIMIT when set, else available_memory()
/// (0 = unknown: no check).
std::uint64_t memory_limit(std::uint64_t explicit_limit);

/// "1.5 GB" style text for messages.
std::string format_bytes(std::uint64_t bytes);

}  // namespace ruralsim::sim
