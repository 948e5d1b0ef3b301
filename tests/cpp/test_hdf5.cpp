// HDF5 writing and reading (sim/hdf5.hpp): round trips, dimension scales,
// atomic commit, and errors.

#include <catch2/catch.hpp>

#include <hdf5.h>
#include <hdf5_hl.h>
#include <sys/wait.h>
#include <unistd.h>

#include <csignal>
#include <cstdint>
#include <filesystem>
#include <fstream>
#include <string>
#include <vector>

#include "ruralsim/sim/checkpoint.hpp"
#include "ruralsim/sim/error.hpp"
#include "ruralsim/sim/hdf5.hpp"
#include "ruralsim/sim/isolate.hpp"
#include "tmpdir.hpp"

namespace fs = std::filesystem;
namespace h5 = ruralsim::sim::h5;
using ruralsim::IoError;

namespace {
/// Files in a folder (to see that nothing is left behind).
std::vector<std::string> listing(const fs::path& dir) {
    std::vector<std::string> out;
    for (const auto& e : fs::directory_iterator(dir)) out.push_back(e.path().filename().string());
    return out;
}

/// Number of dimension scales attached to dimension `dim` of a dataset.
int scales_attached(const std::string& file, const std::string& dataset, unsigned dim) {
    h5::Handle f(H5Fopen(file.c_str(), H5F_ACC_RDONLY, H5P_DEFAULT), H5Fclose);
    h5::Handle d(H5Dopen2(f.get(), dataset.c_str(), H5P_DEFAULT), H5Dclose);
    return H5DSget_num_scales(d.get(), dim);
}
}  // namespace

TEST_CASE("HDF5: coordinates, 1-D and 2-D variables and attributes read back", "[hdf5]") {
    rstest::TempDir dir("h5");
    const std::string path = dir.file("run.h5");
    const std::vector<double> sales = {1.5, -2.25, 3e12};
    const std::vector<double> by_county = {1, 2, 3, 4, 5, 6};  // [year][county]
    const std::string scenario = "[run]\nscale = 100\n# 重庆 \"quoted\"\n";
    {
        h5::Writer w(path);
        CHECK(w.temp_path() != path);
        w.coordinate("/year", "year", std::vector<std::int64_t>{2021, 2022, 2023}, {{"long_name", "calendar year"}});
        w.variable("/year", "rural_retail_sales", sales, {"year"}, {{"units", "yuan"}, {"aggregation", "sum"}});
        w.coordinate("/county/year", "year", std::vector<std::int64_t>{2021, 2022, 2023});
        w.coordinate("/county/year", "county", std::vector<std::string>{"Wanzhou", "Xiushan"});
        w.variable("/county/year", "rural_retail_sales", by_county, {"year", "county"}, {{"units", "yuan"}});
        w.coordinate("/targets", "target", std::vector<std::string>{"T1", "T2", "T3"});
        w.variable_i8("/targets", "met", {1, 0, -1}, {"target"});
        w.attribute("/", "scenario", scenario);
        w.attribute("/", "seed", std::int64_t{42});
        w.attribute("/", "scale", 2000.5);
        w.attribute("/county", "note", std::string("per county"));
        // Nothing at the final name until commit.
        CHECK(fs::exists(w.temp_path()));
        CHECK_FALSE(fs::exists(path));
        w.commit();
        CHECK_FALSE(fs::exists(w.temp_path()));
    }
    REQUIRE(fs::exists(path));
    CHECK(listing(dir.path()) == std::vector<std::string>{"run.h5"});

    CHECK(h5::read_doubles(path, "/year/rural_retail_sales") == sales);
    CHECK(h5::read_doubles(path, "/year/year") == std::vector<double>{2021, 2022, 2023});
    CHECK(h5::read_doubles(path, "/county/year/rural_retail_sales") == by_county);
    CHECK(h5::read_doubles(path, "/targets/met") == std::vector<double>{1, 0, -1});
    CHECK(h5::read_string_attribute(path, "/", "scenario") == scenario);
    CHECK(h5::read_string_attribute(path, "/year/rural_retail_sales", "units") == "yuan");
    CHECK(h5::read_string_attribute(path, "/year/year", "long_name") == "calendar year");
    CHECK(h5::read_string_attribute(path, "/county", "note") == "per county");

    const h5::Reader r(path);
    CHECK(r.path() == path);
    CHECK(r.has("/year/rural_retail_sales"));
    CHECK(r.has("/county/year"));
    CHECK_FALSE(r.has("/month/rural_retail_sales"));  // missing intermediate group
    CHECK_FALSE(r.has("/year/nothing"));
    CHECK(r.strings("/county/year/county") == std::vector<std::string>{"Wanzhou", "Xiushan"});
    CHECK(r.number_attribute("/", "seed") == 42.0);
    CHECK(r.number_attribute("/", "scale") == 2000.5);
    CHECK(r.string_attribute("/year/rural_retail_sales", "aggregation") == "sum");

    // Variables are attached to their coordinates (what xarray needs to name dimensions).
    CHECK(scales_attached(path, "/year/rural_retail_sales", 0) == 1);
    CHECK(scales_attached(path, "/county/year/rural_retail_sales", 0) == 1);
    CHECK(scales_attached(path, "/county/year/rural_retail_sales", 1) == 1);
}

