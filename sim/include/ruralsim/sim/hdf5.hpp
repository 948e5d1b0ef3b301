#pragma once
/// \file
/// A thin RAII layer over the HDF5 C API that writes what h5py, pandas and
/// xarray (engine="h5netcdf") read without custom code: groups, coordinate
/// variables as dimension scales, data variables attached to them, attributes.
///
/// The file is written under a temporary name beside the target and renamed
/// to the target by commit(); a Writer destroyed without commit() removes its
/// temporary file, so a final-named file is always complete.
///
/// Strings (attributes, string coordinates) are stored as fixed-length UTF-8
/// strings, and the Reader reads only those: it refuses variable-length
/// strings without reading them, because libhdf5 reads their data from the
/// file's global heap, which on a corrupt file can crash libhdf5 itself
/// (found by fuzzing, fuzz/corpus/h5/crash_global_heap_vlen_dataset.h5).
///
/// Example:
/// \code
///   sim::h5::Writer w("out.h5");
///   w.coordinate("/year", "year", std::vector<std::int64_t>{2021, 2022});
///   w.variable("/year", "rural_retail_sales", {1.0, 2.0}, {"year"}, {{"units", "yuan"}});
///   w.attribute("/", "seed", std::int64_t{1});
///   w.commit();
/// \endcode

#include <hdf5.h>

#include <cstdint>
#include <string>
#include <utility>
#include <vector>

namespace ruralsim::sim::h5 {

using Attributes = std::vector<std::pair<std::string, std::string>>;

/// Owns one hid_t and closes it with the matching H5*close.
class Handle {
public:
    Handle() = default;
    Handle(hid_t id, herr_t (*close)(hid_t));
    Handle(Handle&& o) noexcept;
    Handle& operator=(Handle&& o) noexcept;
    Handle(const Handle&) = delete;
    Handle& operator=(const Handle&) = delete;
    ~Handle();
    hid_t get() const noexcept { return id_; }
    void reset();

private:
    hid_t id_ = H5I_INVALID_HID;
    herr_t (*close_)(hid_t) = nullptr;
};

/// Removes the temporary files `<path>.tmp.<pid>` that a Writer or checkpoint
/// Saver of `path` left when its process was killed: only those whose process
/// no longer exists on this machine (a live run's file is never touched).
/// Returns how many were removed; errors are ignored (best effort).
int remove_stale_temporaries(const std::string& path);

/// A fixed-length UTF-8 string type with room for `longest` bytes and a NUL.
Handle fixed_string_type(std::size_t longest);

/// True when `type` is a fixed-length string type (what the Reader reads).
bool is_fixed_string(hid_t type);

/// Reads the `n` elements of a dataset (`attribute` false) or an attribute
/// whose stored type `ftype` is a fixed-length string type, each up to its
/// first NUL. Throws IoError naming `what` for an implausible size; returns
/// false when libhdf5 cannot read the data.
bool read_fixed_strings(hid_t obj, bool attribute, hid_t ftype, std::size_t n, std::vector<std::string>& out,
                        const std::string& what);

class Writer {
public:
    /// Creates `path`.tmp.<pid> (removing stale temporaries of `path` first).
    explicit Writer(std::string path);
    ~Writer();
    Writer(const Writer&) = delete;
    Writer& operator=(const Writer&) = delete;

    /// A 1-D coordinate variable, made a dimension scale named `name`.
    void coordinate(const std::string& group, const std::string& name, const std::vector<std::int64_t>& values,
                    const Attributes& attrs = {});
    void coordinate(const std::string& group, const std::string& name, const std::vector<std::string>& values,
                    const Attributes& attrs = {});
    /// A data variable of doubles with dimensions named after coordinates in
    /// the same group (row-major; size must equal the product of their lengths).
    void variable(const std::string& group, const std::string& name, const std::vector<double>& values,
                  const std::vector<std::string>& dims, const Attributes& attrs = {});
    /// A data variable of 8-bit integers (flags such as met / not met).
    void variable_i8(const std::string& group, const std::string& name, const std::vector<std::int8_t>& values,
                     const std::vector<std::string>& dims, const Attributes& attrs = {});
    void attribute(const std::string& object, const std::string& name, const std::string& value);
    void attribute(const std::string& object, const std::string& name, std::int64_t value);
    void attribute(const std::string& object, const std::string& name, double value);

    /// Closes the file and renames it to its final name.
    void commit();
    const std::string& temp_path() const noexcept { return temp_; }

private:
    hid_t group(const std::string& path);
    void write(const std::string& group, const std::string& name, hid_t mem_type, const void* data, std::size_t count,
               const std::vector<std::string>& dims, const Attributes& attrs);
    std::string path_, temp_;
    Handle file_;
    std::vector<std::pair<std::string, Handle>> groups_;
    std::vector<std::pair<std::string, std::pair<Handle, hsize_t>>> scales_;  // "group/name"
    bool committed_ = false;
};

/// Reads run files (for `compare`, tests and checkpoints). Every failure —
/// missing file, not HDF5, truncated, missing or mistyped object, strings
/// stored as variable-length strings — throws IoError naming the file and the
/// object.
class Reader {
public:
    explicit Reader(std::string path);
    bool has(const std::string& object) const;
    /// A whole numeric dataset, converted to double (any shape, row-major).
    std::vector<double> doubles(const std::string& dataset) const;
    /// A 1-D dataset of fixed-length strings.
    std::vector<std::string> strings(const std::string& dataset) const;
    std::string string_attribute(const std::string& object, const std::string& name) const;
    double number_attribute(const std::string& object, const std::string& name) const;
    const std::string& path() const noexcept { return path_; }
    /// The open file (for readers of other layouts, such as checkpoints).
    hid_t id() const noexcept { return file_.get(); }

private:
    std::string path_;
    Handle file_;
};

/// Reads a whole numeric dataset as doubles.
std::vector<double> read_doubles(const std::string& file, const std::string& dataset);
/// Reads a string attribute of an object.
std::string read_string_attribute(const std::string& file, const std::string& object, const std::string& name);

}  // namespace ruralsim::sim::h5
