#pragma once
/// \file
/// Chongqing's county - township - place tree, built from the county table
/// (data/counties.csv, embedded in the binary) and drawn village sizes and
/// distances. Places are villages (rural) and urban neighbourhoods (one per
/// subdistrict); households are later laid out place by place, so each
/// place's households are one contiguous range.

#include <cstdint>
#include <string>
#include <vector>

#include "ruralsim/models/parameters.hpp"

namespace ruralsim::models {

enum class Group : std::uint8_t { Metropolitan = 0, ThreeGorges = 1, Wuling = 2 };
enum class Terrain : std::uint8_t { Plain = 0, Hill = 1, Mountain = 2 };

/// One row of the county table.
struct CountyData {
    std::string code, name, name_zh;
    Group group = Group::Metropolitan;
    bool central = false;
    double population = 0;
    double urban_share = 0;
    int subdistricts = 0, towns = 0, townships = 0, villages = 0;
    Terrain terrain = Terrain::Hill;
    bool poverty_county = false;
};

/// Parses a county table; errors name the file, line and column.
std::vector<CountyData> parse_counties(const std::string& csv_text, const std::string& name);
/// The embedded default table (data/counties.csv at build time).
const std::string& embedded_counties_csv();
/// Loads `path`, or the embedded table when `path` is empty.
std::vector<CountyData> load_counties(const std::string& path);

struct Township {
    std::uint32_t county = 0;
    bool urban = false;    ///< a subdistrict (urban neighbourhoods) rather than a town/township
    double county_km = 0;  ///< distance to the county seat
};

struct Place {
    std::uint32_t county = 0, township = 0;
    bool urban = false;
    double real_households = 0;  ///< real households living here
    double township_km = 0;      ///< distance to its township centre (villages)
};

struct Geography {
    std::vector<CountyData> counties;
    std::vector<Township> townships;         ///< ordered by county
    std::vector<Place> places;               ///< ordered by county, township
    std::vector<std::uint32_t> first_place;  ///< per county, size counties+1
    std::uint32_t villages() const;
};

/// Builds the tree; draws use the geography stream keyed by `seed`.
Geography build_geography(std::vector<CountyData> counties, const Params& p, std::uint64_t seed);

}  // namespace ruralsim::models