TEST_CASE("HDF5: a large variable is chunked and compressed losslessly", "[hdf5]") {
    rstest::TempDir dir("h5");
    const std::string path = dir.file("big.h5");
    std::vector<std::int64_t> days(1826);
    for (std::size_t i = 0; i < days.size(); ++i) days[i] = static_cast<std::int64_t>(i);
    std::vector<std::string> counties;
    for (int c = 0; c < 38; ++c) counties.push_back("county_" + std::to_string(c));
    std::vector<double> values(days.size() * counties.size());
    for (std::size_t i = 0; i < values.size(); ++i)
        values[i] = 0.25 * static_cast<double>(i % 1000) + 1e-3 * (i / 1000);
    {
        h5::Writer w(path);
        w.coordinate("/county/day", "day", days);
        w.coordinate("/county/day", "county", counties);
        w.variable("/county/day", "x", values, {"day", "county"});
        w.commit();
    }
    CHECK(h5::read_doubles(path, "/county/day/x") == values);
    // Chunked and deflated (regular values: well below the raw 8 bytes a value).
    h5::Handle f(H5Fopen(path.c_str(), H5F_ACC_RDONLY, H5P_DEFAULT), H5Fclose);
    h5::Handle d(H5Dopen2(f.get(), "/county/day/x", H5P_DEFAULT), H5Dclose);
    h5::Handle dcpl(H5Dget_create_plist(d.get()), H5Pclose);
    CHECK(H5Pget_layout(dcpl.get()) == H5D_CHUNKED);
    CHECK(H5Pget_nfilters(dcpl.get()) == 2);  // shuffle + deflate
    CHECK(fs::file_size(path) < values.size() * 8 / 2);
}

TEST_CASE("HDF5: a writer destroyed without commit leaves nothing", "[hdf5]") {
    rstest::TempDir dir("h5");
    const std::string path = dir.file("never.h5");
    std::string temp;
    {
        h5::Writer w(path);
        temp = w.temp_path();
        w.coordinate("/year", "year", std::vector<std::int64_t>{2021});
        w.variable("/year", "x", {1.0}, {"year"});
        REQUIRE(fs::exists(temp));
    }
    CHECK_FALSE(fs::exists(path));
    CHECK_FALSE(fs::exists(temp));
    CHECK(listing(dir.path()).empty());

    // A previous complete file survives a failed rewrite untouched.
    {
        h5::Writer w(path);
        w.coordinate("/year", "year", std::vector<std::int64_t>{2021});
        w.variable("/year", "x", {1.0}, {"year"});
        w.commit();
    }
    try {
        h5::Writer w(path);
        w.coordinate("/year", "year", std::vector<std::int64_t>{2021});
        w.variable("/year", "x", {2.0, 3.0}, {"year"});  // throws
        w.commit();
    } catch (const IoError&) {}
    CHECK(h5::read_doubles(path, "/year/x") == std::vector<double>{1.0});
    CHECK(listing(dir.path()) == std::vector<std::string>{"never.h5"});

    // A committed rewrite replaces it.
    {
        h5::Writer w(path);
        w.coordinate("/year", "year", std::vector<std::int64_t>{2021, 2022});
        w.variable("/year", "x", {5.0, 6.0}, {"year"});
        w.commit();
    }
    CHECK(h5::read_doubles(path, "/year/x") == std::vector<double>{5.0, 6.0});
}

