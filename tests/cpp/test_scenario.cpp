// Scenario files (sim/scenario.hpp) against the model's parameter registry:
// defaults, extends, validation messages, command-line overrides and the
// resolved TOML stored in every output file.

#include <catch2/catch.hpp>

#include <cmath>
#include <filesystem>
#include <string>

#include "ruralsim/models/parameters.hpp"
#include "ruralsim/sim/error.hpp"
#include "ruralsim/sim/scenario.hpp"
#include "tmpdir.hpp"

using Catch::Matchers::Contains;
using ruralsim::ScenarioError;
using ruralsim::sim::ParamType;
using ruralsim::sim::Scenario;

namespace {

const ruralsim::sim::ParamRegistry& reg() { return ruralsim::models::registry(); }

/// The ScenarioError a text raises (fails the test when it raises none).
ScenarioError error_of(const std::string& text, const std::string& name = "bad.toml") {
    try {
        (void)Scenario::parse(text, name, reg());
    } catch (const ScenarioError& e) {
        return e;
    }
    FAIL("no ScenarioError for:\n" << text);
    throw;  // unreachable
}

ScenarioError set_error(Scenario& sc, const std::string& key, const std::string& value) {
    try {
        sc.set(key, value);
    } catch (const ScenarioError& e) {
        return e;
    }
    FAIL("no ScenarioError for set(" << key << ", " << value << ")");
    throw;
}

/// Every declared key has the same value in both scenarios.
void require_same_values(const Scenario& a, const Scenario& b) {
    for (const auto* spec : reg().all()) {
        INFO("key " << spec->key);
        const auto& va = a.value(spec->key);
        const auto& vb = b.value(spec->key);
        if (spec->type == ParamType::String || spec->type == ParamType::Date) {
            REQUIRE(va.text == vb.text);
        } else {
            REQUIRE(va.number == vb.number);
        }
    }
}

std::string source(const std::string& rel) { return std::string(RURALSIM_SOURCE_DIR) + "/" + rel; }

}  // namespace

TEST_CASE("Scenario: defaults come from the registry", "[scenario]") {
    const Scenario sc(reg());
    CHECK(sc.path().empty());
    CHECK(sc.text("scenario.name") == "unnamed");
    CHECK(sc.date("run.start") == ruralsim::sim::Date{2021, 1, 1});
    CHECK(sc.date("run.end") == ruralsim::sim::Date{2025, 12, 31});
    CHECK(sc.real("run.scale") == 100.0);
    CHECK(sc.real("household.mpc_rural") == 0.82);
    CHECK(sc.integer("store.exit_months") == 6);
    CHECK_FALSE(sc.boolean("output.county_daily"));
    CHECK(sc.real("budget.facilities") == 0.0);
    // Every declared key is present, with the default and no source.
    std::size_t n = 0;
    for (const auto* spec : reg().all()) {
        INFO("key " << spec->key);
        const auto& v = sc.value(spec->key);
        CHECK(v.file.empty());
        CHECK(v.line == 0);
        if (spec->type == ParamType::String || spec->type == ParamType::Date)
            CHECK(v.text == spec->default_text);
        else
            CHECK(v.number == spec->default_number);
        ++n;
    }
    CHECK(n > 100);
    CHECK_THROWS_AS(sc.value("no.such_key"), ruralsim::Error);
    CHECK_THROWS_AS(sc.real("household.mpc"), ruralsim::Error);
}

TEST_CASE("Scenario: the shipped baseline loads, and every shipped scenario validates", "[scenario]") {
    const std::string path = source("scenarios/baseline.toml");
    const Scenario sc = Scenario::load(path, reg());
    CHECK(sc.path() == path);
    CHECK(sc.text("scenario.name") == "baseline");
    CHECK(sc.date("run.start") == ruralsim::sim::Date{2019, 1, 1});
    CHECK(sc.real("budget.ecommerce") == 0.0);
    CHECK(sc.real("budget.facilities") == 0.0);
    const auto& name = sc.value("scenario.name");
    CHECK(name.file == path);
    CHECK(name.line > 0);
    // A key the file does not set keeps its default and no source.
    CHECK(sc.value("household.mpc_rural").file.empty());

    for (const auto& entry : std::filesystem::directory_iterator(source("scenarios"))) {
        if (entry.path().extension() != ".toml") continue;
        INFO("scenario " << entry.path().string());
        Scenario s(reg());
        REQUIRE_NOTHROW(s = Scenario::load(entry.path().string(), reg()));
        REQUIRE_NOTHROW(ruralsim::models::read_params(s));
        CHECK(s.text("scenario.name") == entry.path().stem().string());
    }
}

