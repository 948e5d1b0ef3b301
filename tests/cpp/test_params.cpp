// The parameter registry (sim/params.hpp) and the model's declarations in it.

#include <catch2/catch.hpp>

#include <set>
#include <string>

#include "ruralsim/models/parameters.hpp"
#include "ruralsim/sim/error.hpp"
#include "ruralsim/sim/params.hpp"
#include "ruralsim/sim/scenario.hpp"

using ruralsim::sim::ParamRegistry;
using ruralsim::sim::ParamType;

TEST_CASE("Params: declarations are checked", "[params]") {
    ParamRegistry r;
    r.real("a.x", 1.0, {0, 2}, {0.5, 1.5}, "1", "x", ruralsim::sim::assumption());
    CHECK_THROWS_AS(r.real("a.x", 1.0, {0, 2}, {0.5, 1.5}, "1", "twice", ruralsim::sim::assumption()), ruralsim::Error);
    CHECK_THROWS_AS(r.real("a.y", 3.0, {0, 2}, {0.5, 1.5}, "1", "default outside", ruralsim::sim::assumption()),
                    ruralsim::Error);
    CHECK_THROWS_AS(r.real("a.z", 1.0, {0, 2}, {0.5, 2.5}, "1", "plausible outside", ruralsim::sim::assumption()),
                    ruralsim::Error);
    CHECK_THROWS_AS(r.real("a.w", 1.0, {0, 2}, {1.5, 0.5}, "1", "plausible reversed", ruralsim::sim::assumption()),
                    ruralsim::Error);
    const auto& n = r.integer("a.n", 3, {1, 10}, {2, 5}, "items", "n", ruralsim::sim::assumption());
    CHECK(n.type == ParamType::Integer);
    CHECK(n.default_number == 3.0);
    r.boolean("b.flag", true, "flag", ruralsim::sim::assumption());
    r.text("b.name", "x", "name");
    r.date("b.when", "2021-01-01", "when");

    REQUIRE(r.find("a.x") != nullptr);
    CHECK(r.find("a.x")->type == ParamType::Real);
    CHECK(r.find("b.flag")->default_number == 1.0);
    CHECK(r.find("a") == nullptr);
    CHECK(r.find("a.q") == nullptr);
    CHECK(r.is_section("a"));
    CHECK(r.is_section("b"));
    CHECK_FALSE(r.is_section("a.x"));
    CHECK_FALSE(r.is_section("c"));
    CHECK_FALSE(r.is_section(""));  // no key starts with "."
    CHECK(r.keys_in("a") == std::vector<std::string>{"n", "x"});
    CHECK(r.keys_in("") == std::vector<std::string>{"a", "b"});
    CHECK(r.all().size() == 5);
}

TEST_CASE("Params: every model parameter is well declared", "[params]") {
    const auto& r = ruralsim::models::registry();
    std::set<std::string> sections;
    for (const auto* s : r.all()) {
        INFO("key " << s->key);
        REQUIRE(s->key.find('.') != std::string::npos);  // every key lives in a section
        CHECK_FALSE(s->description.empty());
        sections.insert(s->key.substr(0, s->key.find('.')));
        if (s->type == ParamType::Real || s->type == ParamType::Integer) {
            CHECK(s->limits.lo <= s->default_number);
            CHECK(s->default_number <= s->limits.hi);
            CHECK(s->limits.lo <= s->plausible.lo);
            CHECK(s->plausible.lo <= s->plausible.hi);
            CHECK(s->plausible.hi <= s->limits.hi);
            // A source or a fit names where it comes from.
            using K = ruralsim::sim::Provenance::Kind;
            if (s->provenance.kind == K::Source || s->provenance.kind == K::Calibrated)
                CHECK_FALSE(s->provenance.reference.empty());
            CHECK_FALSE(s->group.empty());
        }
        if (s->type == ParamType::Date) CHECK_NOTHROW(ruralsim::sim::Date::parse(s->default_text));
    }
    for (const char* sec : {"run", "household", "budget", "store", "logistics", "facilities", "ecommerce"})
        CHECK(sections.count(sec) == 1);
    // Every budget has its timing keys.
    for (const char* p : {"ecommerce", "facilities", "logistics", "sericulture", "exports", "assistance"}) {
        const std::string k = std::string("budget.") + p;
        INFO(k);
        CHECK(r.find(k) != nullptr);
        CHECK(r.find(k + "_start") != nullptr);
        CHECK(r.find(k + "_end") != nullptr);
        CHECK(r.find(k + "_ramp_months") != nullptr);
    }
}

TEST_CASE("Params: budget schedules release a twelfth a month within their dates", "[params]") {
    ruralsim::models::BudgetSchedule b;
    b.annual = 1.2e8;
    b.start = {2022, 3, 15};
    b.end = {2023, 6, 30};
    CHECK(b.month_amount({2022, 2, 1}) == 0.0);
    CHECK(b.month_amount({2022, 3, 1}) == 1e7);  // the start month counts from its first day
    CHECK(b.month_amount({2023, 6, 1}) == 1e7);
    CHECK(b.month_amount({2023, 7, 1}) == 0.0);
    b.ramp_months = 4;
    CHECK(b.month_amount({2022, 3, 1}) == Approx(0.25e7));
    CHECK(b.month_amount({2022, 4, 1}) == Approx(0.5e7));
    CHECK(b.month_amount({2022, 6, 1}) == Approx(1e7));
    CHECK(b.month_amount({2022, 9, 1}) == Approx(1e7));
    b.annual = 0;
    CHECK(b.month_amount({2022, 6, 1}) == 0.0);
}

