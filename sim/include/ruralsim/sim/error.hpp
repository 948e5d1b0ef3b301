#pragma once
/// \file
/// The one error hierarchy of ruralsim. Bad input throws before a run starts;
/// the library never calls exit(). The Python bindings translate these once.

#include <stdexcept>
#include <string>

namespace ruralsim {

/// Base of every error ruralsim throws on purpose.
class Error : public std::runtime_error {
public:
    using std::runtime_error::runtime_error;
};

/// A scenario file (or a value inside it) is wrong. The message names the
/// file, the line, the key path and what was expected, e.g.
/// `scenarios/x.toml:12: household.mpc = 1.7: expected a number in [0, 1]`.
class ScenarioError : public Error {
public:
    ScenarioError(std::string file, int line, std::string key, const std::string& what)
        : Error(format(file, line, key, what)), file_(std::move(file)), line_(line), key_(std::move(key)) {}
    const std::string& file() const noexcept { return file_; }
    int line() const noexcept { return line_; }
    const std::string& key() const noexcept { return key_; }

private:
    static std::string format(const std::string& file, int line, const std::string& key, const std::string& what) {
        std::string out = file.empty() ? std::string("<scenario>") : file;
        if (line > 0) out += ":" + std::to_string(line);
        out += ": ";
        if (!key.empty()) out += "key '" + key + "': ";
        return out + what;
    }
    std::string file_;
    int line_;
    std::string key_;
};

/// A data file (CSV under data/) is missing or malformed.
class DataError : public Error {
public:
    using Error::Error;
};

/// Reading or writing an HDF5 file failed.
class IoError : public Error {
public:
    using Error::Error;
};

/// A checkpoint cannot be resumed: not a checkpoint, written by another
/// version of the model or parameter registry, or corrupt.
class CheckpointError : public Error {
public:
    using Error::Error;
};

/// A run would need more resources (memory) than the machine offers; refused
/// before anything large is allocated.
class ResourceError : public Error {
public:
    using Error::Error;
};

}  // namespace ruralsim
