#include "ruralsim/sim/checkpoint.hpp"

#include <unistd.h>

#include <charconv>
#include <cstdio>
#include <filesystem>

#include "ruralsim/sim/error.hpp"

namespace ruralsim::sim::checkpoint {

namespace {

using h5::Handle;

hid_t file_type(Type t) {
    switch (t) {
        case Type::F64:
            return H5T_IEEE_F64LE;
        case Type::F32:
            return H5T_IEEE_F32LE;
        case Type::I64:
            return H5T_STD_I64LE;
        case Type::U64:
            return H5T_STD_U64LE;
        case Type::I32:
            return H5T_STD_I32LE;
        case Type::U32:
            return H5T_STD_U32LE;
        case Type::I16:
            return H5T_STD_I16LE;
        case Type::U16:
            return H5T_STD_U16LE;
        case Type::I8:
            return H5T_STD_I8LE;
        case Type::U8:
            return H5T_STD_U8LE;
        case Type::Str:
            break;
    }
    return H5T_STD_U8LE;
}

hid_t memory_type(Type t) {
    switch (t) {
        case Type::F64:
            return H5T_NATIVE_DOUBLE;
        case Type::F32:
            return H5T_NATIVE_FLOAT;
        case Type::I64:
            return H5T_NATIVE_INT64;
        case Type::U64:
            return H5T_NATIVE_UINT64;
        case Type::I32:
            return H5T_NATIVE_INT32;
        case Type::U32:
            return H5T_NATIVE_UINT32;
        case Type::I16:
            return H5T_NATIVE_INT16;
        case Type::U16:
            return H5T_NATIVE_UINT16;
        case Type::I8:
            return H5T_NATIVE_INT8;
        case Type::U8:
            return H5T_NATIVE_UINT8;
        case Type::Str:
            break;
    }
    return H5T_NATIVE_UINT8;
}

const char* type_name(Type t) {
    static const char* names[] = {"float64", "float32", "int64", "uint64", "int32", "uint32",
                                  "int16",   "uint16",  "int8",  "uint8",  "string"};
    return names[static_cast<int>(t)];
}

/// Writes `s` with a fixed-length string type (the Loader refuses variable-length strings unread).
herr_t write_text(hid_t obj, bool attribute, const std::string& s) {
    Handle type = h5::fixed_string_type(s.size());
    std::string buf = s;
    buf.resize(H5Tget_size(type.get()), '\0');
    return attribute ? H5Awrite(obj, type.get(), buf.data())
                     : H5Dwrite(obj, type.get(), H5S_ALL, H5S_ALL, H5P_DEFAULT, buf.data());
}

std::uint64_t mix(std::uint64_t h, const char* name, Type t, const void* p, std::size_t bytes) {
    h = fnv1a(name, std::char_traits<char>::length(name), h);
    const auto code = static_cast<std::uint8_t>(t);
    h = fnv1a(&code, 1, h);
    return fnv1a(p, bytes, h);
}

}  // namespace

std::uint64_t fnv1a(const void* data, std::size_t n, std::uint64_t h) noexcept {
    const auto* p = static_cast<const unsigned char*>(data);
    for (std::size_t i = 0; i < n; ++i) {
        h ^= p[i];
        h *= 1099511628211ull;
    }
    return h;
}

void Archive::check_count(const char* name, std::uint64_t stored, std::size_t current, bool resizable) const {
    if (!loading()) return;
    if (!resizable && stored != current)
        throw CheckpointError(std::string("checkpoint: '") + name + "' holds " + std::to_string(stored) +
                              " elements, the model has " + std::to_string(current));
    if (stored > (std::uint64_t(1) << 32))
        throw CheckpointError(std::string("checkpoint: '") + name + "' declares an implausible size " +
                              std::to_string(stored) + " (corrupt file?)");
}

// ---- Saver -------------------------------------------------------------------------------------

Saver::Saver(std::string path) : path_(std::move(path)), checksum_(fnv1a(nullptr, 0)) {
    H5Eset_auto2(H5E_DEFAULT, nullptr, nullptr);
    h5::remove_stale_temporaries(path_);
    temp_ = path_ + ".tmp." + std::to_string(::getpid());
    Handle fapl(H5Pcreate(H5P_FILE_ACCESS), H5Pclose);
    H5Pset_libver_bounds(fapl.get(), H5F_LIBVER_V18, H5F_LIBVER_LATEST);
    const hid_t f = H5Fcreate(temp_.c_str(), H5F_ACC_TRUNC, H5P_DEFAULT, fapl.get());
    if (f < 0) throw IoError("cannot create checkpoint file '" + temp_ + "' (is the folder writable?)");
    file_ = Handle(f, H5Fclose);
}

Saver::~Saver() {
    if (!committed_) {
        groups_.clear();
        file_.reset();
        std::remove(temp_.c_str());
    }
}

void Saver::enter(const char* name) {
    const hid_t parent = groups_.empty() ? file_.get() : groups_.back().get();
    const hid_t g = H5Gcreate2(parent, name, H5P_DEFAULT, H5P_DEFAULT, H5P_DEFAULT);
    if (g < 0) throw IoError("checkpoint '" + temp_ + "': cannot create group " + name + " (listed twice?)");
    groups_.emplace_back(g, H5Gclose);
}

void Saver::leave() { groups_.pop_back(); }

void Saver::leaf(const char* name, Type t, std::size_t width, void* p, std::size_t n, bool) {
    const hid_t parent = groups_.empty() ? file_.get() : groups_.back().get();
    const hsize_t dims = n;
    Handle space(H5Screate_simple(1, &dims, nullptr), H5Sclose);
    Handle ds(H5Dcreate2(parent, name, file_type(t), space.get(), H5P_DEFAULT, H5P_DEFAULT, H5P_DEFAULT), H5Dclose);
    if (ds.get() < 0) throw IoError("checkpoint '" + temp_ + "': cannot create " + name + " (listed twice?)");
    if (n > 0 && H5Dwrite(ds.get(), memory_type(t), H5S_ALL, H5S_ALL, H5P_DEFAULT, p) < 0)
        throw IoError("checkpoint '" + temp_ + "': cannot write " + name + " (disk full?)");
    checksum_ = mix(checksum_, name, t, p, n * width);
}

void Saver::text(const char* name, std::string& s) {
    const hid_t parent = groups_.empty() ? file_.get() : groups_.back().get();
    Handle type = h5::fixed_string_type(s.size());
    Handle space(H5Screate(H5S_SCALAR), H5Sclose);
    Handle ds(H5Dcreate2(parent, name, type.get(), space.get(), H5P_DEFAULT, H5P_DEFAULT, H5P_DEFAULT), H5Dclose);
    if (ds.get() < 0) throw IoError("checkpoint '" + temp_ + "': cannot create " + name);
    if (write_text(ds.get(), false, s) < 0) throw IoError("checkpoint '" + temp_ + "': cannot write " + name);
    checksum_ = mix(checksum_, name, Type::Str, s.data(), s.size());
}

void Saver::attribute(const std::string& name, const std::string& value) {
    attributes_[name] = "s" + value;
    Handle type = h5::fixed_string_type(value.size());
    Handle space(H5Screate(H5S_SCALAR), H5Sclose);
    Handle a(H5Acreate2(file_.get(), name.c_str(), type.get(), space.get(), H5P_DEFAULT, H5P_DEFAULT), H5Aclose);
    if (a.get() < 0 || write_text(a.get(), true, value) < 0)
        throw IoError("checkpoint: cannot write attribute " + name);
}

namespace {
std::string int_bytes(std::int64_t v) {
    std::string out(1 + sizeof v, 'i');
    for (std::size_t i = 0; i < sizeof v; ++i)
        out[1 + i] = static_cast<char>((static_cast<std::uint64_t>(v) >> (8 * i)) & 0xff);
    return out;
}
std::string hex64(std::uint64_t v) {
    char hex[17];
    std::snprintf(hex, sizeof hex, "%016llx", static_cast<unsigned long long>(v));
    return hex;
}
/// Checksum of named attributes, each as its name and its type code and bytes (`s` + text or `i` + 8 bytes).
std::uint64_t attributes_hash(const std::vector<std::pair<std::string, std::string>>& named) {
    std::uint64_t h = fnv1a(nullptr, 0);
    for (const auto& [name, bytes] : named) {
        h = fnv1a(name.data(), name.size() + 1, h);  // with its NUL, so names and values cannot run together
        const std::uint64_t n = bytes.size();
        h = fnv1a(&n, sizeof n, h);
        h = fnv1a(bytes.data(), bytes.size(), h);
    }
    return h;
}
}  // namespace

void Saver::seal_attributes(const std::vector<std::string>& names) {
    std::vector<std::pair<std::string, std::string>> named;
    for (const auto& n : names) {
        const auto it = attributes_.find(n);
        if (it == attributes_.end()) throw IoError("checkpoint: attribute " + n + " to seal was not written");
        named.emplace_back(n, it->second);
    }
    attribute("attributes_checksum", hex64(attributes_hash(named)));
}

void Saver::attribute(const std::string& name, std::int64_t value) {
    attributes_[name] = int_bytes(value);
    Handle space(H5Screate(H5S_SCALAR), H5Sclose);
    Handle a(H5Acreate2(file_.get(), name.c_str(), H5T_STD_I64LE, space.get(), H5P_DEFAULT, H5P_DEFAULT), H5Aclose);
    if (a.get() < 0 || H5Awrite(a.get(), H5T_NATIVE_INT64, &value) < 0)
        throw IoError("checkpoint: cannot write attribute " + name);
}

void Saver::commit() {
    // The checksum as a hex string: HDF5 has no portable unsigned 64-bit attribute reader in h5py-free tools.
    char hex[17];
    std::snprintf(hex, sizeof hex, "%016llx", static_cast<unsigned long long>(checksum_));
    attribute("checksum", std::string(hex));
    groups_.clear();
    if (H5Fflush(file_.get(), H5F_SCOPE_GLOBAL) < 0) throw IoError("checkpoint: cannot flush '" + temp_ + "'");
    file_.reset();
    std::error_code ec;
    std::filesystem::rename(temp_, path_, ec);
    if (ec) {
        std::remove(temp_.c_str());
        throw IoError("cannot rename '" + temp_ + "' to '" + path_ + "': " + ec.message());
    }
    committed_ = true;
}

// ---- Loader ------------------------------------------------------------------------------------

Loader::Loader(std::string path) : path_(std::move(path)), checksum_(fnv1a(nullptr, 0)) {
    h5::Reader r(path_);  // IoError for missing, non-HDF5 and truncated files
    std::error_code ec;
    file_bytes_ = std::filesystem::file_size(path_, ec);
    const hid_t f = H5Fopen(path_.c_str(), H5F_ACC_RDONLY, H5P_DEFAULT);
    if (f < 0) throw IoError("'" + path_ + "' is not an HDF5 file (or it is truncated or corrupt)");
    file_ = Handle(f, H5Fclose);
}

Loader::~Loader() = default;

hid_t Loader::here() const { return groups_.empty() ? file_.get() : groups_.back().second.get(); }

std::string Loader::where(const char* name) const {
    std::string out;
    for (const auto& g : groups_) out += "/" + g.first;
    return out + "/" + name;
}

void Loader::enter(const char* name) {
    if (H5Lexists(here(), name, H5P_DEFAULT) <= 0)
        throw CheckpointError("checkpoint '" + path_ + "' has no " + where(name) + " (written by another version?)");
    const hid_t g = H5Gopen2(here(), name, H5P_DEFAULT);
    if (g < 0) throw CheckpointError("checkpoint '" + path_ + "': " + where(name) + " is not a group");
    groups_.emplace_back(name, Handle(g, H5Gclose));
}

void Loader::leave() { groups_.pop_back(); }

std::size_t Loader::stored(const char* name, Type t, std::size_t width) {
    if (H5Lexists(here(), name, H5P_DEFAULT) <= 0)
        throw CheckpointError("checkpoint '" + path_ + "' has no " + where(name) + " (written by another version?)");
    Handle ds(H5Dopen2(here(), name, H5P_DEFAULT), H5Dclose);
    if (ds.get() < 0) throw CheckpointError("checkpoint '" + path_ + "': " + where(name) + " is not a dataset");
    Handle type(H5Dget_type(ds.get()), H5Tclose);
    if (H5Tequal(type.get(), file_type(t)) <= 0)
        throw CheckpointError("checkpoint '" + path_ + "': " + where(name) + " is not " + type_name(t));
    Handle space(H5Dget_space(ds.get()), H5Sclose);
    const hssize_t n = H5Sget_simple_extent_npoints(space.get());
    if (n < 0 || (file_bytes_ > 0 && static_cast<std::uintmax_t>(n) * width > file_bytes_))
        throw CheckpointError("checkpoint '" + path_ + "': " + where(name) +
                              " declares more data than the file holds (truncated or corrupt)");
    return static_cast<std::size_t>(n);
}

void Loader::leaf(const char* name, Type t, std::size_t width, void* p, std::size_t n, bool) {
    const std::size_t have = stored(name, t, width);
    if (have != n)
        throw CheckpointError("checkpoint '" + path_ + "': " + where(name) + " holds " + std::to_string(have) +
                              " values, the model has " + std::to_string(n));
    Handle ds(H5Dopen2(here(), name, H5P_DEFAULT), H5Dclose);
    if (n > 0 && H5Dread(ds.get(), memory_type(t), H5S_ALL, H5S_ALL, H5P_DEFAULT, p) < 0)
        throw IoError("checkpoint '" + path_ + "': cannot read " + where(name) + " (truncated or corrupt)");
    checksum_ = mix(checksum_, name, t, p, n * width);
}

void Loader::text(const char* name, std::string& s) {
    if (H5Lexists(here(), name, H5P_DEFAULT) <= 0)
        throw CheckpointError("checkpoint '" + path_ + "' has no " + where(name) + " (written by another version?)");
    Handle ds(H5Dopen2(here(), name, H5P_DEFAULT), H5Dclose);
    Handle ftype(H5Dget_type(ds.get()), H5Tclose);
    Handle space(H5Dget_space(ds.get()), H5Sclose);
    if (ds.get() < 0 || H5Tget_class(ftype.get()) != H5T_STRING || H5Sget_simple_extent_npoints(space.get()) != 1)
        throw CheckpointError("checkpoint '" + path_ + "': " + where(name) + " is not a string");
    // Variable-length strings are refused unread (libhdf5 can crash on a corrupt global heap).
    if (!h5::is_fixed_string(ftype.get()))
        throw CheckpointError("checkpoint '" + path_ + "': " + where(name) +
                              " is a variable-length string (written by another program or an older ruralsim?)");
    std::vector<std::string> out;
    if (!h5::read_fixed_strings(ds.get(), false, ftype.get(), 1, out, "checkpoint '" + path_ + "': " + where(name)))
        throw IoError("checkpoint '" + path_ + "': cannot read " + where(name));
    s = std::move(out.front());
    checksum_ = mix(checksum_, name, Type::Str, s.data(), s.size());
}

bool Loader::has_attribute(const std::string& name) const { return H5Aexists(file_.get(), name.c_str()) > 0; }

std::string Loader::string_attribute(const std::string& name) const {
    if (!has_attribute(name)) throw CheckpointError("'" + path_ + "' has no attribute " + name);
    Handle a(H5Aopen(file_.get(), name.c_str(), H5P_DEFAULT), H5Aclose);
    Handle ftype(H5Aget_type(a.get()), H5Tclose);
    Handle space(H5Aget_space(a.get()), H5Sclose);
    if (H5Tget_class(ftype.get()) != H5T_STRING || H5Sget_simple_extent_npoints(space.get()) != 1)
        throw CheckpointError("'" + path_ + "': attribute " + name + " is not a string");
    if (!h5::is_fixed_string(ftype.get()))
        throw CheckpointError("'" + path_ + "': attribute " + name +
                              " is a variable-length string (written by another program or an older ruralsim?)");
    std::vector<std::string> out;
    if (!h5::read_fixed_strings(a.get(), true, ftype.get(), 1, out, "'" + path_ + "': attribute " + name))
        throw IoError("'" + path_ + "': cannot read attribute " + name);
    return std::move(out.front());
}

std::int64_t Loader::int_attribute(const std::string& name) const {
    if (!has_attribute(name)) throw CheckpointError("'" + path_ + "' has no attribute " + name);
    Handle a(H5Aopen(file_.get(), name.c_str(), H5P_DEFAULT), H5Aclose);
    Handle ftype(H5Aget_type(a.get()), H5Tclose);
    if (H5Tget_class(ftype.get()) != H5T_INTEGER)
        throw CheckpointError("'" + path_ + "': attribute " + name + " is not an integer");
    std::int64_t v = 0;
    if (H5Aread(a.get(), H5T_NATIVE_INT64, &v) < 0) throw IoError("'" + path_ + "': cannot read attribute " + name);
    return v;
}

void Loader::check_attributes(const std::vector<std::string>& names) const {
    std::vector<std::pair<std::string, std::string>> named;
    for (const auto& n : names) {
        if (!has_attribute(n)) throw CheckpointError("'" + path_ + "' has no attribute " + n);
        Handle a(H5Aopen(file_.get(), n.c_str(), H5P_DEFAULT), H5Aclose);
        Handle type(H5Aget_type(a.get()), H5Tclose);
        const bool text = H5Tget_class(type.get()) == H5T_STRING;
        named.emplace_back(n, text ? "s" + string_attribute(n) : int_bytes(int_attribute(n)));
    }
    if (string_attribute("attributes_checksum") != hex64(attributes_hash(named)))
        throw CheckpointError("checkpoint '" + path_ +
                              "' is corrupt: its attributes (scenario, seed, day, ...) do not "
                              "match their checksum");
}

void Loader::finish() const {
    char hex[17];
    std::snprintf(hex, sizeof hex, "%016llx", static_cast<unsigned long long>(checksum_));
    if (string_attribute("checksum") != hex)
        throw CheckpointError("checkpoint '" + path_ + "' is corrupt: the checksum of its data does not match");
}

// ---- Layout ------------------------------------------------------------------------------------

void Layout::enter(const char* name) { path_.emplace_back(name); }
void Layout::leave() { path_.pop_back(); }

void Layout::add(const char* name, Type t, std::size_t n) {
    std::string full;
    for (const auto& p : path_) full += p + "/";
    full += name;
    hash_ = fnv1a(full.data(), full.size(), hash_);
    const auto code = static_cast<std::uint8_t>(t);
    hash_ = fnv1a(&code, 1, hash_);
    const std::uint64_t len = n;
    hash_ = fnv1a(&len, sizeof len, hash_);
    ++count_;
}

void Layout::leaf(const char* name, Type t, std::size_t, void*, std::size_t n, bool resizable) {
    add(name, t, resizable ? 0 : n);
}

void Layout::text(const char* name, std::string&) { add(name, Type::Str, 0); }

// ---- Period ------------------------------------------------------------------------------------

Period Period::parse(std::string_view text) {
    Period p;
    const auto bad = [&] {
        return Error(
            "--checkpoint-every expects a period such as 90d, 6m or 1y (a whole number from 1 to 100000 "
            "followed by d for days, m for months or y for years), got '" +
            std::string(text) + "'");
    };
    if (text.size() < 2) throw bad();
    const char unit = text.back();
    const std::string_view digits = text.substr(0, text.size() - 1);
    int n = 0;
    const auto [end, ec] = std::from_chars(digits.data(), digits.data() + digits.size(), n);
    if (ec != std::errc() || end != digits.data() + digits.size() || n < 1 || n > 100000) throw bad();
    switch (unit) {
        case 'd':
            p = {Unit::Days, n};
            break;
        case 'm':
            p = {Unit::Months, n};
            break;
        case 'y':
            if (n > 8000) throw bad();
            p = {Unit::Months, 12 * n};
            break;
        default:
            throw bad();
    }
    return p;
}

std::string Period::text() const { return std::to_string(count) + (unit == Unit::Days ? "d" : "m"); }

bool Period::closes(const Calendar& cal, int day) const {
    if (count <= 0) return false;
    if (unit == Unit::Days) return (day + 1) % count == 0;
    return cal.is_month_end(day) && (cal.month_index(day) + 1) % count == 0;
}

}  // namespace ruralsim::sim::checkpoint
