// Checkpoint and resume: a run saved part-way and resumed (at 1 and 2 threads) writes the same
// output, dataset for dataset and bit for bit, as the uninterrupted run; checkpoints that cannot
// be resumed (not a checkpoint, truncated, corrupt, another model version) are refused with a
// ruralsim::Error; the archive and the resource guard in isolation.

#include <hdf5.h>

#include <catch2/catch.hpp>

#include <cstring>
#include <filesystem>
#include <fstream>
#include <map>
#include <memory>
#include <string>
#include <vector>

#include "ruralsim/models/model.hpp"
#include "ruralsim/sim/checkpoint.hpp"
#include "ruralsim/sim/error.hpp"
#include "tmpdir.hpp"

namespace {

using namespace ruralsim;
namespace ck = sim::checkpoint;

/// Throws an exception of type Type whose message contains `text`.
#define CHECK_ERROR(expr, Type, text)                             \
    do {                                                          \
        CHECK_THROWS_AS(expr, Type);                              \
        CHECK_THROWS_WITH(expr, Catch::Matchers::Contains(text)); \
    } while (0)

/// Every dataset of an HDF5 file as raw bytes in its stored type.
std::map<std::string, std::string> datasets(const std::string& path) {
    std::map<std::string, std::string> out;
    const hid_t f = H5Fopen(path.c_str(), H5F_ACC_RDONLY, H5P_DEFAULT);
    REQUIRE(f >= 0);
    struct Ctx {
        hid_t f;
        std::map<std::string, std::string>* out;
    } ctx{f, &out};
    H5Ovisit2(
        f, H5_INDEX_NAME, H5_ITER_INC,
        [](hid_t, const char* name, const H5O_info_t* info, void* data) -> herr_t {
            if (info->type != H5O_TYPE_DATASET) return 0;
            auto* c = static_cast<Ctx*>(data);
            const hid_t ds = H5Dopen2(c->f, name, H5P_DEFAULT);
            const hid_t type = H5Dget_type(ds);
            const hid_t space = H5Dget_space(ds);
            const auto n = static_cast<std::size_t>(H5Sget_simple_extent_npoints(space));
            // Fixed-length strings too: ruralsim writes no variable-length strings.
            CHECK(H5Tis_variable_str(type) <= 0);
            std::string bytes(n * H5Tget_size(type), '\0');
            H5Dread(ds, type, H5S_ALL, H5S_ALL, H5P_DEFAULT, bytes.data());
            (*c->out)[name] = bytes;
            H5Sclose(space);
            H5Tclose(type);
            H5Dclose(ds);
            return 0;
        },
        &ctx, H5O_INFO_BASIC);
    H5Fclose(f);
    return out;
}

sim::Scenario plan2022() {
    auto sc = sim::Scenario::load(std::string(RURALSIM_SOURCE_DIR) + "/scenarios/plan2022.toml", models::registry());
    sc.set("run.scale", "2000");
    sc.set("run.start", "2021-01-01");  // two years are enough; the shipped scenarios start in 2019
    sc.set("run.end", "2022-12-31");
    return sc;
}

/// Writes a run of plan2022 and a checkpoint of the same run at 2022-06-30, once per test process.
struct Runs {
    rstest::TempDir dir{"checkpoint"};
    std::string full = dir.file("full.h5"), ckpt = dir.file("run.ckpt");
    Runs() {
        const sim::Scenario sc = plan2022();
        models::Model m(sc, 11, 1);
        m.run();
        m.write(full);
        // Saves at the end of 2021-06-30, 2021-12-31 and 2022-06-30 (never on the last day), each
        // replacing the one before; the run goes on to the end as usual.
        models::Model c(sc, 11, 2);
        const models::Checkpointing plan{ckpt, ck::Period::parse("6m")};
        c.run({}, &plan);
    }
};
Runs& runs() {
    static Runs r;
    return r;
}

}  // namespace

