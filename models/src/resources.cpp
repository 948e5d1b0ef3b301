// The resource guard: the memory a run needs, estimated from the scenario before any agent
// is allocated, and the refusal when it exceeds what the machine offers.

#include <cmath>
#include <cstdlib>

#include "ruralsim/models/model.hpp"
#include "ruralsim/sim/error.hpp"
#include "ruralsim/sim/resources.hpp"

namespace ruralsim::models {

namespace {
/// Per household agent, beyond the household table: the assistance module's columns for agents
/// of former poverty counties (two uint32 and two uint8), counted for every agent.
constexpr std::size_t kModuleBytesPerAgent = 2 * sizeof(std::uint32_t) + 2 * sizeof(std::uint8_t);
/// Per place: its row of the day's table (the core's columns and up to as many again of the modules'),
/// the geography record, and about twenty columns of store, network, adoption and module state
/// (doubles and flags).
constexpr std::size_t kBytesPerPlace = 2 * kCoreColumns * sizeof(double) + sizeof(Place) + 20 * sizeof(double);
}  // namespace

Model::MemoryEstimate Model::estimate_memory(const Params& p, const Geography& geo) {
    MemoryEstimate e;
    // Agents exactly as setup_households lays them out.
    for (const Place& pl : geo.places)
        if (pl.real_households > 0)
            e.agents += static_cast<std::uint64_t>(std::max(1.0, std::round(pl.real_households / p.scale)));
    e.places = geo.places.size();
    sim::Calendar cal(p.start, p.end);
    e.days = static_cast<std::uint64_t>(cal.days());
    // Each recorded indicator keeps a city and a per-county value for every day of the run
    // (plus month and year aggregates); the ledger keeps one residual a day.
    const std::uint64_t width = 1 + geo.counties.size();
    const std::uint64_t periods = e.days + static_cast<std::uint64_t>(cal.months() + cal.years());
    e.series = static_cast<std::uint64_t>(kRecordedIndicatorsBound) * width * periods * sizeof(double) +
               e.days * (sizeof(double) + 1);
    e.bytes = e.agents * (Households::bytes_per_agent() + kModuleBytesPerAgent) + e.places * kBytesPerPlace + e.series;
    return e;
}

void Model::check_memory(const MemoryEstimate& e, std::uint64_t memory_limit) {
    const std::uint64_t limit = sim::memory_limit(memory_limit);
    if (limit == 0 || e.bytes <= limit) return;
    const char* env = std::getenv("RURALSIM_MEMORY_LIMIT");
    const std::string source = memory_limit > 0 ? "the memory limit given"
                               : env && *env    ? "RURALSIM_MEMORY_LIMIT"
                                                : "MemAvailable in /proc/meminfo";
    throw ResourceError("the run would need about " + sim::format_bytes(e.bytes) + " of memory (" +
                        std::to_string(e.agents) + " household agents, " + std::to_string(e.days) +
                        " days of indicator series: " + sim::format_bytes(e.series) + "), more than the limit of " +
                        sim::format_bytes(limit) + " (" + source + "); raise run.scale or shorten run.start..run.end");
}

}  // namespace ruralsim::models
