// libFuzzer target: the checkpoint loader (models::Model::resume, what `ruralsim resume` runs)
// on arbitrary file contents. Like fuzz_h5, libhdf5 itself is not instrumented.
#include "fuzz_targets.hpp"

extern "C" int LLVMFuzzerTestOneInput(const std::uint8_t* data, std::size_t size) {
    (void)ruralsim::fuzz::checkpoint_body(data, size);
    return 0;
}