TEST_CASE("Scenario: extends resolves relative to the file, and the child wins", "[scenario]") {
    rstest::TempDir dir("scenario");
    const std::string grand = dir.write("base/grand.toml",
                                        "[household]\n"
                                        "mpc_rural = 0.70\n"
                                        "mpc_urban = 0.60\n"
                                        "[run]\n"
                                        "scale = 500\n");
    const std::string parent = dir.write("base/parent.toml",
                                         "extends = \"grand.toml\"\n"
                                         "[household]\n"
                                         "mpc_rural = 0.75\n"
                                         "[budget]\n"
                                         "facilities = 1e8\n");
    const std::string child = dir.write("sub/deeper/child.toml",
                                        "extends = \"../../base/parent.toml\"\n"
                                        "[scenario]\n"
                                        "name = \"child\"\n"
                                        "[household]\n"
                                        "mpc_rural = 0.80\n");
    // The relative path only resolves from the child's own folder, not from the working directory.
    REQUIRE_FALSE(std::filesystem::exists("../../base/parent.toml"));
    const Scenario sc = Scenario::load(child, reg());
    CHECK(sc.path() == child);
    CHECK(sc.text("scenario.name") == "child");
    CHECK(sc.real("household.mpc_rural") == 0.80);  // child over parent over grandparent
    CHECK(sc.value("household.mpc_rural").file == child);
    CHECK(sc.value("household.mpc_rural").line == 5);
    CHECK(sc.real("budget.facilities") == 1e8);  // from the parent
    CHECK(sc.value("budget.facilities").file.find("parent.toml") != std::string::npos);
    CHECK(sc.value("budget.facilities").line == 5);
    CHECK(sc.real("household.mpc_urban") == 0.60);  // from the grandparent
    CHECK(sc.real("run.scale") == 500);
    CHECK(sc.value("run.scale").file.find("grand.toml") != std::string::npos);
    CHECK(sc.real("household.persons") == 2.45);  // nobody sets it: default

    // parse() resolves extends against base_dir.
    const Scenario parsed = Scenario::parse("extends = \"parent.toml\"\n[run]\nscale = 7\n", "inline", reg(),
                                            (dir.path() / "base").string());
    CHECK(parsed.real("household.mpc_rural") == 0.75);
    CHECK(parsed.real("run.scale") == 7);
    CHECK(parsed.path().empty());
}

TEST_CASE("Scenario: extends cycles and missing files are errors", "[scenario]") {
    rstest::TempDir dir("scenario");
    const std::string a = dir.write("a.toml", "extends = \"b.toml\"\n[run]\nscale = 10\n");
    dir.write("b.toml", "extends = \"a.toml\"\n[run]\nscale = 20\n");
    CHECK_THROWS_AS(Scenario::load(a, reg()), ScenarioError);
    CHECK_THROWS_WITH(Scenario::load(a, reg()), Contains("cycle"));
    const std::string self = dir.write("self.toml", "extends = \"./self.toml\"\n");
    CHECK_THROWS_WITH(Scenario::load(self, reg()), Contains("cycle"));

    // A missing scenario file.
    const std::string missing = dir.file("does_not_exist.toml");
    try {
        (void)Scenario::load(missing, reg());
        FAIL("loading a missing file did not throw");
    } catch (const ScenarioError& e) {
        CHECK(e.file() == missing);
        CHECK_THAT(std::string(e.what()), Contains(missing));
    }
    // A folder is not a scenario file.
    CHECK_THROWS_AS(Scenario::load(dir.path().string(), reg()), ScenarioError);

    // A missing parent: the error names the child, the line of `extends` and the parent.
    const std::string orphan = dir.write("orphan.toml", "# comment\nextends = \"nope.toml\"\n");
    try {
        (void)Scenario::load(orphan, reg());
        FAIL("a missing parent did not throw");
    } catch (const ScenarioError& e) {
        const std::string msg = e.what();
        CHECK(e.file() == orphan);
        CHECK(e.line() == 2);
        CHECK(e.key() == "extends");
        CHECK_THAT(msg, Contains(orphan + ":2") && Contains("nope.toml"));
    }
    // extends must be a string.
    const auto e = error_of("extends = 3\n");
    CHECK(e.key() == "extends");
    CHECK_THAT(std::string(e.what()), Contains("expected a string"));
}

