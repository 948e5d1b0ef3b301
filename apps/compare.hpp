#pragma once
#include <string>
#include <vector>

namespace ruralsim::apps {
/// `ruralsim compare A.h5 B.h5 [...]`; returns the exit code.
int cmd_compare(const std::vector<std::string>& args);
}  // namespace ruralsim::apps
