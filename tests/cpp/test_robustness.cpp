// Robustness: every input in fuzz/corpus/ (seed files and regressions found by
// the fuzzers) replayed through the same bodies the libFuzzer targets run, with
// the regular compiler, plus bad-input cases that need files on disk (extends
// cycles and depth, missing county tables). See docs/robustness.md.

#include <catch2/catch.hpp>

#include <algorithm>
#include <filesystem>
#include <fstream>
#include <sstream>
#include <string>
#include <vector>

#include "../../fuzz/fuzz_targets.hpp"

namespace {

using namespace ruralsim;
namespace fs = std::filesystem;

const fs::path kRoot = RURALSIM_SOURCE_DIR;

std::vector<fs::path> corpus(const std::string& target) {
    std::vector<fs::path> out;
    for (const auto& e : fs::directory_iterator(kRoot / "fuzz" / "corpus" / target))
        if (e.is_regular_file()) out.push_back(e.path());
    std::sort(out.begin(), out.end());
    return out;
}

std::string slurp(const fs::path& p) {
    std::ifstream in(p, std::ios::binary);
    std::ostringstream ss;
    ss << in.rdbuf();
    return ss.str();
}

const std::uint8_t* bytes(const std::string& s) { return reinterpret_cast<const std::uint8_t*>(s.data()); }

/// A fresh folder under the system temp folder, removed at the end of the test.
struct TempDir {
    fs::path path;
    TempDir() {
        path = fs::temp_directory_path() / ("ruralsim-robustness-" + std::to_string(::getpid()));
        fs::remove_all(path);
        fs::create_directories(path);
    }
    ~TempDir() {
        std::error_code ec;
        fs::remove_all(path, ec);
    }
    fs::path write(const std::string& name, const std::string& text) const {
        std::ofstream(path / name, std::ios::binary) << text;
        return path / name;
    }
};

}  // namespace

TEST_CASE("scenario corpus: every file is accepted or refused with ruralsim::Error", "[robustness][fuzz]") {
    const auto files = corpus("scenario");
    REQUIRE(files.size() >= 10);
    for (const auto& f : files) {
        INFO(f.string());
        const std::string text = slurp(f);
        fuzz::Outcome o{};
        REQUIRE_NOTHROW(o = fuzz::scenario_body(bytes(text), text.size(), (kRoot / "scenarios").string()));
        // The copies of the shipped scenarios must stay valid.
        if (fs::exists(kRoot / "scenarios" / f.filename())) CHECK(o == fuzz::Outcome::Accepted);
    }
}

TEST_CASE("counties corpus: every file is accepted or refused with ruralsim::Error", "[robustness][fuzz]") {
    const auto files = corpus("counties");
    REQUIRE(files.size() >= 10);
    for (const auto& f : files) {
        INFO(f.string());
        const std::string text = slurp(f);
        fuzz::Outcome o{};
        REQUIRE_NOTHROW(o = fuzz::counties_body(bytes(text), text.size()));
        if (f.filename() == "real_counties.csv") CHECK(o == fuzz::Outcome::Accepted);
        if (f.filename() == "bad_group.csv" || f.filename() == "empty.csv") CHECK(o == fuzz::Outcome::Rejected);
    }
}

TEST_CASE("h5 corpus: every file is read like compare does or refused with ruralsim::Error", "[robustness][fuzz]") {
    const auto files = corpus("h5");
    REQUIRE(files.size() >= 5);
    for (const auto& f : files) {
        INFO(f.string());
        const std::string data = slurp(f);
        fuzz::Outcome o{};
        REQUIRE_NOTHROW(o = fuzz::h5_body(bytes(data), data.size()));
        const std::string n = f.filename().string();
        if (n == "real_year_targets.h5" || n == "minimal.h5") CHECK(o == fuzz::Outcome::Accepted);
        if (n == "not_hdf5.bin" || n == "signature_zeros.h5" || n == "truncated_half.h5" || n == "empty.h5" ||
            n == "vlen_strings.h5" || n.rfind("crash_", 0) == 0 || n.rfind("hang_", 0) == 0)
            CHECK(o == fuzz::Outcome::Rejected);
    }
}

