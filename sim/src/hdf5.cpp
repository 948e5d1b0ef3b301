#include "ruralsim/sim/hdf5.hpp"

#include <hdf5_hl.h>
#include <signal.h>
#include <unistd.h>

#include <algorithm>
#include <cerrno>
#include <cstdio>
#include <cstring>
#include <filesystem>

#include "ruralsim/sim/error.hpp"

namespace ruralsim::sim::h5 {
namespace {

void quiet() { H5Eset_auto2(H5E_DEFAULT, nullptr, nullptr); }

hid_t check(hid_t id, const std::string& what) {
    if (id < 0) throw IoError("HDF5: " + what);
    return id;
}

void string_attribute(hid_t obj, const std::string& name, const std::string& value) {
    Handle type = fixed_string_type(value.size());
    Handle space(check(H5Screate(H5S_SCALAR), "dataspace"), H5Sclose);
    if (H5Aexists(obj, name.c_str()) > 0) H5Adelete(obj, name.c_str());
    Handle attr(check(H5Acreate2(obj, name.c_str(), type.get(), space.get(), H5P_DEFAULT, H5P_DEFAULT),
                      "create attribute " + name),
                H5Aclose);
    std::string buf = value;
    buf.resize(H5Tget_size(type.get()), '\0');
    if (H5Awrite(attr.get(), type.get(), buf.data()) < 0) throw IoError("HDF5: write attribute " + name);
}

template <class T>
void numeric_attribute(hid_t obj, const std::string& name, hid_t file_type, hid_t mem_type, T value) {
    Handle space(check(H5Screate(H5S_SCALAR), "dataspace"), H5Sclose);
    if (H5Aexists(obj, name.c_str()) > 0) H5Adelete(obj, name.c_str());
    Handle attr(check(H5Acreate2(obj, name.c_str(), file_type, space.get(), H5P_DEFAULT, H5P_DEFAULT),
                      "create attribute " + name),
                H5Aclose);
    if (H5Awrite(attr.get(), mem_type, &value) < 0) throw IoError("HDF5: write attribute " + name);
}

}  // namespace

Handle::Handle(hid_t id, herr_t (*close)(hid_t)) : id_(id), close_(close) {}
Handle::Handle(Handle&& o) noexcept : id_(o.id_), close_(o.close_) { o.id_ = H5I_INVALID_HID; }
Handle& Handle::operator=(Handle&& o) noexcept {
    if (this != &o) {
        reset();
        id_ = o.id_;
        close_ = o.close_;
        o.id_ = H5I_INVALID_HID;
    }
    return *this;
}
Handle::~Handle() { reset(); }
void Handle::reset() {
    if (id_ >= 0 && close_) close_(id_);
    id_ = H5I_INVALID_HID;
}

Handle fixed_string_type(std::size_t longest) {
    Handle t(check(H5Tcopy(H5T_C_S1), "string type"), H5Tclose);
    // At least two bytes: netCDF readers (h5netcdf, xarray) take one-byte strings for characters.
    if (H5Tset_size(t.get(), std::max<std::size_t>(longest, 1) + 1) < 0) throw IoError("HDF5: string type");
    H5Tset_strpad(t.get(), H5T_STR_NULLTERM);
    H5Tset_cset(t.get(), H5T_CSET_UTF8);
    return t;
}

bool is_fixed_string(hid_t type) { return H5Tget_class(type) == H5T_STRING && H5Tis_variable_str(type) == 0; }

bool read_fixed_strings(hid_t obj, bool attribute, hid_t ftype, std::size_t n, std::vector<std::string>& out,
                        const std::string& what) {
    const std::size_t size = H5Tget_size(ftype);
    // Run files hold names and scenario texts: far below these bounds on any valid file.
    if (size == 0 || size > (std::size_t(1) << 24) || (n > 0 && size > (std::size_t(1) << 26) / n))
        throw IoError(what + ": implausible size of its strings (corrupt?)");
    // Read in the stored type itself: no conversion, whatever its character set and padding.
    Handle mem(H5Tcopy(ftype), H5Tclose);
    if (mem.get() < 0) return false;
    std::vector<char> buf(n * size);
    if (n > 0) {
        const herr_t st = attribute ? H5Aread(obj, mem.get(), buf.data())
                                    : H5Dread(obj, mem.get(), H5S_ALL, H5S_ALL, H5P_DEFAULT, buf.data());
        if (st < 0) return false;
    }
    const bool space_padded = H5Tget_strpad(ftype) == H5T_STR_SPACEPAD;
    out.clear();
    out.reserve(n);
    for (std::size_t i = 0; i < n; ++i) {
        const char* p = buf.data() + i * size;
        std::size_t len = 0;
        while (len < size && p[len] != '\0') ++len;
        if (space_padded)
            while (len > 0 && p[len - 1] == ' ') --len;
        out.emplace_back(p, len);
    }
    return true;
}

int remove_stale_temporaries(const std::string& path) {
    namespace fs = std::filesystem;
    const fs::path target(path);
    const std::string prefix = target.filename().string() + ".tmp.";
    fs::path dir = target.parent_path();
    if (dir.empty()) dir = ".";
    int removed = 0;
    std::error_code ec;
    for (fs::directory_iterator it(dir, ec), end; !ec && it != end; it.increment(ec)) {
        const std::string name = it->path().filename().string();
        if (name.size() <= prefix.size() || name.compare(0, prefix.size(), prefix) != 0) continue;
        const std::string digits = name.substr(prefix.size());
        if (digits.size() > 9 || digits.find_first_not_of("0123456789") != std::string::npos) continue;
        const long pid = std::stol(digits);
        if (pid <= 0 || pid == static_cast<long>(::getpid())) continue;
        // Only when no process has that id (ESRCH); EPERM means one exists (another user's).
        if (::kill(static_cast<pid_t>(pid), 0) == 0 || errno != ESRCH) continue;
        std::error_code ec2;
        if (!it->is_regular_file(ec2) || ec2) continue;
        if (fs::remove(it->path(), ec2)) ++removed;
    }
    return removed;
}

Writer::Writer(std::string path) : path_(std::move(path)) {
    quiet();
    remove_stale_temporaries(path_);
    temp_ = path_ + ".tmp." + std::to_string(::getpid());
    Handle fapl(H5Pcreate(H5P_FILE_ACCESS), H5Pclose);
    // Object headers new enough for dimension scales on many variables.
    H5Pset_libver_bounds(fapl.get(), H5F_LIBVER_V18, H5F_LIBVER_LATEST);
    Handle fcpl(H5Pcreate(H5P_FILE_CREATE), H5Pclose);
    // Track creation order so netCDF-4 readers see variables in writing order.
    H5Pset_link_creation_order(fcpl.get(), H5P_CRT_ORDER_TRACKED | H5P_CRT_ORDER_INDEXED);
    const hid_t f = H5Fcreate(temp_.c_str(), H5F_ACC_TRUNC, fcpl.get(), fapl.get());
    if (f < 0) throw IoError("cannot create output file '" + temp_ + "' (is the folder writable?)");
    file_ = Handle(f, H5Fclose);
}

Writer::~Writer() {
    if (!committed_) {
        scales_.clear();
        groups_.clear();
        file_.reset();
        std::remove(temp_.c_str());
    }
}

hid_t Writer::group(const std::string& path) {
    if (path.empty() || path == "/") return file_.get();
    for (auto& [p, h] : groups_)
        if (p == path) return h.get();
    // Create parents first.
    const auto slash = path.rfind('/');
    const hid_t parent = group(slash == 0 ? "/" : path.substr(0, slash));
    const std::string leaf = path.substr(slash + 1);
    Handle gcpl(H5Pcreate(H5P_GROUP_CREATE), H5Pclose);
    H5Pset_link_creation_order(gcpl.get(), H5P_CRT_ORDER_TRACKED | H5P_CRT_ORDER_INDEXED);
    const hid_t g = H5Gcreate2(parent, leaf.c_str(), H5P_DEFAULT, gcpl.get(), H5P_DEFAULT);
    groups_.emplace_back(path, Handle(check(g, "create group " + path), H5Gclose));
    return groups_.back().second.get();
}

void Writer::write(const std::string& grp, const std::string& name, hid_t mem_type, const void* data, std::size_t count,
                   const std::vector<std::string>& dims, const Attributes& attrs) {
    const hid_t g = group(grp);
    std::vector<hsize_t> shape;
    std::vector<hid_t> scale_ids;
    for (const auto& d : dims) {
        const std::string key = grp + "/" + d;
        bool found = false;
        for (auto& [k, s] : scales_)
            if (k == key) {
                shape.push_back(s.second);
                scale_ids.push_back(s.first.get());
                found = true;
            }
        if (!found) throw IoError("HDF5: variable " + grp + "/" + name + " uses undeclared dimension " + d);
    }
    if (dims.empty()) shape.push_back(count);
    hsize_t total = 1;
    for (auto s : shape) total *= s;
    if (total != count)
        throw IoError("HDF5: variable " + grp + "/" + name + " has " + std::to_string(count) +
                      " values, its dimensions need " + std::to_string(total));
    Handle space(check(H5Screate_simple(static_cast<int>(shape.size()), shape.data(), nullptr), "dataspace"), H5Sclose);
    Handle dcpl(H5Pcreate(H5P_DATASET_CREATE), H5Pclose);
    if (count >= 8192 && mem_type != H5T_NATIVE_INT8) {
        std::vector<hsize_t> chunk = shape;
        hsize_t elems = 1;
        for (auto& c : chunk) elems *= c;
        for (std::size_t i = 0; elems > 16384 && i < chunk.size(); ++i) {
            while (elems > 16384 && chunk[i] > 1) {
                elems /= chunk[i];
                chunk[i] = (chunk[i] + 1) / 2;
                elems *= chunk[i];
            }
        }
        H5Pset_chunk(dcpl.get(), static_cast<int>(chunk.size()), chunk.data());
        H5Pset_shuffle(dcpl.get());
        H5Pset_deflate(dcpl.get(), 4);
    }
    const hid_t file_type = mem_type == H5T_NATIVE_DOUBLE ? H5T_IEEE_F64LE
                            : mem_type == H5T_NATIVE_INT8 ? H5T_STD_I8LE
                                                          : H5T_STD_I64LE;
    Handle ds(check(H5Dcreate2(g, name.c_str(), file_type, space.get(), H5P_DEFAULT, dcpl.get(), H5P_DEFAULT),
                    "create dataset " + grp + "/" + name),
              H5Dclose);
    if (H5Dwrite(ds.get(), mem_type, H5S_ALL, H5S_ALL, H5P_DEFAULT, data) < 0)
        throw IoError("HDF5: write " + grp + "/" + name);
    for (std::size_t i = 0; i < scale_ids.size(); ++i)
        if (H5DSattach_scale(ds.get(), scale_ids[i], static_cast<unsigned>(i)) < 0)
            throw IoError("HDF5: attach dimension " + dims[i] + " to " + name);
    for (const auto& [k, v] : attrs) string_attribute(ds.get(), k, v);
}

void Writer::coordinate(const std::string& grp, const std::string& name, const std::vector<std::int64_t>& values,
                        const Attributes& attrs) {
    write(grp, name, H5T_NATIVE_INT64, values.data(), values.size(), {}, attrs);
    Handle ds(check(H5Dopen2(group(grp), name.c_str(), H5P_DEFAULT), "open " + name), H5Dclose);
    if (H5DSset_scale(ds.get(), name.c_str()) < 0) throw IoError("HDF5: set scale " + name);
    scales_.emplace_back(grp + "/" + name, std::make_pair(std::move(ds), static_cast<hsize_t>(values.size())));
}

void Writer::coordinate(const std::string& grp, const std::string& name, const std::vector<std::string>& values,
                        const Attributes& attrs) {
    const hid_t g = group(grp);
    std::size_t longest = 0;
    for (const auto& v : values) longest = std::max(longest, v.size());
    Handle type = fixed_string_type(longest);
    const std::size_t size = H5Tget_size(type.get());
    const hsize_t n = values.size();
    Handle space(check(H5Screate_simple(1, &n, nullptr), "dataspace"), H5Sclose);
    Handle ds(check(H5Dcreate2(g, name.c_str(), type.get(), space.get(), H5P_DEFAULT, H5P_DEFAULT, H5P_DEFAULT),
                    "create " + name),
              H5Dclose);
    std::vector<char> buf(values.size() * size, '\0');
    for (std::size_t i = 0; i < values.size(); ++i)
        std::memcpy(buf.data() + i * size, values[i].data(), values[i].size());
    if (n > 0 && H5Dwrite(ds.get(), type.get(), H5S_ALL, H5S_ALL, H5P_DEFAULT, buf.data()) < 0)
        throw IoError("HDF5: write " + name);
    // xarray decodes fixed-length strings to str when told their encoding.
    string_attribute(ds.get(), "_Encoding", "utf-8");
    for (const auto& [k, v] : attrs) string_attribute(ds.get(), k, v);
    if (H5DSset_scale(ds.get(), name.c_str()) < 0) throw IoError("HDF5: set scale " + name);
    scales_.emplace_back(grp + "/" + name, std::make_pair(std::move(ds), n));
}

void Writer::variable(const std::string& grp, const std::string& name, const std::vector<double>& values,
                      const std::vector<std::string>& dims, const Attributes& attrs) {
    write(grp, name, H5T_NATIVE_DOUBLE, values.data(), values.size(), dims, attrs);
}

void Writer::variable_i8(const std::string& grp, const std::string& name, const std::vector<std::int8_t>& values,
                         const std::vector<std::string>& dims, const Attributes& attrs) {
    write(grp, name, H5T_NATIVE_INT8, values.data(), values.size(), dims, attrs);
}

void Writer::attribute(const std::string& object, const std::string& name, const std::string& value) {
    string_attribute(group(object), name, value);
}
void Writer::attribute(const std::string& object, const std::string& name, std::int64_t value) {
    numeric_attribute(group(object), name, H5T_STD_I64LE, H5T_NATIVE_INT64, value);
}
void Writer::attribute(const std::string& object, const std::string& name, double value) {
    numeric_attribute(group(object), name, H5T_IEEE_F64LE, H5T_NATIVE_DOUBLE, value);
}

void Writer::commit() {
    scales_.clear();
    groups_.clear();
    if (H5Fflush(file_.get(), H5F_SCOPE_GLOBAL) < 0) throw IoError("HDF5: flush " + temp_);
    file_.reset();
    std::error_code ec;
    std::filesystem::rename(temp_, path_, ec);
    if (ec) {
        std::remove(temp_.c_str());
        throw IoError("cannot rename '" + temp_ + "' to '" + path_ + "': " + ec.message());
    }
    committed_ = true;
}

Reader::Reader(std::string path) : path_(std::move(path)) {
    quiet();
    if (H5Fis_hdf5(path_.c_str()) <= 0) {
        std::error_code ec;
        if (!std::filesystem::exists(path_, ec)) throw IoError("'" + path_ + "': no such file");
        throw IoError("'" + path_ + "' is not an HDF5 file (or it is truncated or corrupt)");
    }
    const hid_t f = H5Fopen(path_.c_str(), H5F_ACC_RDONLY, H5P_DEFAULT);
    if (f < 0) throw IoError("'" + path_ + "' is not an HDF5 file (or it is truncated or corrupt)");
    file_ = Handle(f, H5Fclose);
}

bool Reader::has(const std::string& object) const {
    // Check each link of the path in turn: H5Lexists fails on a missing intermediate group.
    std::string sofar;
    std::size_t start = object[0] == '/' ? 1 : 0;
    while (start <= object.size()) {
        const auto slash = object.find('/', start);
        sofar = object.substr(0, slash == std::string::npos ? object.size() : slash);
        if (!sofar.empty() && sofar != "/" && H5Lexists(file_.get(), sofar.c_str(), H5P_DEFAULT) <= 0) return false;
        if (slash == std::string::npos) break;
        start = slash + 1;
    }
    return H5Oexists_by_name(file_.get(), object.c_str(), H5P_DEFAULT) > 0;
}

std::vector<double> Reader::doubles(const std::string& dataset) const {
    if (!has(dataset)) throw IoError("'" + path_ + "' has no dataset " + dataset);
    Handle ds(H5Dopen2(file_.get(), dataset.c_str(), H5P_DEFAULT), H5Dclose);
    if (ds.get() < 0) throw IoError("'" + path_ + "': " + dataset + " is not a dataset");
    Handle type(H5Dget_type(ds.get()), H5Tclose);
    const H5T_class_t cls = H5Tget_class(type.get());
    if (cls != H5T_INTEGER && cls != H5T_FLOAT) throw IoError("'" + path_ + "': " + dataset + " is not numeric");
    Handle space(H5Dget_space(ds.get()), H5Sclose);
    const hssize_t n = H5Sget_simple_extent_npoints(space.get());
    // Run outputs hold at most a few million values; a larger dataset is not ours (and reading
    // it could exhaust memory).
    if (n < 0 || n > (hssize_t(1) << 24)) throw IoError("'" + path_ + "': implausible size of " + dataset);
    std::vector<double> out(static_cast<std::size_t>(n));
    if (n > 0 && H5Dread(ds.get(), H5T_NATIVE_DOUBLE, H5S_ALL, H5S_ALL, H5P_DEFAULT, out.data()) < 0)
        throw IoError("'" + path_ + "': cannot read " + dataset + " (corrupt or truncated?)");
    return out;
}

std::vector<std::string> Reader::strings(const std::string& dataset) const {
    if (!has(dataset)) throw IoError("'" + path_ + "' has no dataset " + dataset);
    Handle ds(H5Dopen2(file_.get(), dataset.c_str(), H5P_DEFAULT), H5Dclose);
    if (ds.get() < 0) throw IoError("'" + path_ + "': " + dataset + " is not a dataset");
    Handle ftype(H5Dget_type(ds.get()), H5Tclose);
    if (H5Tget_class(ftype.get()) != H5T_STRING)
        throw IoError("'" + path_ + "': " + dataset + " is not a list of strings");
    // Never read: libhdf5 can crash on the global heap of a corrupt file.
    if (!is_fixed_string(ftype.get()))
        throw IoError("'" + path_ + "': " + dataset +
                      " holds variable-length strings, which ruralsim does not read "
                      "(ruralsim writes fixed-length strings; was the file written by another program or an older "
                      "ruralsim?)");
    Handle space(H5Dget_space(ds.get()), H5Sclose);
    const hssize_t n = H5Sget_simple_extent_npoints(space.get());
    if (n < 0 || n > (1 << 24)) throw IoError("'" + path_ + "': bad size of " + dataset);
    std::vector<std::string> out;
    if (!read_fixed_strings(ds.get(), false, ftype.get(), static_cast<std::size_t>(n), out,
                            "'" + path_ + "': " + dataset))
        throw IoError("'" + path_ + "': cannot read " + dataset);
    return out;
}

std::string Reader::string_attribute(const std::string& object, const std::string& name) const {
    if (!has(object) || H5Aexists_by_name(file_.get(), object.c_str(), name.c_str(), H5P_DEFAULT) <= 0)
        throw IoError("'" + path_ + "': " + object + " has no attribute " + name);
    Handle a(H5Aopen_by_name(file_.get(), object.c_str(), name.c_str(), H5P_DEFAULT, H5P_DEFAULT), H5Aclose);
    Handle ftype(H5Aget_type(a.get()), H5Tclose);
    Handle space(H5Aget_space(a.get()), H5Sclose);
    if (H5Tget_class(ftype.get()) != H5T_STRING || H5Sget_simple_extent_npoints(space.get()) != 1)
        throw IoError("'" + path_ + "': attribute " + name + " is not a string");
    if (!is_fixed_string(ftype.get()))
        throw IoError("'" + path_ + "': attribute " + name + " of " + object +
                      " is a variable-length string, which "
                      "ruralsim does not read (ruralsim writes fixed-length strings; was the file written by another "
                      "program or an older ruralsim?)");
    std::vector<std::string> out;
    if (!read_fixed_strings(a.get(), true, ftype.get(), 1, out, "'" + path_ + "': attribute " + name))
        throw IoError("'" + path_ + "': cannot read attribute " + name);
    return out.front();
}

double Reader::number_attribute(const std::string& object, const std::string& name) const {
    if (!has(object) || H5Aexists_by_name(file_.get(), object.c_str(), name.c_str(), H5P_DEFAULT) <= 0)
        throw IoError("'" + path_ + "': " + object + " has no attribute " + name);
    Handle a(H5Aopen_by_name(file_.get(), object.c_str(), name.c_str(), H5P_DEFAULT, H5P_DEFAULT), H5Aclose);
    Handle ftype(H5Aget_type(a.get()), H5Tclose);
    Handle space(H5Aget_space(a.get()), H5Sclose);
    const H5T_class_t cls = H5Tget_class(ftype.get());
    if ((cls != H5T_INTEGER && cls != H5T_FLOAT) || H5Sget_simple_extent_npoints(space.get()) != 1)
        throw IoError("'" + path_ + "': attribute " + name + " is not a number");
    double v = 0;
    if (H5Aread(a.get(), H5T_NATIVE_DOUBLE, &v) < 0) throw IoError("'" + path_ + "': cannot read attribute " + name);
    return v;
}

std::vector<double> read_doubles(const std::string& file, const std::string& dataset) {
    return Reader(file).doubles(dataset);
}

std::string read_string_attribute(const std::string& file, const std::string& object, const std::string& name) {
    return Reader(file).string_attribute(object, name);
}

}  // namespace ruralsim::sim::h5
