// libFuzzer target: sim::h5::Reader on arbitrary file contents, read the way `ruralsim compare` does.
// libhdf5 itself is not instrumented: coverage guidance only sees our reader, so this mostly
// exercises the corpus and its byte-level mutations (see docs/robustness.md).
#include "fuzz_targets.hpp"

extern "C" int LLVMFuzzerTestOneInput(const std::uint8_t* data, std::size_t size) {
    (void)ruralsim::fuzz::h5_body(data, size);
    return 0;
}
