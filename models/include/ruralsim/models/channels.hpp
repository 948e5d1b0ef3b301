#pragma once
/// \file
/// The households' channel choice (models/src/households.cpp): what it depends on at a place
/// today (the village store, the facilities' upgrades, the parcel service, the channels' prices)
/// and the multinomial-logit shares it gives. The core owns it; modules ask it (Context::choice).

#include <array>
#include <cstddef>
#include <cstdint>
#include <vector>

#include "ruralsim/models/geography.hpp"
#include "ruralsim/models/logistics.hpp"
#include "ruralsim/models/parameters.hpp"
#include "ruralsim/models/shared.hpp"
#include "ruralsim/models/stores.hpp"
#include "ruralsim/sim/scenario.hpp"

namespace ruralsim::models {

struct Facilities;

/// Channel shares of a place for online adopters and for the others.
struct PlaceShares {
    std::array<double, kChannels> adopter{}, other{};
};

/// What the channel choice of a place depends on today.
struct PlaceState {
    bool store_open = false, online_peak = false;
    Service service = kDaily;
    double store_variety = 0, township_variety = 0, district_variety = 0;  ///< log variety gained by upgrades
    double extra_days = 0;                                                 ///< sorting-centre overload
    double offline_access = 1;  ///< share of physical shopping open (demand shocks)
    bool operator==(const PlaceState&) const = default;
};

/// Multinomial-logit channel shares of place i (`price`: each channel's price index).
PlaceShares place_shares(const Params& p, const std::array<double, kChannels>& price, const Geography& geo,
                         std::size_t i, const PlaceState& st);

class ChannelChoice {
public:
    /// Reads the markets' markups and the facilities' variety gains from the scenario.
    ChannelChoice(const sim::Scenario& sc, const Params& p, const Geography& geo, const VillageStores& stores,
                  const DayFactors& day);
    /// Connects the facilities' and the network's tables ("facilities", "network"); called once every
    /// module is built.
    void start(const Shared& shared);
    /// What the choice of place i depends on today.
    PlaceState state(std::size_t i, bool online_peak) const;
    /// The shares of place i in state `st`.
    PlaceShares shares(std::size_t i, const PlaceState& st) const { return place_shares(p_, price_, geo_, i, st); }
    /// The shares of place i in state `st`, recomputed only when the place's state changed (they depend
    /// on a handful of flags that change a few times a year at most). One caller per place at a time.
    const PlaceShares& cached(std::size_t i, const PlaceState& st);
    /// Empties the cache (after a checkpoint is loaded).
    void forget();

private:
    const Params& p_;
    const Geography& geo_;
    const VillageStores& stores_;
    const DayFactors& day_;
    const Facilities* fac_ = nullptr;
    const Network* net_ = nullptr;
    std::array<double, kChannels> price_{};  ///< price index of each channel (its markup over wholesale cost)
    double township_variety_ = 0, district_variety_ = 0;  ///< log variety an upgraded centre, district adds
    std::vector<PlaceState> state_;                       ///< per place: the state its cached shares are for
    std::vector<PlaceShares> cache_;                      ///< per place: the shares
    std::vector<std::uint8_t> valid_;                     ///< per place: cache_ holds shares
};

}  // namespace ruralsim::models