TEST_CASE("Scenario: a misspelt key names file, line, key path and the likely key", "[scenario]") {
    const auto e = error_of("[household]\nmpc_rual = 0.8\n", "scenarios/mine.toml");
    const std::string msg = e.what();
    CHECK(e.file() == "scenarios/mine.toml");
    CHECK(e.line() == 2);
    CHECK(e.key() == "household.mpc_rual");
    CHECK_THAT(msg, Contains("scenarios/mine.toml") && Contains(":2") && Contains("household.mpc_rual") &&
                        Contains("did you mean 'household.mpc_rural'"));
    // The valid keys of the section are listed.
    CHECK_THAT(msg, Contains("mpc_urban"));

    // No suggestion for a key far from every valid one.
    const std::string far = error_of("[household]\nzzzzzzzzzz = 1\n").what();
    CHECK_THAT(far, Contains("household.zzzzzzzzzz") && Contains("unknown key"));
    CHECK_THAT(far, !Contains("did you mean"));
}

TEST_CASE("Scenario: unknown sections and misplaced tables are errors", "[scenario]") {
    const auto e = error_of("[run]\nscale = 10\n\n[housold]\nmpc_rural = 0.8\n");
    CHECK(e.line() == 4);
    CHECK(e.key() == "housold");
    CHECK_THAT(std::string(e.what()), Contains("bad.toml:4") && Contains("did you mean 'household'"));
    // A section used as a value, and a value used as a section.
    CHECK_THAT(std::string(error_of("household = 3\n").what()), Contains("expected a table [household]"));
    CHECK_THAT(std::string(error_of("[run.scale]\nx = 1\n").what()), Contains("run.scale") && Contains("got a table"));
    // A top-level key that is not `extends`.
    CHECK(error_of("scale = 3\n").key() == "scale");
}

TEST_CASE("Scenario: wrong types name the line and the expected type", "[scenario]") {
    const auto e = error_of("[run]\nscale = \"big\"\n");
    CHECK(e.line() == 2);
    CHECK(e.key() == "run.scale");
    CHECK_THAT(std::string(e.what()), Contains("bad.toml:2") && Contains("expected a number") && Contains("a string"));

    CHECK_THAT(std::string(error_of("[run]\nscale = true\n").what()), Contains("expected a number"));
    CHECK_THAT(std::string(error_of("[output]\ncounty_daily = 1\n").what()), Contains("expected true or false"));
    CHECK_THAT(std::string(error_of("[scenario]\nname = 3\n").what()), Contains("expected a string"));
    CHECK_THAT(std::string(error_of("[run]\nstart = 20210101\n").what()), Contains("expected a date"));
    CHECK_THAT(std::string(error_of("[run]\nstart = \"2021-02-30\"\n").what()), Contains("expected a date"));
    CHECK_THAT(std::string(error_of("[run]\nstart = 2021-01-01T00:00:00\n").what()), Contains("expected a date"));
    // Both TOML dates and date strings are accepted.
    CHECK(Scenario::parse("[run]\nend = 2022-06-30\n", "x", reg()).text("run.end") == "2022-06-30");
    CHECK(Scenario::parse("[run]\nend = \"2022-06-30\"\n", "x", reg()).text("run.end") == "2022-06-30");
    // An integer is a valid real.
    CHECK(Scenario::parse("[run]\nscale = 250\n", "x", reg()).real("run.scale") == 250.0);
}

TEST_CASE("Scenario: out-of-range values name the key, the line and the limits", "[scenario]") {
    const auto e = error_of("# budgets\n[budget]\nfacilities = -5.0\n");
    const std::string msg = e.what();
    CHECK(e.line() == 3);
    CHECK(e.key() == "budget.facilities");
    CHECK_THAT(msg,
               Contains("bad.toml:3") && Contains("budget.facilities") && Contains("out of range") && Contains("-5.0"));
    CHECK_THAT(std::string(error_of("[household]\nmpc_rural = 1.7\n").what()),
               Contains("household.mpc_rural") && Contains("[0.0, 1.5]"));
    CHECK_THAT(std::string(error_of("[run]\nscale = 0\n").what()), Contains("out of range"));
    CHECK_THAT(std::string(error_of("[run]\nscale = nan\n").what()), Contains("finite"));
    CHECK_THAT(std::string(error_of("[run]\nscale = inf\n").what()), Contains("finite"));
    // Limits are inclusive.
    CHECK(Scenario::parse("[household]\nmpc_rural = 1.5\n", "x", reg()).real("household.mpc_rural") == 1.5);
    CHECK(Scenario::parse("[budget]\nfacilities = 0\n", "x", reg()).real("budget.facilities") == 0.0);
}