TEST_CASE("HDF5: temporaries of killed runs are removed by the next writer and a live process's are kept", "[hdf5]") {
    rstest::TempDir dir("h5-stale");
    // The id of a process that has exited (and been reaped), and of one that is alive.
    const pid_t child = ::fork();
    if (child == 0) ::_exit(0);
    REQUIRE(child > 0);
    int status = 0;
    REQUIRE(::waitpid(child, &status, 0) == child);
    const std::string dead = std::to_string(child), live = std::to_string(::getppid());
    for (const std::string& name :
         std::vector<std::string>{"run.h5.tmp." + dead, "run.h5.tmp." + live, "other.h5.tmp." + dead, "run.h5.tmp.12ab",
                                  "run.h5.tmp.", "c.ckpt.tmp." + dead, "c.ckpt.tmp." + live})
        dir.write(name, "partial");
    {
        h5::Writer w(dir.file("run.h5"));
        // Only the dead process's temporary of this very name is gone, before anything is written.
        CHECK_FALSE(fs::exists(dir.file("run.h5.tmp." + dead)));
        w.coordinate("/year", "year", std::vector<std::int64_t>{2021});
        w.commit();
    }
    CHECK(fs::exists(dir.file("run.h5.tmp." + live)));
    CHECK(fs::exists(dir.file("other.h5.tmp." + dead)));
    CHECK(fs::exists(dir.file("run.h5.tmp.12ab")));
    CHECK(fs::exists(dir.file("run.h5.tmp.")));
    // Checkpoints likewise, when the next checkpoint of that name is saved.
    {
        ruralsim::sim::checkpoint::Saver s(dir.file("c.ckpt"));
        double x = 1;
        s("x", x);
        s.commit();
    }
    CHECK_FALSE(fs::exists(dir.file("c.ckpt.tmp." + dead)));
    CHECK(fs::exists(dir.file("c.ckpt.tmp." + live)));
    CHECK(h5::remove_stale_temporaries(dir.file("other.h5")) == 1);
    CHECK(h5::remove_stale_temporaries(dir.file("other.h5")) == 0);
    CHECK(h5::remove_stale_temporaries(dir.file("no/such/folder/x.h5")) == 0);
    // A writer's own temporary (same process) is its own business.
    h5::Writer mine(dir.file("mine.h5"));
    CHECK(h5::remove_stale_temporaries(dir.file("mine.h5")) == 0);
    CHECK(fs::exists(mine.temp_path()));
}

