#pragma once
// A scratch folder under the system temp directory, unique per process and per
// instance (ctest runs test cases in parallel processes), removed on destruction.

#include <unistd.h>

#include <atomic>
#include <filesystem>
#include <fstream>
#include <string>

namespace rstest {

class TempDir {
public:
    explicit TempDir(const std::string& tag = "t") {
        static std::atomic<int> counter{0};
        path_ = std::filesystem::temp_directory_path() /
                ("ruralsim-test-" + tag + "-" + std::to_string(::getpid()) + "-" + std::to_string(counter++));
        std::filesystem::remove_all(path_);
        std::filesystem::create_directories(path_);
    }
    ~TempDir() {
        std::error_code ec;
        std::filesystem::remove_all(path_, ec);
    }
    TempDir(const TempDir&) = delete;
    TempDir& operator=(const TempDir&) = delete;

    const std::filesystem::path& path() const noexcept { return path_; }
    /// Path of `name` inside the folder (as a string).
    std::string file(const std::string& name) const { return (path_ / name).string(); }
    /// Writes `text` to `name` (creating sub-folders) and returns its path.
    std::string write(const std::string& name, const std::string& text) const {
        const auto p = path_ / name;
        std::filesystem::create_directories(p.parent_path());
        std::ofstream out(p, std::ios::binary);
        out << text;
        return p.string();
    }

private:
    std::filesystem::path path_;
};

}  // namespace rstest