TEST_CASE("Scenario: integer keys reject fractions", "[scenario]") {
    const auto e = error_of("[store]\nexit_months = 2.5\n");
    CHECK(e.key() == "store.exit_months");
    CHECK(e.line() == 2);
    CHECK_THAT(std::string(e.what()), Contains("expected an integer"));
    CHECK_THAT(std::string(error_of("[store]\nexit_months = 0\n").what()), Contains("out of range"));
    CHECK(Scenario::parse("[store]\nexit_months = 12\n", "x", reg()).integer("store.exit_months") == 12);
}

TEST_CASE("Scenario: TOML syntax errors give the line", "[scenario]") {
    const auto e = error_of("[run]\nscale = 10\nend = = 2021-12-31\n");
    CHECK(e.line() == 3);
    CHECK_THAT(std::string(e.what()), Contains("bad.toml:3") && Contains("TOML syntax error"));
    CHECK(error_of("[run\nscale = 1\n").line() == 1);
    CHECK(error_of("[run]\nscale = 1\nscale = 2\n").line() == 3);  // duplicate key
    // Loading a file with a syntax error names the file.
    rstest::TempDir dir("scenario");
    const std::string f = dir.write("syntax.toml", "[run]\n\nscale = \"unterminated\n");
    try {
        (void)Scenario::load(f, reg());
        FAIL("no error");
    } catch (const ScenarioError& err) {
        CHECK(err.file() == f);
        CHECK(err.line() == 3);
    }
}

TEST_CASE("Scenario: set() overrides with the same validation", "[scenario]") {
    Scenario sc = Scenario::parse("[household]\nmpc_rural = 0.75\n", "x.toml", reg());
    sc.set("household.mpc_rural", "0.7");
    CHECK(sc.real("household.mpc_rural") == 0.7);
    CHECK(sc.value("household.mpc_rural").file == "override");
    sc.set("run.end", "2022-06-30");
    CHECK(sc.date("run.end") == ruralsim::sim::Date{2022, 6, 30});
    sc.set("output.county_daily", "true");
    CHECK(sc.boolean("output.county_daily"));
    sc.set("output.county_daily", "false");
    CHECK_FALSE(sc.boolean("output.county_daily"));
    sc.set("store.exit_months", "9");
    CHECK(sc.integer("store.exit_months") == 9);
    sc.set("scenario.name", "my \"quoted\" name");
    CHECK(sc.text("scenario.name") == "my \"quoted\" name");
    sc.set("budget.facilities", "1.5e8");
    CHECK(sc.real("budget.facilities") == 1.5e8);
    sc.set_number("run.scale", 2000);
    CHECK(sc.real("run.scale") == 2000);

    const auto unknown = set_error(sc, "household.mpc_rual", "0.7");
    CHECK(unknown.key() == "household.mpc_rual");
    CHECK_THAT(std::string(unknown.what()), Contains("did you mean 'household.mpc_rural'"));
    CHECK_THAT(std::string(set_error(sc, "run.scale", "big").what()), Contains("expected a number") && Contains("big"));
    CHECK_THAT(std::string(set_error(sc, "run.scale", "12abc").what()), Contains("expected a number"));
    CHECK_THAT(std::string(set_error(sc, "run.scale", "").what()), Contains("expected a number"));
    CHECK_THAT(std::string(set_error(sc, "run.scale", "nan").what()), Contains("finite"));
    CHECK_THAT(std::string(set_error(sc, "run.scale", "1e999").what()), Contains("expected a number"));
    CHECK_THAT(std::string(set_error(sc, "budget.facilities", "-5").what()),
               Contains("budget.facilities") && Contains("out of range"));
    CHECK_THAT(std::string(set_error(sc, "store.exit_months", "2.5").what()), Contains("expected an integer"));
    CHECK_THAT(std::string(set_error(sc, "run.end", "2021-02-30").what()), Contains("expected a date"));
    CHECK_THAT(std::string(set_error(sc, "output.county_daily", "yes").what()), Contains("true or false"));
    CHECK_THROWS_AS(sc.set_number("scenario.name", 1.0), ScenarioError);
    CHECK_THROWS_AS(sc.set_number("output.county_daily", 0.5), ScenarioError);
    CHECK_THROWS_AS(sc.set_number("run.scale", -1.0), ScenarioError);
    CHECK_THROWS_AS(sc.set_number("store.exit_months", 2.5), ScenarioError);
    CHECK_THROWS_AS(sc.set_number("no.such_key", 1.0), ScenarioError);
    // Failed overrides change nothing.
    CHECK(sc.real("run.scale") == 2000);
    CHECK(sc.integer("store.exit_months") == 9);
    CHECK(sc.date("run.end") == ruralsim::sim::Date{2022, 6, 30});
}