TEST_CASE("checkpoint: resumed at 1 and 2 threads, every output dataset equals the uninterrupted run's",
          "[model][checkpoint][threads]") {
    Runs& r = runs();
    const auto want = datasets(r.full);
    REQUIRE(want.size() > 300);
    for (int threads : {1, 2}) {
        INFO("threads " << threads);
        models::Checkpointing plan;
        auto m = models::Model::resume(r.ckpt, threads, &plan);
        CHECK(m->days_done() == 546);  // 2022-06-30 closes the third 6-month period
        CHECK(m->calendar().date(m->days_done() - 1).iso() == "2022-06-30");
        CHECK(plan.every.text() == "6m");
        CHECK(m->seed() == 11);
        m->run();
        const std::string out = r.dir.file("resumed" + std::to_string(threads) + ".h5");
        m->write(out);
        const auto got = datasets(out);
        REQUIRE(got.size() == want.size());
        for (const auto& [name, bytes] : want) {
            INFO(name);
            REQUIRE(got.count(name) == 1);
            CHECK(got.at(name) == bytes);
        }
        // Root attributes: all the same but wall_seconds (wall clock) and threads (the resumed session's).
        sim::h5::Reader a(r.full), b(out);
        CHECK(a.string_attribute("/", "scenario") == b.string_attribute("/", "scenario"));
        for (const char* k : {"seed", "scale", "households", "days"})
            CHECK(a.number_attribute("/", k) == b.number_attribute("/", k));
        CHECK(a.string_attribute("/", "version") == b.string_attribute("/", "version"));
    }
}

TEST_CASE("checkpoint: a model loaded from a checkpoint saves the same checkpoint again", "[model][checkpoint]") {
    Runs& r = runs();
    auto m = models::Model::resume(r.ckpt, 1);
    const std::string again = r.dir.file("again.ckpt");
    m->save_checkpoint(again, ck::Period::parse("6m"));
    auto a = datasets(r.ckpt), b = datasets(again);
    CHECK(a == b);
}

namespace {
/// Replaces a root attribute by a string, fixed-length (as ruralsim writes) or variable-length.
void set_string_attribute(const std::string& path, const char* name, const std::string& value, bool variable = false) {
    const hid_t f = H5Fopen(path.c_str(), H5F_ACC_RDWR, H5P_DEFAULT);
    REQUIRE(f >= 0);
    H5Adelete(f, name);
    const hid_t type = H5Tcopy(H5T_C_S1);
    H5Tset_size(type, variable ? H5T_VARIABLE : value.size() + 1);
    const hid_t space = H5Screate(H5S_SCALAR);
    const hid_t a = H5Acreate2(f, name, type, space, H5P_DEFAULT, H5P_DEFAULT);
    const char* p = value.c_str();
    H5Awrite(a, type, variable ? static_cast<const void*>(&p) : static_cast<const void*>(p));
    H5Aclose(a);
    H5Sclose(space);
    H5Tclose(type);
    H5Fclose(f);
}
}  // namespace

