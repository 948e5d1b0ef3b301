#include <catch2/catch.hpp>

#include <unistd.h>

#include <filesystem>
#include <fstream>

#include "ruralsim/models/parameters.hpp"
#include "ruralsim/sim/error.hpp"
#include "ruralsim/sim/scenario.hpp"

namespace fs = std::filesystem;
using ruralsim::ScenarioError;
using ruralsim::sim::Scenario;

namespace {
const auto& reg() { return ruralsim::models::registry(); }

struct TempDir {
    fs::path path;
    TempDir() : path(fs::temp_directory_path() / ("ruralsim-sc-" + std::to_string(::getpid()) + "-" + std::to_string(counter()++))) {
        fs::create_directories(path);
    }
    ~TempDir() { fs::remove_all(path); }
    fs::path write(const std::string& name, const std::string& text) const {
        std::ofstream(path / name) << text;
        return path / name;
    }
    static int& counter() {
        static int c = 0;
        return c;
    }
};

std::string error_of(const std::string& text) {
    try {
        (void)Scenario::parse(text, "bad.toml", reg());
    } catch (const ScenarioError& e) {
        return e.what();
    }
    return "";
}
}  // namespace

TEST_CASE("defaults and the shipped baseline", "[engine][scenario]") {
    Scenario d(reg());
    CHECK(d.real("run.scale") == 100);
    CHECK(d.text("run.start") == "2021-01-01");
    const auto sc = Scenario::load(std::string(RURALSIM_SOURCE_DIR) + "/scenarios/baseline.toml", reg());
    CHECK(sc.text("scenario.name") == "baseline");
    CHECK(sc.value("scenario.name").line > 0);
}

TEST_CASE("extends: the child overrides the parent", "[engine][scenario]") {
    TempDir t;
    t.write("parent.toml", "[run]\nscale = 50\n[household]\nmpc_rural = 0.7\n");
    const auto child = t.write("child.toml", "extends = \"parent.toml\"\n[household]\nmpc_rural = 0.8\n");
    const auto sc = Scenario::load(child.string(), reg());
    CHECK(sc.real("run.scale") == 50);
    CHECK(sc.real("household.mpc_rural") == 0.8);
    CHECK(sc.value("household.mpc_rural").line == 3);
    CHECK(sc.value("run.scale").file.find("parent.toml") != std::string::npos);
}

TEST_CASE("extends cycles and missing files are errors", "[engine][scenario]") {
    TempDir t;
    t.write("a.toml", "extends = \"b.toml\"\n");
    const auto b = t.write("b.toml", "extends = \"a.toml\"\n");
    CHECK_THROWS_WITH(Scenario::load(b.string(), reg()), Catch::Contains("cycle"));
    CHECK_THROWS_WITH(Scenario::load((t.path / "none.toml").string(), reg()),
                      Catch::Contains("none.toml") && Catch::Contains("not found"));
    const auto c = t.write("c.toml", "extends = \"gone.toml\"\n");
    CHECK_THROWS_WITH(Scenario::load(c.string(), reg()), Catch::Contains("c.toml:1") && Catch::Contains("gone.toml"));
}

TEST_CASE("bad values name the file, line, key and what was expected", "[engine][scenario]") {
    CHECK_THAT(error_of("[household]\nmpc_rual = 0.8\n"),
               Catch::Contains("bad.toml:2") && Catch::Contains("household.mpc_rual") &&
                   Catch::Contains("did you mean 'household.mpc_rural'"));
    CHECK_THAT(error_of("[run]\nscale = \"big\"\n"),
               Catch::Contains("bad.toml:2") && Catch::Contains("run.scale") && Catch::Contains("expected a number"));
    CHECK_THAT(error_of("\n\n[budget]\nfacilities = -5.0\n"),
               Catch::Contains("bad.toml:4") && Catch::Contains("budget.facilities") && Catch::Contains("out of range"));
    CHECK_THAT(error_of("[store]\nexit_months = 2.5\n"), Catch::Contains("store.exit_months") && Catch::Contains("integer"));
    CHECK_THAT(error_of("[nonsense]\nx = 1\n"), Catch::Contains("bad.toml:1") && Catch::Contains("unknown key"));
    CHECK_THAT(error_of("[run\nscale = 1\n"), Catch::Contains("bad.toml:1") && Catch::Contains("TOML syntax error"));
    CHECK_THAT(error_of("[run]\nend = 2025-02-30\n"), Catch::Contains("bad.toml:2"));
    CHECK_THAT(error_of("run = 5\n"), Catch::Contains("expected a table [run]"));
    CHECK_THAT(error_of("[household]\nmpc_rural = nan\n"), Catch::Contains("finite"));
}

TEST_CASE("set() overrides with the same checks", "[engine][scenario]") {
    Scenario sc(reg());
    sc.set("household.mpc_rural", "0.75");
    CHECK(sc.real("household.mpc_rural") == 0.75);
    sc.set("output.county_daily", "true");
    CHECK(sc.boolean("output.county_daily"));
    CHECK_THROWS_WITH(sc.set("household.mpc_rual", "1"), Catch::Contains("did you mean"));
    CHECK_THROWS_WITH(sc.set("run.scale", "0"), Catch::Contains("out of range"));
    CHECK_THROWS_WITH(sc.set("run.scale", "x"), Catch::Contains("expected a number"));
    CHECK_THROWS_WITH(sc.set("run.end", "2025-13-01"), Catch::Contains("expected a date"));
    CHECK_THROWS_AS(sc.set_number("scenario.name", 1), ScenarioError);
}

TEST_CASE("the resolved scenario parses back to the same values", "[engine][scenario]") {
    Scenario sc = Scenario::load(std::string(RURALSIM_SOURCE_DIR) + "/scenarios/plan2022.toml", reg());
    sc.set("household.mpc_rural", "0.7712345678901234");
    const Scenario again = Scenario::parse(sc.resolved_toml(), "resolved.toml", reg());
    for (const auto* spec : reg().all()) {
        INFO(spec->key);
        CHECK(again.value(spec->key).number == sc.value(spec->key).number);
        CHECK(again.value(spec->key).text == sc.value(spec->key).text);
    }
}
