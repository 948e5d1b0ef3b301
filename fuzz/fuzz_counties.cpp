// libFuzzer target: county table CSV (models::parse_counties, used for run.counties_file).
#include "fuzz_targets.hpp"

extern "C" int LLVMFuzzerTestOneInput(const std::uint8_t* data, std::size_t size) {
    (void)ruralsim::fuzz::counties_body(data, size);
    return 0;
}