TEST_CASE("Scenario: values from a custom registry with choices", "[scenario]") {
    ruralsim::sim::ParamRegistry r;
    r.text("mode.kind", "a", "a choice", {"a", "b"});
    r.real("mode.x", 1.0, {0, 2}, {0.5, 1.5}, "1", "a number", ruralsim::sim::assumption());
    CHECK(Scenario::parse("[mode]\nkind = \"b\"\n", "x", r).text("mode.kind") == "b");
    try {
        (void)Scenario::parse("[mode]\nkind = \"c\"\n", "x", r);
        FAIL("no error");
    } catch (const ScenarioError& e) {
        CHECK_THAT(std::string(e.what()), Contains("'c' is not allowed") && Contains("a, b"));
    }
    Scenario sc(r);
    CHECK_THROWS_AS(sc.set("mode.kind", "c"), ScenarioError);
    CHECK(sc.text("mode.kind") == "a");
}

TEST_CASE("Scenario: resolved_toml parses back to the same values", "[scenario]") {
    Scenario sc = Scenario::load(source("scenarios/baseline.toml"), reg());
    sc.set("scenario.description", "quotes \" backslash \\ newline\n tab\t and 重庆 (Chongqing)");
    sc.set("household.mpc_rural", "0.1");
    sc.set("household.mpc_urban", "0.333333333333333314829616256247");
    sc.set("budget.facilities", "123456789.123");
    sc.set("budget.ecommerce", "1e-7");
    sc.set("budget.logistics", "999999999999");
    sc.set("run.scale", "2000");
    sc.set("store.exit_months", "120");
    sc.set("output.county_daily", "true");
    sc.set("run.end", "2024-02-29");
    sc.set("budget.facilities_start", "2021-03-01");

    const std::string text = sc.resolved_toml();
    INFO(text);
    const Scenario back = Scenario::parse(text, "resolved", reg());
    require_same_values(sc, back);
    // Every key is written, so nothing in `back` comes from a default.
    for (const auto* spec : reg().all()) {
        INFO("key " << spec->key);
        CHECK(back.value(spec->key).line > 0);
    }
    // Resolving again gives the same text.
    CHECK(back.resolved_toml() == text);

    // And the defaults-only scenario round-trips too.
    const Scenario defaults(reg());
    require_same_values(defaults, Scenario::parse(defaults.resolved_toml(), "defaults", reg()));
}

TEST_CASE("Scenario: resolved_toml survives a carriage return in a string", "[scenario]") {
    // TOML forbids raw control characters other than tab in basic strings, and a description read
    // from a file may hold "\r" (an escape in the file). resolved_toml() only escapes '"', '\\'
    // and '\n' (sim/src/scenario.cpp:51-62, quote()), so the stored scenario no longer parses.
    const Scenario sc = Scenario::parse("[scenario]\ndescription = \"line one\\r\\nline two\"\n", "x", reg());
    REQUIRE(sc.text("scenario.description") == "line one\r\nline two");
    Scenario back(reg());
    REQUIRE_NOTHROW(back = Scenario::parse(sc.resolved_toml(), "resolved", reg()));
    CHECK(back.text("scenario.description") == sc.text("scenario.description"));
}