TEST_CASE("checkpoint corpus: every file is resumed or refused with ruralsim::Error",
          "[robustness][fuzz][checkpoint]") {
    const auto files = corpus("checkpoint");
    REQUIRE(files.size() >= 3);
    int accepted = 0;
    for (const auto& f : files) {
        INFO(f.string());
        // A new state member changes the checkpoint layout, which refuses the real_ seeds.
        INFO("after a change of the state layout: python3 fuzz/make_checkpoint_seeds.py build/release/apps/ruralsim");
        const std::string data = slurp(f);
        fuzz::Outcome o{};
        REQUIRE_NOTHROW(o = fuzz::checkpoint_body(bytes(data), data.size()));
        const std::string n = f.filename().string();
        // The real checkpoints resume; the damaged ones (named for the damage) do not.
        if (n.rfind("real_", 0) == 0)
            CHECK(o == fuzz::Outcome::Accepted);
        else
            CHECK(o == fuzz::Outcome::Rejected);
        accepted += o == fuzz::Outcome::Accepted;
    }
    CHECK(accepted >= 2);
}

TEST_CASE("h5 reader names the file and the problem", "[robustness]") {
    const fs::path c = kRoot / "fuzz" / "corpus" / "h5";
    auto message = [](const fs::path& p, auto&& fn) {
        try {
            sim::h5::Reader r(p.string());
            fn(r);
        } catch (const IoError& e) {
            return std::string(e.what());
        }
        return std::string("no error");
    };
    auto nothing = [](const sim::h5::Reader&) {};
    CHECK_THAT(message(c / "not_hdf5.bin", nothing), Catch::Contains("not_hdf5.bin' is not an HDF5 file"));
    CHECK_THAT(message(c / "truncated_half.h5", nothing), Catch::Contains("is not an HDF5 file (or it is truncated"));
    CHECK_THAT(message(c / "no_such.h5", nothing), Catch::Contains("no such file"));
    CHECK_THAT(message(c / "mistyped.h5", [](const sim::h5::Reader& r) { (void)r.doubles("/year/year"); }),
               Catch::Contains("/year/year is not numeric"));
    CHECK_THAT(
        message(c / "mistyped.h5", [](const sim::h5::Reader& r) { (void)r.string_attribute("/", "scenario_name"); }),
        Catch::Contains("attribute scenario_name is not a string"));
    CHECK_THAT(message(c / "mismatch.h5", [](const sim::h5::Reader& r) { (void)r.doubles("/year/village_stores"); }),
               Catch::Contains("is not a dataset"));
    CHECK_THAT(message(c / "minimal.h5", [](const sim::h5::Reader& r) { (void)r.doubles("/nope/deeper/x"); }),
               Catch::Contains("has no dataset /nope/deeper/x"));
    // Variable-length strings are refused unread (libhdf5 can crash reading them from a corrupt file).
    CHECK_THAT(message(c / "vlen_strings.h5", [](const sim::h5::Reader& r) { (void)r.strings("/targets/target"); }),
               Catch::Contains(
                   "vlen_strings.h5': /targets/target holds variable-length strings, which ruralsim does not read"));
    CHECK_THAT(message(c / "vlen_strings.h5",
                       [](const sim::h5::Reader& r) { (void)r.string_attribute("/", "scenario_name"); }),
               Catch::Contains("attribute scenario_name of / is a variable-length string"));
    // The input that crashed libhdf5 (H5HG_read from H5Dread of /targets/target) is refused unread.
    CHECK_THAT(message(c / "crash_global_heap_vlen_dataset.h5",
                       [](const sim::h5::Reader& r) { (void)r.strings("/targets/target"); }),
               Catch::Contains("/targets/target holds variable-length strings"));
    CHECK(sim::h5::Reader((c / "real_year_targets.h5").string()).strings("/targets/target") ==
          std::vector<std::string>{"T1", "T2", "T3", "T4", "T5", "T6", "T7", "T8"});
}

