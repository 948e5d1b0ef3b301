#pragma once
/// \file
/// What the core and the modules share (reached through Context): the day's
/// factors, the day's per-place table whose columns each party registers for
/// what it fills, and a registry of named objects (state tables, parameter
/// structs, per-place or per-county arrays) that their owner publishes and the
/// others read. A new module adds its quantities here without editing the core.
///
/// Example:
/// \code
///   // owner, in its constructor:
///   col_ = c.table.column("parcels_down");   // a per-place quantity of the day, summed into counties
///   c.shared.publish("network", net_);        // its state table, for the others to read
///   // reader, in start() (after every module is built):
///   net_ = &c.shared.get<Network>("network");
///   const double down = c.table.rural(k)[c.table.find("parcels_down")];
/// \endcode

#include <cstddef>
#include <map>
#include <string>
#include <typeinfo>
#include <vector>

#include "ruralsim/sim/error.hpp"
#include "ruralsim/sim/indicators.hpp"

namespace ruralsim::models {

/// Agents' worth of prior weight when a place's own figure (adoption share, parcels) is shrunk
/// towards a wider area's rate, so that decisions do not depend on run.scale.
inline constexpr double kPeerPrior = 20.0;

/// Factors of the day that every phase may read (set by the core's begin phase).
struct DayFactors {
    double gf_urban = 1, gf_rural = 1;  ///< income growth since the start
    double season = 1;                  ///< households' spending factor (month, Spring Festival, shocks)
    double external_season = 1;         ///< outside buyers' month factor
    double offline_access = 1;          ///< share of physical shopping open today (demand shocks)
    bool online_peak = false;           ///< 618 or Double 11 promotion days
    template <class A>
    void fields(A& a) {
        a("gf_urban", gf_urban);
        a("gf_rural", gf_rural);
        a("season", season);
        a("external_season", external_season);
        a("offline_access", offline_access);
        a("online_peak", online_peak);
    }
};

/// The core's columns of the day's table (registered first, in this order); modules register theirs after.
enum CoreColumn : int {
    kIncome,          ///< household income, yuan
    kConsumption,     ///< household consumption, yuan
    kGoods,           ///< goods purchases, yuan
    kVillageSales,    ///< village store sales, yuan
    kTownshipDemand,  ///< purchases at the township centre (incl. store stock-outs), yuan
    kDistrictDemand,  ///< purchases in the county-seat business district, yuan
    kOnlineBuys,      ///< online purchases, yuan
    kWealth,          ///< households' wealth at day end, yuan
    kAdopters,        ///< real households shopping online
    kHouseholds,      ///< real households
    kPersons,         ///< residents
    kRestock,         ///< store restocking orders at wholesale cost, yuan
    kRestockTrips,    ///< store restocking logistics cost, yuan
    kStoreFixed,      ///< store fixed costs paid, yuan
    kStoreCash,       ///< store cash at day end, yuan
    kModuleIncome,    ///< module payments (pending income) paid to households, yuan
    kCoreColumns
};

/// The day's quantities per place, one column per quantity (registered by whoever fills it before
/// the run). The phases fill the day's place rows; the accounting phase sums them, in place order,
/// into county rows and into each county's rural and urban rows, and empties the place rows again.
class DayTable {
public:
    /// Registers a column and returns its index (names are unique; before setup()).
    int column(const std::string& name);
    /// The index of a registered column; throws Error for an unknown name.
    int find(const std::string& name) const;
    std::size_t width() const noexcept { return names_.size(); }
    const std::vector<std::string>& names() const noexcept { return names_; }
    /// Sizes the rows once every column is registered.
    void setup(std::size_t places, std::size_t counties);

    double* place(std::size_t i) noexcept { return place_.data() + i * names_.size(); }
    const double* place(std::size_t i) const noexcept { return place_.data() + i * names_.size(); }
    double* county(std::size_t k) noexcept { return county_.data() + k * names_.size(); }
    const double* county(std::size_t k) const noexcept { return county_.data() + k * names_.size(); }
    double* rural(std::size_t k) noexcept { return rural_.data() + k * names_.size(); }
    const double* rural(std::size_t k) const noexcept { return rural_.data() + k * names_.size(); }
    double* urban(std::size_t k) noexcept { return urban_.data() + k * names_.size(); }
    const double* urban(std::size_t k) const noexcept { return urban_.data() + k * names_.size(); }
    /// Empties the rows of places [i0, i1).
    void clear_places(std::size_t i0, std::size_t i1);

    /// The county rows carry over (a month-start rule reads yesterday's); the place rows are empty
    /// between days and the rural and urban rows are rebuilt each day, so a checkpoint keeps only
    /// the county rows.
    template <class A>
    void fields(A& a) {
        std::vector<std::string> names = names_;
        a("columns", names);
        if (a.loading() && names != names_)
            throw CheckpointError("checkpoint: the day's place columns differ from this model's");
        a("county", county_);
    }

private:
    std::vector<std::string> names_;
    std::vector<double> place_, county_, rural_, urban_;
};

/// Records indicators by county and city-wide (the city: the counties' values summed in county order).
class CountyRecorder {
public:
    CountyRecorder(sim::Indicators& indicators, int day, std::size_t counties)
        : I_(indicators), day_(day), v_(counties) {}
    /// Records per_county(c) for each county.
    template <class F>
    void sum(sim::Indicators::Id id, F&& per_county) {
        double city = 0;
        for (std::size_t c = 0; c < v_.size(); ++c) city += v_[c] = per_county(c);
        I_.record(id, day_, city, v_);
    }
    /// Records num(c) / den(c) for each county (0 where den is 0) and the city's sums' ratio.
    template <class N, class D>
    void ratio(sim::Indicators::Id id, N&& num, D&& den) {
        double tn = 0, td = 0;
        for (std::size_t c = 0; c < v_.size(); ++c) {
            const double n = num(c), d = den(c);
            v_[c] = d > 0 ? n / d : 0.0;
            tn += n;
            td += d;
        }
        I_.record(id, day_, td > 0 ? tn / td : 0.0, v_);
    }

private:
    sim::Indicators& I_;
    int day_;
    std::vector<double> v_;
};

/// Named objects published by their owner (the core or a module) for the others to read: the owner
/// keeps the object (and lists it in its checkpoint state); the registry holds only its address
/// and type. Look-ups happen once, when a module starts, never in a phase.
class Shared {
public:
    /// Publishes `object` under `name` (unique); it must outlive the registry's users.
    template <class T>
    void publish(const std::string& name, const T& object) {
        if (!objects_.emplace(name, Entry{&object, &typeid(T)}).second)
            throw Error("shared state: '" + name + "' published twice");
    }
    /// The object published under `name`, of type T (read only); throws Error when none is, or one of
    /// another type.
    template <class T>
    const T& get(const std::string& name) const {
        const auto it = objects_.find(name);
        if (it == objects_.end()) throw Error("shared state: nothing is published as '" + name + "'");
        if (*it->second.type != typeid(T)) throw Error("shared state: '" + name + "' is published with another type");
        return *static_cast<const T*>(it->second.object);
    }
    bool has(const std::string& name) const { return objects_.count(name) != 0; }

private:
    struct Entry {
        const void* object;
        const std::type_info* type;
    };
    std::map<std::string, Entry> objects_;
};

}  // namespace ruralsim::models