TEST_CASE("checkpoint: files that cannot be resumed are refused with a clear ruralsim::Error", "[model][checkpoint]") {
    Runs& r = runs();
    using Catch::Matchers::Contains;
    const auto copy = [&](const std::string& name) {
        const std::string p = r.dir.file(name);
        std::filesystem::copy_file(r.ckpt, p, std::filesystem::copy_options::overwrite_existing);
        return p;
    };
    SECTION("missing file") { CHECK_ERROR(models::Model::resume(r.dir.file("nope.ckpt"), 1), IoError, "no such file"); }
    SECTION("a run output, not a checkpoint") {
        CHECK_ERROR(models::Model::resume(r.full, 1), CheckpointError, "is not a ruralsim checkpoint");
    }
    SECTION("not HDF5") {
        const std::string p = r.dir.write("text.ckpt", "[run]\nscale = 5\n");
        CHECK_ERROR(models::Model::resume(p, 1), IoError, "not an HDF5 file");
    }
    SECTION("truncated at 10, 50 and 90 %") {
        const auto size = std::filesystem::file_size(r.ckpt);
        std::ifstream in(r.ckpt, std::ios::binary);
        std::string bytes(size, '\0');
        in.read(bytes.data(), static_cast<std::streamsize>(size));
        for (double f : {0.1, 0.5, 0.9}) {
            const std::string p = r.dir.write("cut.ckpt", bytes.substr(0, static_cast<std::size_t>(f * size)));
            CHECK_THROWS_AS(models::Model::resume(p, 1), Error);
        }
    }
    SECTION("another parameter registry") {
        const std::string p = copy("registry.ckpt");
        set_string_attribute(p, "registry", "0123456789abcdef");
        CHECK_ERROR(models::Model::resume(p, 1), CheckpointError, "different parameter registry");
    }
    SECTION("another model state layout") {
        const std::string p = copy("layout.ckpt");
        set_string_attribute(p, "layout", "0123456789abcdef");
        CHECK_ERROR(models::Model::resume(p, 1), CheckpointError, "other fields");
    }
    SECTION("another county table") {
        const std::string p = copy("geo.ckpt");
        set_string_attribute(p, "geography", "0123456789abcdef");
        CHECK_ERROR(models::Model::resume(p, 1), CheckpointError, "geography");
    }
    SECTION("a changed scenario that still parses (attributes checksum)") {
        const std::string p = copy("scenario.ckpt");
        std::string text = sim::h5::Reader(p).string_attribute("/", "scenario");
        const auto at = text.find("mpc_rural = ");
        REQUIRE(at != std::string::npos);
        text.replace(at, 15, "mpc_rural = 0.5");
        set_string_attribute(p, "scenario", text);
        CHECK_ERROR(models::Model::resume(p, 1), CheckpointError,
                    "its attributes (scenario, seed, day, ...) do not match");
    }
    SECTION("strings stored as variable-length strings are refused unread") {
        const std::string p = copy("vlen.ckpt");
        set_string_attribute(p, "registry", "0123456789abcdef", true);
        CHECK_ERROR(models::Model::resume(p, 1), CheckpointError, "attribute registry is a variable-length string");
    }
    SECTION("a changed value in the data") {
        const std::string p = copy("flipped.ckpt");
        const hid_t f = H5Fopen(p.c_str(), H5F_ACC_RDWR, H5P_DEFAULT);
        const hid_t ds = H5Dopen2(f, "/core/households/wealth", H5P_DEFAULT);
        REQUIRE(ds >= 0);
        const hid_t space = H5Dget_space(ds);
        std::vector<double> w(static_cast<std::size_t>(H5Sget_simple_extent_npoints(space)));
        H5Dread(ds, H5T_NATIVE_DOUBLE, H5S_ALL, H5S_ALL, H5P_DEFAULT, w.data());
        w[w.size() / 2] += 1.0;
        H5Dwrite(ds, H5T_NATIVE_DOUBLE, H5S_ALL, H5S_ALL, H5P_DEFAULT, w.data());
        H5Sclose(space);
        H5Dclose(ds);
        H5Fclose(f);
        CHECK_ERROR(models::Model::resume(p, 1), CheckpointError, "checksum");
    }
}

namespace {
struct Inner {
    double x = 0;
    std::vector<std::uint32_t> ids;
    template <class A>
    void fields(A& a) {
        a("x", x);
        a("ids", ids);
    }
};
struct Sample {
    int n = 0;
    bool flag = false;
    std::string name;
    double carry[3] = {0, 0, 0};
    std::array<float, 2> pair{};
    std::vector<double> v;
    std::vector<std::array<double, 4>> rows;
    std::vector<std::vector<double>> ragged;
    std::array<std::vector<int>, 2> two;
    std::vector<double> boxes[2];
    Inner inner;
    template <class A>
    void fields(A& a) {
        a("n", n);
        a("flag", flag);
        a("name", name);
        a("carry", carry);
        a("pair", pair);
        a("v", v);
        a("rows", rows);
        a("ragged", ragged);
        a("two", two);
        a("boxes", boxes);
        a("inner", inner);
    }
    bool operator==(const Sample& o) const {
        return n == o.n && flag == o.flag && name == o.name && std::memcmp(carry, o.carry, sizeof carry) == 0 &&
               pair == o.pair && v == o.v && rows == o.rows && ragged == o.ragged && two == o.two &&
               boxes[0] == o.boxes[0] && boxes[1] == o.boxes[1] && inner.x == o.inner.x && inner.ids == o.inner.ids;
    }
};
struct OtherSample {
    double carry[4] = {0, 0, 0, 0};
    template <class A>
    void fields(A& a) {
        a("carry", carry);
    }
};
}  // namespace