TEST_CASE("extends: cycles, depth, missing parents and non-files are refused", "[robustness]") {
    TempDir d;
    const auto& reg = models::registry();
    auto error_of = [&](const fs::path& p) {
        try {
            (void)sim::Scenario::load(p.string(), reg);
        } catch (const ScenarioError& e) {
            return std::string(e.what());
        }
        return std::string("no error");
    };
    // a -> b -> a
    d.write("a.toml", "extends = \"b.toml\"\n");
    d.write("b.toml", "extends = \"a.toml\"\n");
    CHECK_THAT(error_of(d.path / "a.toml"), Catch::Contains("cycle: the file extends itself"));
    // self
    d.write("self.toml", "extends = \"self.toml\"\n");
    CHECK_THAT(error_of(d.path / "self.toml"), Catch::Contains("cycle"));
    // a chain of 20 distinct files
    for (int i = 0; i < 20; ++i)
        d.write("c" + std::to_string(i) + ".toml", "extends = \"c" + std::to_string(i + 1) + ".toml\"\n");
    d.write("c20.toml", "[run]\nscale = 200\n");
    CHECK_THAT(error_of(d.path / "c0.toml"), Catch::Contains("more than 16 levels of extends"));
    // missing parent, a folder, a device: named with file and line
    d.write("missing.toml", "\n\nextends = \"nope.toml\"\n");
    CHECK_THAT(error_of(d.path / "missing.toml"),
               Catch::Contains("missing.toml:3: key 'extends': file '") && Catch::Contains("nope.toml' not found"));
    d.write("dir.toml", "extends = \".\"\n");
    CHECK_THAT(error_of(d.path / "dir.toml"), Catch::Contains("not found"));
    d.write("dev.toml", "extends = \"/dev/zero\"\n");
    CHECK_THAT(error_of(d.path / "dev.toml"), Catch::Contains("not found"));
    CHECK_THAT(error_of(d.path / "no_such_file.toml"), Catch::Contains("file not found or not a regular file"));
    CHECK_THAT(error_of(d.path), Catch::Contains("file not found or not a regular file"));
}

TEST_CASE("run.counties_file: missing, empty and malformed tables throw DataError naming the file", "[robustness]") {
    TempDir d;
    CHECK_THROWS_MATCHES(models::load_counties((d.path / "none.csv").string()), DataError,
                         Catch::Matchers::Message("cannot open county table '" + (d.path / "none.csv").string() + "'"));
    d.write("empty.csv", "");
    CHECK_THROWS_WITH(models::load_counties((d.path / "empty.csv").string()), Catch::Contains("empty county table"));
    d.write("cols.csv", "code,name\n1,a\n");
    CHECK_THROWS_WITH(models::load_counties((d.path / "cols.csv").string()),
                      Catch::Contains("cols.csv:1: column 'name_zh': missing from the header"));
    const std::string csv = slurp(kRoot / "data" / "counties.csv");
    const std::string header = csv.substr(0, csv.find('\n') + 1);
    d.write("shape.csv", header + "1,2,3\n");
    CHECK_THROWS_WITH(models::load_counties((d.path / "shape.csv").string()),
                      Catch::Contains("shape.csv:2: expected 15 columns, found 3"));
    // The path in a scenario is relative to the scenario file.
    d.write("sc.toml", "[run]\ncounties_file = \"shape.csv\"\n");
    const auto p = models::read_params(sim::Scenario::load((d.path / "sc.toml").string(), models::registry()));
    CHECK(fs::path(p.counties_file) == d.path / "shape.csv");
}

// Found by fuzz_scenario (UBSan float-cast-overflow, now fuzz/corpus/scenario/scenario_int64_max_integer.toml):
// an out-of-range Integer key >= 2**63 was formatted for the error message by an undefined
// static_cast<long long>(double) in format_number (sim/src/scenario.cpp).
TEST_CASE("an integer key far out of range is reported with its value", "[robustness]") {
    const std::string text = "[store]\nexit_months = 9223372036854775807\n";
    try {
        (void)sim::Scenario::parse(text, "big.toml", models::registry());
        FAIL("no error");
    } catch (const ScenarioError& e) {
        const std::string m = e.what();
        CHECK_THAT(m, Catch::Contains("out of range"));
        CHECK_THAT(m, !Catch::Contains("-9223372036854775808"));
    }
    sim::Scenario sc(models::registry());
    CHECK_THROWS_WITH(sc.set("store.exit_months", "1e300"), !Catch::Contains("-9223372036854775808"));
}