TEST_CASE("Params: a key family has one table per name and shared member specs", "[params]") {
    ParamRegistry r;
    r.real("b.x", 1.0, {0, 2}, {0.5, 1.5}, "1", "x", ruralsim::sim::assumption());
    r.family("b.place", "place", {"North", "South"}, "per-place values");
    const auto& m = r.member("b.place", "x", 0.0, {0, 10}, {0, 5}, "1", "x of one place", ruralsim::sim::assumption());
    CHECK(m.pattern);
    CHECK(m.key == "b.place.<place>.x");
    CHECK_THROWS_AS(r.member("b.place", "x", 0.0, {0, 10}, {0, 5}, "1", "twice", ruralsim::sim::assumption()),
                    ruralsim::Error);
    CHECK_THROWS_AS(r.member("b.none", "x", 0.0, {0, 10}, {0, 5}, "1", "no family", ruralsim::sim::assumption()),
                    ruralsim::Error);
    CHECK_THROWS_AS(r.family("b.bad", "p", {"has.dot"}, "names with dots are not keys"), ruralsim::Error);
    REQUIRE(r.find("b.place.North.x") == &m);
    CHECK(r.find("b.place.West.x") == nullptr);   // not a name of the family
    CHECK(r.find("b.place.North.y") == nullptr);  // not a member
    CHECK(r.find("b.place.North") == nullptr);    // a table, not a key
    CHECK(r.is_section("b.place"));
    CHECK(r.is_section("b.place.South"));
    CHECK_FALSE(r.is_section("b.place.West"));
    CHECK(r.keys_in("b") == std::vector<std::string>{"place", "x"});
    CHECK(r.keys_in("b.place") == std::vector<std::string>{"North", "South"});
    CHECK(r.keys_in("b.place.North") == std::vector<std::string>{"x"});
    // Members are not ordinary keys: all() lists the ordinary ones, patterns() the members.
    CHECK(r.all().size() == 1);
    CHECK(r.patterns().size() == 1);
    REQUIRE(r.family_at("b.place") != nullptr);
    CHECK(r.family_at("b.place")->names.size() == 2);
}

TEST_CASE("Params: one binding declares a parameter and reads it into its field", "[params]") {
    struct Concept {
        double x = 0;
        int n = 0;
        ruralsim::sim::Date start, end;
        void bind(ruralsim::sim::ParamBinder& b) {
            b.real("c.x", x, 0.4, {0, 1}, {0.2, 0.6}, "1", "x", ruralsim::sim::source("a table, p. 3"));
            b.real("c.y", x, 0.6, {0, 1}, {0, 1}, "1", "y (shares x's field in this test)", ruralsim::sim::lever());
            b.integer("c.n", n, 3, {1, 10}, {2, 5}, "items", "n", ruralsim::sim::assumption("read off a figure"));
            b.date("c.start", start, "2022-01-01", "start");
            b.date("c.end", end, "2022-12-31", "end");
            b.period("c.start", "c.end");
            b.shares({"c.x", "c.y"}, true);
        }
    };
    ParamRegistry r;
    ruralsim::sim::ParamBinder declare(r, "concept");
    Concept{}.bind(declare);
    REQUIRE(r.find("c.x") != nullptr);
    CHECK(r.find("c.x")->group == "concept");
    CHECK(r.find("c.x")->provenance.kind == ruralsim::sim::Provenance::Kind::Source);
    CHECK(r.find("c.x")->provenance.text() == "a table, p. 3");
    CHECK(r.find("c.n")->provenance.text() == "assumption: read off a figure");
    CHECK(r.find("c.y")->provenance.text() == "scenario lever");
    CHECK(r.find("c.start")->provenance.kind == ruralsim::sim::Provenance::Kind::Setting);
    REQUIRE(r.checks().size() == 2);
    CHECK(r.checks()[1].rule == "must add up to 1");

    auto sc = ruralsim::sim::Scenario::parse("[c]\nn = 7\nend = 2022-06-30\n", "c.toml", r);
    Concept c;
    ruralsim::sim::ParamBinder read(sc);
    c.bind(read);
    CHECK(c.x == 0.6);  // the last binding of the shared field wins
    CHECK(c.n == 7);
    CHECK(c.end == ruralsim::sim::Date{2022, 6, 30});
    // The checks across keys run when reading, naming the key at fault with its file and line.
    auto bad = ruralsim::sim::Scenario::parse("[c]\nx = 0.5\n", "bad.toml", r);
    Concept d;
    ruralsim::sim::ParamBinder read_bad(bad);
    CHECK_THROWS_WITH(d.bind(read_bad), Catch::Contains("bad.toml:2") && Catch::Contains("must add up to 1"));
    auto late = ruralsim::sim::Scenario::parse("[c]\nend = 2021-06-30\n", "late.toml", r);
    ruralsim::sim::ParamBinder read_late(late);
    CHECK_THROWS_WITH(d.bind(read_late), Catch::Contains("late.toml:2") && Catch::Contains("is before c.start"));
}