TEST_CASE("HDF5: strings are fixed-length UTF-8 and variable-length ones are refused unread", "[hdf5]") {
    rstest::TempDir dir("h5-strings");
    const std::string path = dir.file("s.h5");
    {
        h5::Writer w(path);
        w.coordinate("/c", "county", std::vector<std::string>{"", "秀山", "a"});
        w.attribute("/", "empty", std::string());
        w.attribute("/", "name", std::string("Xiushan 秀山"));
        w.commit();
    }
    {
        const h5::Reader r(path);
        CHECK(r.strings("/c/county") == std::vector<std::string>{"", "秀山", "a"});
        CHECK(r.string_attribute("/", "empty").empty());
        CHECK(r.string_attribute("/", "name") == "Xiushan 秀山");
        h5::Handle ds(H5Dopen2(r.id(), "/c/county", H5P_DEFAULT), H5Dclose);
        h5::Handle t(H5Dget_type(ds.get()), H5Tclose);
        CHECK(h5::is_fixed_string(t.get()));
        CHECK(H5Tget_cset(t.get()) == H5T_CSET_UTF8);
        CHECK(H5Tget_size(t.get()) == 7);                                // the longest, 6 bytes of UTF-8, and a NUL
        CHECK(r.string_attribute("/c/county", "_Encoding") == "utf-8");  // for xarray
    }
    // A variable-length string dataset and attribute (as h5py writes a str).
    {
        h5::Handle f(H5Fopen(path.c_str(), H5F_ACC_RDWR, H5P_DEFAULT), H5Fclose);
        REQUIRE(f.get() >= 0);
        h5::Handle type(H5Tcopy(H5T_C_S1), H5Tclose);
        H5Tset_size(type.get(), H5T_VARIABLE);
        const hsize_t n = 1;
        h5::Handle space(H5Screate_simple(1, &n, nullptr), H5Sclose);
        h5::Handle ds(H5Dcreate2(f.get(), "vlen", type.get(), space.get(), H5P_DEFAULT, H5P_DEFAULT, H5P_DEFAULT),
                      H5Dclose);
        const char* p = "x";
        H5Dwrite(ds.get(), type.get(), H5S_ALL, H5S_ALL, H5P_DEFAULT, &p);
        h5::Handle a(H5Acreate2(f.get(), "vlen_attr", type.get(), space.get(), H5P_DEFAULT, H5P_DEFAULT), H5Aclose);
        H5Awrite(a.get(), type.get(), &p);
    }
    const h5::Reader v(path);
    CHECK_THROWS_WITH(v.strings("/vlen"),
                      Catch::Matchers::Contains("/vlen holds variable-length strings, which ruralsim does not read"));
    CHECK_THROWS_WITH(v.string_attribute("/", "vlen_attr"),
                      Catch::Matchers::Contains("attribute vlen_attr of / is a variable-length string"));
}

TEST_CASE("HDF5: variables must fit their dimensions", "[hdf5]") {
    rstest::TempDir dir("h5");
    h5::Writer w(dir.file("bad.h5"));
    w.coordinate("/year", "year", std::vector<std::int64_t>{2021, 2022, 2023});
    w.coordinate("/year", "county", std::vector<std::string>{"a", "b"});
    CHECK_THROWS_AS(w.variable("/year", "short", {1.0, 2.0}, {"year"}), IoError);
    CHECK_THROWS_WITH(w.variable("/year", "short2", {1.0, 2.0}, {"year"}),
                      Catch::Matchers::Contains("short2") && Catch::Matchers::Contains("2 values"));
    CHECK_THROWS_AS(w.variable("/year", "long", std::vector<double>(7, 0.0), {"year", "county"}), IoError);
    CHECK_THROWS_AS(w.variable("/year", "undeclared", {1.0, 2.0, 3.0}, {"month"}), IoError);
    CHECK_THROWS_AS(w.variable("/month", "elsewhere", {1.0, 2.0, 3.0}, {"year"}), IoError);  // other group
    CHECK_THROWS_AS(w.variable_i8("/year", "flags", {1, 0}, {"year"}), IoError);
    CHECK_NOTHROW(w.variable("/year", "fits", std::vector<double>(6, 1.0), {"year", "county"}));
}

