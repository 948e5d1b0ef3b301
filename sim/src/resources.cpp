#include "ruralsim/sim/resources.hpp"

#include <charconv>
#include <cstdio>
#include <cstdlib>
#include <fstream>
#include <limits>

#include "ruralsim/sim/error.hpp"

namespace ruralsim::sim {

std::uint64_t parse_bytes(std::string_view text, const std::string& what) {
    const auto bad = [&] {
        return Error(what +
                     " expects a size in bytes such as 1500000, 512M or 2G (K, M, G, T = powers of 1024), got '" +
                     std::string(text) + "'");
    };
    if (text.empty()) throw bad();
    std::uint64_t unit = 1;
    switch (text.back()) {
        case 'K':
        case 'k':
            unit = 1ull << 10;
            break;
        case 'M':
        case 'm':
            unit = 1ull << 20;
            break;
        case 'G':
        case 'g':
            unit = 1ull << 30;
            break;
        case 'T':
        case 't':
            unit = 1ull << 40;
            break;
        default:
            break;
    }
    const std::string_view digits = unit == 1 ? text : text.substr(0, text.size() - 1);
    std::uint64_t n = 0;
    const auto [end, ec] = std::from_chars(digits.data(), digits.data() + digits.size(), n);
    if (ec != std::errc() || end != digits.data() + digits.size() || digits.empty() || n == 0 ||
        n > std::numeric_limits<std::uint64_t>::max() / unit)
        throw bad();
    return n * unit;
}

std::uint64_t available_memory() {
    std::ifstream in("/proc/meminfo");
    std::string key;
    std::uint64_t kb = 0;
    std::string unit;
    while (in >> key >> kb >> unit)
        if (key == "MemAvailable:") return kb * 1024;
    return 0;
}

std::uint64_t memory_limit(std::uint64_t explicit_limit) {
    if (explicit_limit > 0) return explicit_limit;
    if (const char* env = std::getenv("RURALSIM_MEMORY_LIMIT"); env && *env)
        return parse_bytes(env, "RURALSIM_MEMORY_LIMIT");
    return available_memory();
}

std::string format_bytes(std::uint64_t bytes) {
    const char* units[] = {"bytes", "KB", "MB", "GB", "TB", "PB"};
    double v = static_cast<double>(bytes);
    int u = 0;
    while (v >= 1024 && u < 5) {
        v /= 1024;
        ++u;
    }
    char buf[32];
    std::snprintf(buf, sizeof buf, u == 0 ? "%.0f %s" : "%.1f %s", v, units[u]);
    return buf;
}

}  // namespace ruralsim::sim
