#include <catch2/catch.hpp>

#include <unistd.h>

#include <filesystem>
#include <fstream>

#include "ruralsim/sim/error.hpp"
#include "ruralsim/sim/hdf5.hpp"

namespace fs = std::filesystem;
using namespace ruralsim::sim;

namespace {
fs::path temp(const std::string& name) {
    return fs::temp_directory_path() / ("ruralsim-h5-" + std::to_string(::getpid()) + "-" + name);
}
}  // namespace

TEST_CASE("written files read back", "[engine][hdf5]") {
    const auto path = temp("ok.h5");
    {
        h5::Writer w(path.string());
        w.coordinate("/year", "year", std::vector<std::int64_t>{2021, 2022});
        w.coordinate("/year", "county", std::vector<std::string>{"Wanzhou", "秀山"});
        w.variable("/year", "sales", {1.5, 2.5}, {"year"}, {{"units", "yuan"}});
        w.variable("/year", "by_county", {1, 2, 3, 4}, {"year", "county"});
        w.attribute("/", "scenario", std::string("name = \"x\""));
        w.attribute("/", "seed", std::int64_t{42});
        w.attribute("/", "scale", 100.0);
        CHECK_FALSE(fs::exists(path));  // not before commit
        w.commit();
    }
    REQUIRE(fs::exists(path));
    h5::Reader r(path.string());
    CHECK(r.doubles("/year/sales") == std::vector<double>{1.5, 2.5});
    CHECK(r.doubles("/year/by_county") == std::vector<double>{1, 2, 3, 4});
    CHECK(r.doubles("/year/year") == std::vector<double>{2021, 2022});
    CHECK(r.strings("/year/county") == std::vector<std::string>{"Wanzhou", "秀山"});
    CHECK(r.string_attribute("/", "scenario") == "name = \"x\"");
    CHECK(r.number_attribute("/", "seed") == 42);
    CHECK(r.has("/year/sales"));
    CHECK_FALSE(r.has("/month/sales"));
    CHECK_THROWS_AS(r.doubles("/year/nothing"), ruralsim::IoError);
    CHECK_THROWS_AS(r.doubles("/year/county"), ruralsim::IoError);  // strings are not numbers
    CHECK_THROWS_AS(r.string_attribute("/", "seed"), ruralsim::IoError);
    fs::remove(path);
}

TEST_CASE("an uncommitted writer leaves nothing behind", "[engine][hdf5]") {
    const auto path = temp("aborted.h5");
    std::string tmp;
    {
        h5::Writer w(path.string());
        tmp = w.temp_path();
        w.coordinate("/day", "day", std::vector<std::int64_t>{0, 1});
        CHECK(fs::exists(tmp));
        CHECK_THROWS_AS(w.variable("/day", "x", {1, 2, 3}, {"day"}), ruralsim::IoError);
        CHECK_THROWS_AS(w.variable("/day", "y", {1, 2}, {"nodim"}), ruralsim::IoError);
    }
    CHECK_FALSE(fs::exists(tmp));
    CHECK_FALSE(fs::exists(path));
}

TEST_CASE("bad files give clear errors", "[engine][hdf5]") {
    CHECK_THROWS_WITH(h5::Reader(temp("missing.h5").string()), Catch::Contains("no such file"));
    const auto junk = temp("junk.h5");
    std::ofstream(junk) << "not an HDF5 file";
    CHECK_THROWS_WITH(h5::Reader(junk.string()), Catch::Contains("not an HDF5 file"));
    fs::remove(junk);
    CHECK_THROWS_AS(h5::Writer("/no/such/folder/x.h5"), ruralsim::IoError);
}
