#include <ruralsim/sim/isolate.hpp>

#include <ruralsim/sim/error.hpp>

#include <sys/wait.h>
#include <unistd.h>

#include <cerrno>
#include <csignal>
#include <cstdio>
#include <cstring>

namespace ruralsim::sim {

void probe_in_child(const std::string& path, const std::function<void()>& read, unsigned timeout_seconds) {
    std::fflush(nullptr);  // nothing buffered is written twice
    const pid_t pid = fork();
    if (pid < 0) throw IoError("'" + path + "': cannot start a process to check the file: " + std::strerror(errno));
    if (pid == 0) {
        // The child: its only output is how it ends. Errors are the parent's to report.
        alarm(timeout_seconds);
        try {
            read();
        } catch (...) {}
        _exit(0);
    }
    int status = 0;
    while (waitpid(pid, &status, 0) < 0)
        if (errno != EINTR)
            throw IoError("'" + path + "': lost the process checking the file: " + std::strerror(errno));
    if (WIFEXITED(status) && WEXITSTATUS(status) == 0) return;
    if (WIFSIGNALED(status) && WTERMSIG(status) == SIGALRM)
        throw IoError("'" + path + "': reading it did not finish within " + std::to_string(timeout_seconds) +
                      " s: the file is corrupt (the HDF5 library loops on it)");
    const std::string how = WIFSIGNALED(status) ? "signal " + std::to_string(WTERMSIG(status))
                                                : "exit status " + std::to_string(WEXITSTATUS(status));
    throw IoError("'" + path + "': the HDF5 library crashed reading it (" + how +
                  "): the file is corrupt or not written by ruralsim");
}

}  // namespace ruralsim::sim
