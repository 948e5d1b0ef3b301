// Reading a file given by the user through libhdf5 in a child process first.
//
// libhdf5 (1.10) can crash or loop forever on a crafted or corrupt file
// (docs/robustness.md, fuzz/known-hdf5-issues/); its errors on such files are
// not all reported as errors. Commands that read user files (`compare`,
// `resume`) therefore run the read once in a forked child: if the child dies
// (a signal, a sanitizer abort) or does not finish in time, the command stops
// with an IoError naming the file instead of crashing or hanging. If the child
// finishes (with or without an exception), the command reads the file itself,
// which gives the same result or the same error, now in this process.
#pragma once

#include <functional>
#include <string>

namespace ruralsim::sim {

/// Runs `read` in a forked child process; throws IoError naming `path` when the
/// child crashes or takes more than `timeout_seconds`. Returns when the child finished.
/// Call it before the process starts any threads.
void probe_in_child(const std::string& path, const std::function<void()>& read, unsigned timeout_seconds);

}  // namespace ruralsim::sim