TEST_CASE("HDF5: reading missing or foreign files and objects throws IoError", "[hdf5]") {
    rstest::TempDir dir("h5");
    const std::string missing = dir.file("missing.h5");
    CHECK_THROWS_AS(h5::read_doubles(missing, "/year/x"), IoError);
    CHECK_THROWS_WITH(h5::read_doubles(missing, "/year/x"), Catch::Matchers::Contains(missing));
    CHECK_THROWS_AS(h5::read_string_attribute(missing, "/", "scenario"), IoError);

    const std::string text = dir.write("not.h5", "this is not an HDF5 file\n");
    CHECK_THROWS_AS(h5::read_doubles(text, "/year/x"), IoError);
    CHECK_THROWS_WITH(h5::Reader(text), Catch::Matchers::Contains("not an HDF5 file"));

    const std::string path = dir.file("ok.h5");
    {
        h5::Writer w(path);
        w.coordinate("/year", "year", std::vector<std::int64_t>{2021});
        w.coordinate("/year", "county", std::vector<std::string>{"a"});
        w.variable("/year", "x", {1.0}, {"year"});
        w.attribute("/", "seed", std::int64_t{1});
        w.commit();
    }
    CHECK_THROWS_AS(h5::read_doubles(path, "/year/y"), IoError);
    CHECK_THROWS_WITH(h5::read_doubles(path, "/year/y"), Catch::Matchers::Contains("/year/y"));
    CHECK_THROWS_AS(h5::read_doubles(path, "/month/x"), IoError);
    CHECK_THROWS_AS(h5::read_doubles(path, "/year"), IoError);                   // a group, not a dataset
    CHECK_THROWS_AS(h5::read_doubles(path, "/year/county"), IoError);            // strings, not numbers
    CHECK_THROWS_AS(h5::read_string_attribute(path, "/", "scenario"), IoError);  // no such attribute
    CHECK_THROWS_AS(h5::read_string_attribute(path, "/", "seed"), IoError);      // a number
    CHECK_THROWS_AS(h5::read_string_attribute(path, "/nothing", "seed"), IoError);
    const h5::Reader r(path);
    CHECK_THROWS_AS(r.strings("/year/x"), IoError);
    CHECK_THROWS_AS(r.number_attribute("/", "nothing"), IoError);

    // A truncated file.
    const std::string cut = dir.file("cut.h5");
    fs::copy_file(path, cut);
    fs::resize_file(cut, fs::file_size(cut) / 2);
    CHECK_THROWS_AS(h5::read_doubles(cut, "/year/x"), IoError);
}

TEST_CASE("HDF5: a writer in a missing folder throws and creates nothing", "[hdf5]") {
    rstest::TempDir dir("h5");
    const fs::path missing = dir.path() / "no" / "such" / "folder";
    CHECK_THROWS_AS(h5::Writer((missing / "x.h5").string()), IoError);
    CHECK_FALSE(fs::exists(dir.path() / "no"));
    CHECK(listing(dir.path()).empty());
}

TEST_CASE("probe_in_child turns a crash or a hang of the read into an IoError naming the file", "[hdf5][robustness]") {
    using ruralsim::sim::probe_in_child;
    // A read that finishes, or fails with an exception, returns: the caller reads the file itself.
    int touched = 0;
    REQUIRE_NOTHROW(probe_in_child(
        "ok.h5", [&] { touched = 1; }, 10));
    CHECK(touched == 0);  // the read ran in the child, not here
    REQUIRE_NOTHROW(probe_in_child(
        "bad.h5", [] { throw IoError("refused"); }, 10));
    // A crash (as libhdf5 segfaults on some crafted files) and a hang are reported, not suffered.
    try {
        probe_in_child(
            "crash.h5", [] { std::raise(SIGSEGV); }, 10);
        FAIL("no error");
    } catch (const IoError& e) {
        CHECK_THAT(e.what(), Catch::Contains("'crash.h5': the HDF5 library crashed reading it ("));
    }
    try {
        probe_in_child(
            "hang.h5",
            [] {
                for (;;) pause();
            },
            1);
        FAIL("no error");
    } catch (const IoError& e) {
        CHECK_THAT(e.what(), Catch::Contains("'hang.h5': reading it did not finish within 1 s"));
    }
}
