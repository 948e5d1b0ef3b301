#pragma once
/// \file
/// Bodies of the libFuzzer targets, shared by fuzz/fuzz_*.cpp (built with clang
/// and -fsanitize=fuzzer) and tests/cpp/test_robustness.cpp (which replays
/// fuzz/corpus/ with the regular compiler in every ctest run).
///
/// Contract of every body: for any bytes it returns normally (input accepted)
/// or throws ruralsim::Error (input rejected with a message). A crash, a
/// sanitizer report, a hang or any other exception is a bug.

#include <unistd.h>

#include <cstddef>
#include <cstdint>
#include <cstdio>
#include <cstdlib>
#include <filesystem>
#include <fstream>
#include <string>
#include <vector>

#include "ruralsim/models/geography.hpp"
#include "ruralsim/models/model.hpp"
#include "ruralsim/models/parameters.hpp"
#include "ruralsim/sim/error.hpp"
#include "ruralsim/sim/hdf5.hpp"
#include "ruralsim/sim/scenario.hpp"

namespace ruralsim::fuzz {

enum class Outcome { Accepted, Rejected };

/// A file name private to this process under $TMPDIR (or /tmp), for bodies that need a file.
inline std::string private_file(const std::string& extension) {
    const char* dir = std::getenv("TMPDIR");
    return std::string(dir && *dir ? dir : "/tmp") + "/ruralsim-fuzz-" + std::to_string(::getpid()) + extension;
}

/// Writes `data` to `path` (replacing it).
inline void write_file(const std::string& path, const std::uint8_t* data, std::size_t size) {
    std::ofstream out(path, std::ios::binary | std::ios::trunc);
    out.write(reinterpret_cast<const char*>(data), static_cast<std::streamsize>(size));
}

/// Scenario loader + validator: bytes as TOML text, then read_params (the
/// cross-key checks a run does before it starts). `base_dir` resolves
/// `extends` (the fuzzers pass the scenarios/ folder so `extends =
/// "baseline.toml"` reaches a real parent).
inline Outcome scenario_body(const std::uint8_t* data, std::size_t size, const std::string& base_dir = ".") {
    const std::string text(reinterpret_cast<const char*>(data), size);
    try {
        const sim::Scenario sc = sim::Scenario::parse(text, "fuzz.toml", models::registry(), base_dir);
        const models::Params p = models::read_params(sc);
        (void)sc.resolved_toml();
        (void)p;
        return Outcome::Accepted;
    } catch (const Error&) {
        return Outcome::Rejected;
    }
}

/// County table (run.counties_file): bytes as CSV text.
inline Outcome counties_body(const std::uint8_t* data, std::size_t size) {
    const std::string text(reinterpret_cast<const char*>(data), size);
    try {
        (void)models::parse_counties(text, "fuzz.csv");
        return Outcome::Accepted;
    } catch (const Error&) {
        return Outcome::Rejected;
    }
}

/// What `ruralsim compare` reads of one run file (apps/compare.cpp read_run),
/// through sim::h5::Reader on an existing file.
inline void read_like_compare(const std::string& path) {
    sim::h5::Reader r(path);
    (void)r.string_attribute("/", "scenario_name");
    (void)r.number_attribute("/", "seed");
    (void)r.has("/year/nonexistent/deeper");
    const auto years = r.doubles("/year/year");
    for (const char* name : {"rural_retail_sales", "urban_retail_sales", "rural_urban_growth_gap", "village_stores"}) {
        const std::string ds = std::string("/year/") + name;
        if (r.has(ds)) (void)r.doubles(ds);
    }
    if (r.has("/targets/target")) {
        (void)r.strings("/targets/target");
        (void)r.doubles("/targets/met");
        (void)r.doubles("/targets/value");
    }
    // Mistyped requests must be refused too, not crash.
    if (r.has("/year")) {
        try {
            (void)r.strings("/year/year");
        } catch (const Error&) {}
    }
    (void)years;
}

/// HDF5 reader: bytes written to a private temporary file, then read like compare.
inline Outcome h5_body(const std::uint8_t* data, std::size_t size) {
    static const std::string path = private_file(".h5");
    write_file(path, data, size);
    Outcome o = Outcome::Accepted;
    try {
        read_like_compare(path);
    } catch (const Error&) {
        o = Outcome::Rejected;
    }
    std::remove(path.c_str());
    return o;
}

/// Memory limit of a model rebuilt from a fuzzed checkpoint: a mutated scenario
/// (say, run.scale = 1) is refused by the resource guard instead of being built.
inline constexpr std::uint64_t kCheckpointMemoryLimit = std::uint64_t(1) << 30;

/// A private folder holding `counties.csv`, a copy of fuzz/checkpoint_counties.csv (two of the 38
/// county-level units): the checkpoint seeds were written with `run.counties_file =
/// "counties.csv"` and an empty `counties_file_base`, which resolves the table beside the
/// checkpoint file. With two counties a checkpoint takes a few hundred KB instead of megabytes.
/// Removed at exit.
inline const std::string& checkpoint_folder() {
    struct Folder {
        std::string path = private_file(".d");
        Folder() {
            std::filesystem::create_directories(path);
            std::filesystem::copy_file(RURALSIM_SOURCE_DIR "/fuzz/checkpoint_counties.csv", path + "/counties.csv",
                                       std::filesystem::copy_options::overwrite_existing);
        }
        ~Folder() {
            std::error_code ec;
            std::filesystem::remove_all(path, ec);
        }
    };
    static const Folder folder;
    return folder.path;
}

/// Checkpoint loader (`ruralsim resume`): bytes written to a file in checkpoint_folder(), then
/// models::Model::resume, which reads the metadata, rebuilds the model from the stored scenario
/// and seed, loads every field and checks the checksum (at 1 thread; a resumed model is not run).
inline Outcome checkpoint_body(const std::uint8_t* data, std::size_t size) {
    static const std::string path = checkpoint_folder() + "/fuzz.ckpt";
    write_file(path, data, size);
    Outcome o = Outcome::Accepted;
    try {
        models::Checkpointing plan;
        (void)models::Model::resume(path, 1, &plan, kCheckpointMemoryLimit);
    } catch (const Error&) {
        o = Outcome::Rejected;
    }
    std::remove(path.c_str());
    return o;
}

}  // namespace ruralsim::fuzz
