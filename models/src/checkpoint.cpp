// Checkpoints of the model: which members make up its state, saving, and resuming.
//
// Every member of Model is either listed in Model::state (saved and loaded by the same list)
// or derived again when the model is rebuilt from the checkpoint's scenario and seed (listed
// below with the reason). The sizes pinned at the end of this file fail the build when a
// member is added without a decision here.

#include <cstdio>
#include <filesystem>

#include "pinned_size.hpp"
#include "ruralsim/models/model.hpp"
#include "ruralsim/sim/error.hpp"

#ifndef RURALSIM_VERSION
#define RURALSIM_VERSION "0.0.0"
#endif

namespace ruralsim::models {

namespace {

constexpr const char* kFormat = "ruralsim checkpoint";
// Attributes under `attributes_checksum`. The others are checked against this ruralsim on their
// own (format, versions, fingerprints: a corrupt one is refused as a mismatch) or lead to one
// (counties_file_base: another table gives another geography).
const std::vector<std::string> kSealed = {
    "version", "scenario", "seed", "day", "days", "date", "checkpoint_every", "threads", "wall_microseconds"};
// 2: strings stored as fixed-length strings (1 stored them as variable-length strings).
constexpr std::int64_t kFormatVersion = 2;

std::string hex(std::uint64_t v) {
    char buf[17];
    std::snprintf(buf, sizeof buf, "%016llx", static_cast<unsigned long long>(v));
    return buf;
}

template <class T>
std::uint64_t mix(std::uint64_t h, const T& v) {
    return sim::checkpoint::fnv1a(&v, sizeof v, h);
}
std::uint64_t mix(std::uint64_t h, const std::string& s) {
    h = sim::checkpoint::fnv1a(s.data(), s.size(), h);
    return mix(h, s.size());
}

/// Every key of the registry with its type, limits, default and choices: a checkpoint holds a
/// resolved scenario that only the same registry reads back the same way.
std::uint64_t registry_fingerprint(const sim::ParamRegistry& r) {
    std::uint64_t h = sim::checkpoint::fnv1a(nullptr, 0);
    for (const sim::ParamSpec* s : r.all()) {
        h = mix(h, s->key);
        h = mix(h, static_cast<int>(s->type));
        h = mix(h, s->default_number);
        h = mix(h, s->default_text);
        h = mix(h, s->limits.lo);
        h = mix(h, s->limits.hi);
        for (const auto& c : s->choices) h = mix(h, c);
    }
    return h;
}

}  // namespace

// Derived, not saved (rebuilt from the checkpoint's scenario, seed and the county table):
//   scenario_, resolved_, p_, seed_   the scenario and seed stored as attributes
//   exec_, sched_                     run-time machinery (threads, phase timings)
//   cal_, spring_window_              from run.start and run.end
//   geo_                              from the county table and seed (fingerprint checked on load)
//   acc_, modules_ (pointers)         ledger account ids and module objects, built in the same order
//   shared_                           addresses of what the core and modules publish, published again
//   choice_                           the channel choice's share cache, emptied on load
//   day_                              the day's factors, set again by the begin phase before use
//   wall_seconds_, next_day_          stored as attributes
//   hh_blocks_, first_rural_          place blocks of the household phase, counties' urban/rural split
//   villages_                         per-county village counts, rebuilt by the accounting phase
//   id_                               indicator ids, declared in the same order
//   table_ (all but its county rows)  see DayTable::fields
void Model::state(sim::checkpoint::Archive& a) {
    a.group("core", [&] {
        a("households", hh_);
        a("village_stores", st_);
        a("funding", *funding_);
        a("place_month_goods", place_month_goods_);
        a("table", table_);
        a("pending_income", pending_income_);
        a.span("ledger_residual", residual_.data(), static_cast<std::size_t>(next_day_));
        if (a.loading()) choice_->forget();
    });
    a.group("ledger", [&] { ledger_.state(a); });
    a.group("indicators", [&] { ind_->state(a, next_day_); });
    a.group("modules", [&] {
        for (auto& m : modules_) a.group(m->name(), [&] { m->state(a); });
    });
}

std::uint64_t Model::layout_fingerprint() {
    sim::checkpoint::Layout layout;
    state(layout);
    return layout.hash();
}

std::uint64_t Model::geography_fingerprint() const {
    std::uint64_t h = sim::checkpoint::fnv1a(nullptr, 0);
    for (const CountyData& c : geo_.counties) {
        h = mix(h, c.code);
        h = mix(h, c.name);
    }
    for (const Township& t : geo_.townships) {
        h = mix(h, t.county);
        h = mix(h, t.urban);
        h = mix(h, t.county_km);
    }
    for (const Place& p : geo_.places) {
        h = mix(h, p.county);
        h = mix(h, p.township);
        h = mix(h, p.urban);
        h = mix(h, p.real_households);
        h = mix(h, p.township_km);
    }
    return h;
}

void Model::save_checkpoint(const std::string& path, const sim::checkpoint::Period& every) const {
    // The Saver only reads the fields; state() is shared with loading, hence not const.
    Model& self = const_cast<Model&>(*this);
    sim::checkpoint::Saver s(path);
    s.attribute("format", kFormat);
    s.attribute("format_version", kFormatVersion);
    s.attribute("version", RURALSIM_VERSION);
    s.attribute("registry", hex(registry_fingerprint(scenario_.registry())));
    s.attribute("layout", hex(self.layout_fingerprint()));
    s.attribute("geography", hex(geography_fingerprint()));
    s.attribute("scenario", resolved_);
    // The file run.counties_file was set in (absolute): a relative county table resolves against
    // it again, from any folder. Set on the command line, it was relative to the folder of the run.
    std::string base = p_.counties_file_origin;
    if (base == "override")
        base = (std::filesystem::current_path() / "override").string();
    else if (!base.empty())
        base = std::filesystem::absolute(base).string();
    s.attribute("counties_file_base", base);
    s.attribute("seed", std::to_string(seed_));
    s.attribute("day", static_cast<std::int64_t>(next_day_));
    s.attribute("days", static_cast<std::int64_t>(cal_.days()));
    s.attribute("date", next_day_ > 0 ? cal_.date(next_day_ - 1).iso() : std::string());
    s.attribute("checkpoint_every", every.count > 0 ? every.text() : std::string());
    s.attribute("threads", static_cast<std::int64_t>(threads()));
    s.attribute("wall_microseconds", static_cast<std::int64_t>(wall_seconds_ * 1e6));
    s.seal_attributes(kSealed);
    self.state(s);
    s.commit();
}

std::unique_ptr<Model> Model::resume(const std::string& path, int threads, Checkpointing* checkpoint,
                                     std::uint64_t memory_limit) {
    sim::checkpoint::Loader in(path);
    if (!in.has_attribute("format") || in.string_attribute("format") != kFormat)
        throw CheckpointError("'" + path + "' is not a ruralsim checkpoint (a run output or another HDF5 file?)");
    const std::string version = in.string_attribute("version");
    if (in.int_attribute("format_version") != kFormatVersion)
        throw CheckpointError("checkpoint '" + path + "' has format version " +
                              std::to_string(in.int_attribute("format_version")) + ", this ruralsim (" +
                              RURALSIM_VERSION + ") reads version " + std::to_string(kFormatVersion));
    const auto& reg = registry();
    if (in.string_attribute("registry") != hex(registry_fingerprint(reg)))
        throw CheckpointError("checkpoint '" + path + "' was written by ruralsim " + version +
                              " with a different parameter registry than this ruralsim (" + RURALSIM_VERSION +
                              "); resume it with the ruralsim that wrote it");
    in.check_attributes(kSealed);
    std::string base = in.string_attribute("counties_file_base");
    if (base.empty()) base = path;
    const sim::Scenario sc = sim::Scenario::parse(in.string_attribute("scenario"), base, reg,
                                                  std::filesystem::path(base).parent_path().string());
    const std::string seed_text = in.string_attribute("seed");
    std::uint64_t seed = 0;
    try {
        seed = std::stoull(seed_text);
    } catch (const std::exception&) {
        throw CheckpointError("checkpoint '" + path + "': bad seed '" + seed_text + "'");
    }
    auto m = std::make_unique<Model>(sc, seed, threads, memory_limit);
    if (in.string_attribute("layout") != hex(m->layout_fingerprint()))
        throw CheckpointError("checkpoint '" + path + "' was written by ruralsim " + version +
                              " whose model state has other fields than this ruralsim's (" + RURALSIM_VERSION +
                              "); resume it with the ruralsim that wrote it");
    if (in.string_attribute("geography") != hex(m->geography_fingerprint()))
        throw CheckpointError("checkpoint '" + path +
                              "': the county table gives another geography than when the checkpoint was written "
                              "(was run.counties_file changed?)");
    const std::int64_t day = in.int_attribute("day");
    if (day < 1 || day > m->cal_.days() || in.int_attribute("days") != m->cal_.days())
        throw CheckpointError("checkpoint '" + path + "': day " + std::to_string(day) + " does not fit the run's " +
                              std::to_string(m->cal_.days()) + " days");
    m->next_day_ = static_cast<int>(day);
    m->state(in);
    in.finish();
    m->wall_seconds_ = static_cast<double>(in.int_attribute("wall_microseconds")) * 1e-6;
    if (checkpoint) {
        checkpoint->path = path;
        const std::string every = in.string_attribute("checkpoint_every");
        checkpoint->every = every.empty() ? sim::checkpoint::Period{} : sim::checkpoint::Period::parse(every);
    }
    return m;
}

// A member added to any of these fails the build until it is listed in its fields() (or above,
// as derived) and the size is updated.
RURALSIM_PIN_SIZE(Households, 192);
RURALSIM_PIN_SIZE(VillageStores, 168);
RURALSIM_PIN_SIZE(DayFactors, 48);
RURALSIM_PIN_SIZE(Model, 2712);

}  // namespace ruralsim::models
