#include "ruralsim/models/geography.hpp"
#include "ruralsim/models/streams.hpp"

#include <cmath>
#include <fstream>
#include <sstream>

#include "ruralsim/sim/error.hpp"
#include "ruralsim/sim/rng.hpp"

namespace ruralsim::models {
namespace {

std::vector<std::string> split(const std::string& line) {
    std::vector<std::string> out;
    std::string cur;
    bool quoted = false;
    for (char c : line) {
        if (c == '"')
            quoted = !quoted;
        else if (c == ',' && !quoted) {
            out.push_back(cur);
            cur.clear();
        } else if (c != '\r')
            cur += c;
    }
    out.push_back(cur);
    return out;
}

const char* kColumns[] = {
    "code",         "name",  "name_zh",   "group",    "central",       "population", "population_conf", "urban_share",
    "subdistricts", "towns", "townships", "villages", "villages_conf", "terrain",    "poverty_county"};

}  // namespace

std::vector<CountyData> parse_counties(const std::string& text, const std::string& name) {
    std::istringstream in(text);
    std::string line;
    int lineno = 0;
    std::vector<std::string> header;
    std::vector<CountyData> out;
    auto fail = [&](const std::string& col, const std::string& what) {
        return DataError(name + ":" + std::to_string(lineno) + ": column '" + col + "': " + what);
    };
    while (std::getline(in, line)) {
        ++lineno;
        if (line.empty() || line == "\r") continue;
        auto cells = split(line);
        if (header.empty()) {
            header = cells;
            for (const char* c : kColumns) {
                bool found = false;
                for (const auto& h : header) found = found || h == c;
                if (!found) throw fail(c, "missing from the header");
            }
            continue;
        }
        if (cells.size() != header.size())
            throw DataError(name + ":" + std::to_string(lineno) + ": expected " + std::to_string(header.size()) +
                            " columns, found " + std::to_string(cells.size()));
        auto get = [&](const std::string& col) -> const std::string& {
            for (std::size_t i = 0; i < header.size(); ++i)
                if (header[i] == col) return cells[i];
            throw fail(col, "missing");
        };
        auto number = [&](const std::string& col, double lo, double hi) {
            const std::string& s = get(col);
            std::size_t pos = 0;
            double v = 0;
            try {
                v = std::stod(s, &pos);
            } catch (const std::exception&) {
                pos = 0;
            }
            if (pos == 0 || pos != s.size() || !std::isfinite(v)) throw fail(col, "expected a number, got '" + s + "'");
            if (v < lo || v > hi)
                throw fail(col,
                           "value " + s + " out of range [" + std::to_string(lo) + ", " + std::to_string(hi) + "]");
            return v;
        };
        auto whole = [&](const std::string& col, double hi) {
            const double v = number(col, 0, hi);
            if (v != std::floor(v)) throw fail(col, "expected a whole number, got '" + get(col) + "'");
            return static_cast<int>(v);
        };
        CountyData c;
        c.code = get("code");
        c.name = get("name");
        c.name_zh = get("name_zh");
        if (c.name.empty()) throw fail("name", "empty");
        const std::string& g = get("group");
        if (g == "M")
            c.group = Group::Metropolitan;
        else if (g == "NE")
            c.group = Group::ThreeGorges;
        else if (g == "SE")
            c.group = Group::Wuling;
        else
            throw fail("group", "expected M, NE or SE, got '" + g + "'");
        c.central = whole("central", 1) == 1;
        c.population = number("population", 0, 1e9);
        c.urban_share = number("urban_share", 0, 1);
        c.subdistricts = whole("subdistricts", 1e5);
        c.towns = whole("towns", 1e5);
        c.townships = whole("townships", 1e5);
        c.villages = whole("villages", 1e6);
        const std::string& t = get("terrain");
        if (t == "plain")
            c.terrain = Terrain::Plain;
        else if (t == "hill")
            c.terrain = Terrain::Hill;
        else if (t == "mountain")
            c.terrain = Terrain::Mountain;
        else
            throw fail("terrain", "expected plain, hill or mountain, got '" + t + "'");
        c.poverty_county = whole("poverty_county", 1) == 1;
        if (c.subdistricts + c.towns + c.townships == 0)
            throw fail("subdistricts", "a county needs at least one township-level unit");
        if (c.urban_share > 0 && c.subdistricts == 0 && c.population > 0)
            throw fail("subdistricts", "urban residents (urban_share > 0) need at least one subdistrict");
        if (c.villages > 0 && c.urban_share >= 1.0) throw fail("villages", "villages in a county with urban_share 1");
        if (c.villages == 0 && c.urban_share < 1.0 && c.population > 0)
            throw fail("villages", "a county with rural residents (urban_share < 1) needs villages");
        out.push_back(std::move(c));
    }
    if (header.empty()) throw DataError(name + ": empty county table");
    if (out.empty()) throw DataError(name + ": no counties");
    return out;
}

std::vector<CountyData> load_counties(const std::string& path) {
    if (path.empty()) return parse_counties(embedded_counties_csv(), "data/counties.csv (embedded)");
    std::ifstream in(path, std::ios::binary);
    if (!in) throw DataError("cannot open county table '" + path + "'");
    std::ostringstream ss;
    ss << in.rdbuf();
    return parse_counties(ss.str(), path);
}

std::uint32_t Geography::villages() const {
    std::uint32_t n = 0;
    for (const auto& p : places) n += p.urban ? 0 : 1;
    return n;
}

Geography build_geography(std::vector<CountyData> counties, const Params& p, std::uint64_t seed) {
    Geography g;
    g.counties = std::move(counties);
    g.first_place.push_back(0);
    for (std::uint32_t c = 0; c < g.counties.size(); ++c) {
        const CountyData& cd = g.counties[c];
        const auto terrain = static_cast<std::size_t>(cd.terrain);
        sim::Stream rs(seed, streams::kGeography, c, 0);
        const double households = cd.population / p.persons_per_household;
        const double urban_hh = households * cd.urban_share;
        const double rural_hh = households - urban_hh;

        // Townships: subdistricts hold the urban neighbourhoods; towns and townships hold villages.
        const std::uint32_t first_township = static_cast<std::uint32_t>(g.townships.size());
        const int rural_units = cd.towns + cd.townships;
        for (int i = 0; i < cd.subdistricts; ++i) g.townships.push_back({c, true, 0.0});
        for (int i = 0; i < rural_units; ++i)
            g.townships.push_back({c, false, rs.lognormal_mean(p.township_county_km[terrain], p.distance_sigma)});

        // Urban neighbourhoods: one per subdistrict, equal shares.
        for (int i = 0; i < cd.subdistricts; ++i)
            g.places.push_back(
                {c, first_township + static_cast<std::uint32_t>(i), true, urban_hh / cd.subdistricts, 0.0});

        // Villages: each town/township (subdistricts when there are none) gets a contiguous block
        // of about V/hosts villages, with log-normal sizes normalised to the county's rural households.
        if (cd.villages > 0) {
            std::vector<double> size(static_cast<std::size_t>(cd.villages));
            double total = 0;
            for (auto& s : size) total += (s = rs.lognormal_mean(1.0, p.village_size_sigma));
            const int hosts = rural_units > 0 ? rural_units : cd.subdistricts;
            const std::uint32_t host0 =
                first_township + static_cast<std::uint32_t>(rural_units > 0 ? cd.subdistricts : 0);
            // Villages of one township stay contiguous: township k gets villages [k*V/hosts, (k+1)*V/hosts).
            for (int k = 0; k < hosts; ++k) {
                const int v0 = static_cast<int>(static_cast<long long>(k) * cd.villages / hosts);
                const int v1 = static_cast<int>(static_cast<long long>(k + 1) * cd.villages / hosts);
                for (int v = v0; v < v1; ++v)
                    g.places.push_back({c, host0 + static_cast<std::uint32_t>(k), false,
                                        rural_hh * size[static_cast<std::size_t>(v)] / total,
                                        rs.lognormal_mean(p.village_township_km[terrain], p.distance_sigma)});
            }
        }
        g.first_place.push_back(static_cast<std::uint32_t>(g.places.size()));
    }
    return g;
}

/// The drawn parts of the geography (village sizes and distances).
void bind_geography_params(sim::ParamBinder& b, Params& p) {
    b.real("geography.village_size_sigma", p.village_size_sigma, 0.45, {0, 3}, {0.3, 0.6}, "log-sd",
           "dispersion of village sizes within a county", sim::assumption());
    b.real("geography.village_township_km_plain", p.village_township_km[0], 4, {0.1, 200}, {2, 6}, "km",
           "mean village - township centre distance, plain", sim::assumption());
    b.real("geography.village_township_km_hill", p.village_township_km[1], 6, {0.1, 200}, {4, 9}, "km",
           "mean village - township centre distance, hill", sim::assumption());
    b.real("geography.village_township_km_mountain", p.village_township_km[2], 9, {0.1, 200}, {6, 14}, "km",
           "mean village - township centre distance, mountain", sim::assumption());
    b.real("geography.township_county_km_plain", p.township_county_km[0], 18, {0.1, 500}, {12, 25}, "km",
           "mean township - county seat distance, plain", sim::assumption());
    b.real("geography.township_county_km_hill", p.township_county_km[1], 25, {0.1, 500}, {18, 35}, "km",
           "mean township - county seat distance, hill", sim::assumption());
    b.real("geography.township_county_km_mountain", p.township_county_km[2], 45, {0.1, 500}, {30, 60}, "km",
           "mean township - county seat distance, mountain", sim::assumption());
    b.real("geography.distance_sigma", p.distance_sigma, 0.5, {0, 3}, {0.3, 0.7}, "log-sd", "dispersion of distances",
           sim::assumption());
}

}  // namespace ruralsim::models
