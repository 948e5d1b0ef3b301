#include "ruralsim/models/shared.hpp"

#include <algorithm>

namespace ruralsim::models {

int DayTable::column(const std::string& name) {
    if (!place_.empty()) throw Error("day table: column '" + name + "' registered after the table was set up");
    if (std::find(names_.begin(), names_.end(), name) != names_.end())
        throw Error("day table: column '" + name + "' registered twice");
    names_.push_back(name);
    return static_cast<int>(names_.size() - 1);
}

int DayTable::find(const std::string& name) const {
    const auto it = std::find(names_.begin(), names_.end(), name);
    if (it == names_.end()) throw Error("day table: no column '" + name + "' is registered");
    return static_cast<int>(it - names_.begin());
}

void DayTable::setup(std::size_t places, std::size_t counties) {
    const std::size_t w = names_.size();
    place_.assign(places * w, 0.0);
    county_.assign(counties * w, 0.0);
    rural_.assign(counties * w, 0.0);
    urban_.assign(counties * w, 0.0);
}

void DayTable::clear_places(std::size_t i0, std::size_t i1) {
    std::fill(place_.begin() + static_cast<std::ptrdiff_t>(i0 * names_.size()),
              place_.begin() + static_cast<std::ptrdiff_t>(i1 * names_.size()), 0.0);
}

}  // namespace ruralsim::models