TEST_CASE("checkpoint archive: every supported kind of member round-trips bit for bit", "[checkpoint]") {
    rstest::TempDir dir("archive");
    Sample s;
    s.n = -7;
    s.flag = true;
    s.name = "Xiushan 秀山";
    s.carry[1] = 1.0 / 3.0;
    s.pair = {1.5f, -2.25f};
    s.v = {1e-300, -0.0, 3.5};
    s.rows = {{1, 2, 3, 4}, {5, 6, 7, 8}};
    s.ragged = {{1}, {}, {2, 3}};
    s.two = {std::vector<int>{1, 2}, std::vector<int>{3}};
    s.boxes[1] = {9.0};
    s.inner = {2.5, {4, 5, 6}};
    {
        ck::Saver out(dir.file("s.ckpt"));
        out("sample", s);
        out.commit();
    }
    Sample t;
    ck::Loader in(dir.file("s.ckpt"));
    in("sample", t);
    in.finish();
    CHECK(t == s);
    // The layout fingerprint depends on names and types, not on values or vector lengths.
    ck::Layout l1, l2;
    l1("sample", s);
    l2("sample", t);
    CHECK(l1.hash() == l2.hash());
    Sample u;
    u.v.resize(100);
    ck::Layout l3;
    l3("sample", u);
    CHECK(l3.hash() == l1.hash());
    CHECK(l1.count() >= 15);
    // Loading into a fixed-size member of another length is refused.
    OtherSample other;
    ck::Loader in2(dir.file("s.ckpt"));
    CHECK_THROWS_AS(in2("sample", other), CheckpointError);
}

TEST_CASE("checkpoint: an unwritable checkpoint leaves no file; a failed save no temporary", "[checkpoint]") {
    rstest::TempDir dir("archive-fail");
    CHECK_THROWS_AS(ck::Saver(dir.file("no/such/dir/x.ckpt")), IoError);
    {
        ck::Saver out(dir.file("x.ckpt"));
        double x = 1;
        out("x", x);
        // destroyed without commit()
    }
    CHECK(std::filesystem::is_empty(dir.path()));
}

TEST_CASE("checkpoint period: 90d, 6m, 1y and what is refused", "[checkpoint]") {
    sim::Calendar cal(sim::Date::parse("2021-01-01"), sim::Date::parse("2022-12-31"));
    const auto closing = [&](const char* text) {
        std::vector<std::string> out;
        const auto p = ck::Period::parse(text);
        for (int d = 0; d < cal.days(); ++d)
            if (p.closes(cal, d)) out.push_back(cal.date(d).iso());
        return out;
    };
    CHECK(closing("90d") == std::vector<std::string>{"2021-03-31", "2021-06-29", "2021-09-27", "2021-12-26",
                                                     "2022-03-26", "2022-06-24", "2022-09-22", "2022-12-21"});
    CHECK(closing("6m") == std::vector<std::string>{"2021-06-30", "2021-12-31", "2022-06-30", "2022-12-31"});
    CHECK(closing("1y") == std::vector<std::string>{"2021-12-31", "2022-12-31"});
    CHECK(ck::Period::parse("1y").text() == "12m");
    for (const char* bad : {"", "d", "90", "0d", "-5d", "1.5m", "3w", "90 d", "d90", "100001d", "1e3d", "9000y"}) {
        INFO(bad);
        CHECK_ERROR(ck::Period::parse(bad), Error, "expects a period such as 90d, 6m or 1y");
    }
}

TEST_CASE("resource guard: a run above the memory limit is refused before agents exist", "[model][resources]") {
    sim::Scenario sc(models::registry());
    sc.set("run.scale", "1");
    // 13 million household agents at scale 1: about 0.3 GB for their tables.
    try {
        models::Model m(sc, 1, 1, 100ull << 20);
        FAIL("not refused");
    } catch (const ResourceError& e) {
        const std::string msg = e.what();
        CHECK_THAT(msg, Catch::Matchers::Contains("would need about") &&
                            Catch::Matchers::Contains("household agents") &&
                            Catch::Matchers::Contains("more than the limit of 100.0 MB"));
    }
    // The same scenario at a coarse scale fits.
    sc.set("run.scale", "5000");
    sc.set("run.end", "2021-01-31");
    models::Model ok(sc, 1, 1, 100ull << 20);
    // The estimate's bound on recorded indicators covers the model's (core and modules).
    std::size_t recorded = 0;
    for (std::size_t i = 0; i < ok.indicators().size(); ++i) recorded += !ok.indicators().derived(i);
    CHECK(recorded <= static_cast<std::size_t>(models::Model::kRecordedIndicatorsBound));
    CHECK(recorded * 2 > static_cast<std::size_t>(models::Model::kRecordedIndicatorsBound));  // and stays close
}