TEST_CASE("Scenario: per-county earmarks are a key family validated against the county names", "[scenario]") {
    const Scenario sc =
        Scenario::parse("[budget]\nlogistics = 3e7\n[budget.county.Xiushan]\nlogistics = 2e7\n", "ok.toml", reg());
    CHECK(sc.real("budget.county.Xiushan.logistics") == 2e7);
    CHECK(sc.value("budget.county.Xiushan.logistics").line == 4);
    CHECK(sc.real("budget.county.Wanzhou.logistics") == 0.0);  // unset: the member's default
    CHECK_THROWS_AS(sc.real("budget.county.Atlantis.logistics"), ruralsim::Error);
    // Set keys are written to the resolved scenario and parse back.
    const std::string text = sc.resolved_toml();
    CHECK_THAT(text, Contains("[budget.county.Xiushan]"));
    CHECK(Scenario::parse(text, "resolved", reg()).real("budget.county.Xiushan.logistics") == 2e7);

    // An unknown county: file, line, key, a suggestion and the valid names.
    const auto e = error_of("[budget.county.xiushan]\nlogistics = 2e7\n", "scenarios/mine.toml");
    const std::string msg = e.what();
    CHECK(e.line() == 1);
    CHECK(e.key() == "budget.county.xiushan");
    CHECK_THAT(msg, Contains("scenarios/mine.toml") && Contains("unknown county 'xiushan'") &&
                        Contains("did you mean 'budget.county.Xiushan'") && Contains("Wanzhou") && Contains("Youyang"));
    // An unknown project in a county's table lists the projects.
    const std::string leaf = error_of("[budget.county.Xiushan]\nlogistic = 2e7\n").what();
    CHECK_THAT(
        leaf, Contains("budget.county.Xiushan.logistic") && Contains("did you mean 'budget.county.Xiushan.logistics'"));
    // Values are checked against the member's limits, naming the concrete key.
    const auto neg = error_of("[budget.county.Xiushan]\nlogistics = -1\n");
    CHECK(neg.key() == "budget.county.Xiushan.logistics");
    // Command-line overrides take family keys too.
    Scenario over(reg());
    over.set("budget.county.Fengjie.sericulture", "1e7");
    CHECK(over.real("budget.county.Fengjie.sericulture") == 1e7);
    CHECK_THAT(std::string(set_error(over, "budget.county.Fengje.sericulture", "1").what()), Contains("Fengjie"));
}

TEST_CASE("Scenario: earmarks may not exceed their project's budget; funding shares add up to 1", "[scenario]") {
    auto params_error = [](const std::string& text) -> std::string {
        try {
            (void)ruralsim::models::read_params(Scenario::parse(text, "f.toml", reg()));
        } catch (const ScenarioError& e) {
            return e.what();
        }
        return "";
    };
    CHECK(params_error("[budget]\nlogistics = 3e7\n[budget.county.Xiushan]\nlogistics = 2e7\n").empty());
    const std::string over = params_error("[budget]\nlogistics = 1e7\n[budget.county.Xiushan]\nlogistics = 2e7\n");
    CHECK_THAT(over, Contains("f.toml:4") && Contains("budget.county.Xiushan.logistics") &&
                         Contains("more than budget.logistics"));
    // A module's project is checked by read_params too (so `validate` catches it).
    CHECK_THAT(params_error("[budget.county.Fengjie]\nsericulture = 1\n"),
               Contains("budget.county.Fengjie.sericulture"));
    const std::string shares = params_error("[funding]\ncentral_share = 0.6\n");
    CHECK_THAT(shares, Contains("f.toml:2") && Contains("funding.central_share") && Contains("must add up to 1"));
    CHECK(params_error("[funding]\ncentral_share = 0.3\nmunicipal_share = 0.5\ncounty_share = 0.2\n").empty());
}

TEST_CASE("Scenario: a county name that is not a bare TOML key round-trips quoted", "[scenario]") {
    const Scenario sc =
        Scenario::parse("[budget]\nfacilities = 3e7\n[budget.county.\"Nan'an\"]\nfacilities = 1e7\n", "q.toml", reg());
    CHECK(sc.real("budget.county.Nan'an.facilities") == 1e7);
    const std::string text = sc.resolved_toml();
    CHECK_THAT(text, Contains("[budget.county.\"Nan'an\"]"));
    CHECK(Scenario::parse(text, "resolved", reg()).real("budget.county.Nan'an.facilities") == 1e7);
}
