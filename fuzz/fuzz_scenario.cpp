// libFuzzer target: scenario TOML loader + validator (sim::Scenario::parse, models::read_params).
#include "fuzz_targets.hpp"

extern "C" int LLVMFuzzerTestOneInput(const std::uint8_t* data, std::size_t size) {
    (void)ruralsim::fuzz::scenario_body(data, size, RURALSIM_SOURCE_DIR "/scenarios");
    return 0;
}
