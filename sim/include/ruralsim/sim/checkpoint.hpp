#pragma once
/// \file
/// Checkpoints: the complete state of a run in one HDF5 file, saved and loaded
/// through one list of fields per state struct, so save and load cannot drift
/// apart.
///
/// A state struct lists its members once, in `fields`, used for saving, for
/// loading and for the layout fingerprint (a hash of every field's path and
/// type that a checkpoint must match to be loaded):
/// \code
///   struct Stores {
///       std::vector<double> cash;
///       std::vector<std::uint8_t> open;
///       int count = 0;
///       template <class A> void fields(A& a) { a("cash", cash); a("open", open); a("count", count); }
///   };
///   sim::checkpoint::Saver out("run.ckpt");    // written under a temporary name
///   out("stores", stores);                      // group /stores with three datasets
///   out.commit();                               // checksum attribute, then renamed to run.ckpt
///
///   sim::checkpoint::Loader in("run.ckpt");     // IoError when missing, truncated or not HDF5
///   in("stores", stores);                       // types checked, vectors resized
///   in.finish();                                // CheckpointError when the checksum differs
/// \endcode
///
/// Supported members: numbers, bools and enums; std::string; std::vector,
/// std::array and C arrays of numbers or of std::arrays of numbers (one flat
/// dataset); structs with `fields`; and vectors and arrays of anything
/// supported (a group with `size` and numbered elements). Anything else fails
/// to compile.
///
/// The engine knows nothing of the model: the model lists its own fields.

#include <array>
#include <cstddef>
#include <cstdint>
#include <map>
#include <string>
#include <string_view>
#include <type_traits>
#include <vector>

#include "ruralsim/sim/calendar.hpp"
#include "ruralsim/sim/hdf5.hpp"

namespace ruralsim::sim::checkpoint {

/// Element types of stored fields.
enum class Type : std::uint8_t { F64, F32, I64, U64, I32, U32, I16, U16, I8, U8, Str };

namespace detail {
template <class T>
struct is_vector : std::false_type {};
template <class U, class Al>
struct is_vector<std::vector<U, Al>> : std::true_type {};
template <class T>
struct is_array : std::false_type {};
template <class U, std::size_t N>
struct is_array<std::array<U, N>> : std::true_type {};
template <class T>
struct array_size;
template <class U, std::size_t N>
struct array_size<std::array<U, N>> : std::integral_constant<std::size_t, N> {};

template <class T>
concept Number = std::is_arithmetic_v<T> || std::is_enum_v<T>;
/// An element stored inline in a flat dataset: a number, or a std::array of numbers.
template <class T>
concept Flat = Number<T> ||(is_array<T>::value&& Number<typename T::value_type>);

template <class T>
constexpr Type type_of() {
    if constexpr (std::is_enum_v<T>)
        return type_of<std::underlying_type_t<T>>();
    else if constexpr (std::is_same_v<T, bool>)
        return Type::U8;
    else if constexpr (std::is_floating_point_v<T>)
        return sizeof(T) == 8 ? Type::F64 : Type::F32;
    else if constexpr (std::is_signed_v<T>)
        return sizeof(T) == 8 ? Type::I64 : sizeof(T) == 4 ? Type::I32 : sizeof(T) == 2 ? Type::I16 : Type::I8;
    else
        return sizeof(T) == 8 ? Type::U64 : sizeof(T) == 4 ? Type::U32 : sizeof(T) == 2 ? Type::U16 : Type::U8;
}
template <class E>
struct flat_traits {
    using scalar = E;
    static constexpr std::size_t per = 1;
};
template <class U, std::size_t N>
struct flat_traits<std::array<U, N>> {
    using scalar = U;
    static constexpr std::size_t per = N;
};
template <class>
inline constexpr bool dependent_false = false;
}  // namespace detail

/// Walks fields for saving, loading or fingerprinting.
class Archive {
public:
    virtual ~Archive() = default;
    /// True when fields are being read back (vectors are resized to what was stored).
    virtual bool loading() const noexcept = 0;
    /// True when only names and types matter (the layout fingerprint).
    virtual bool describing() const noexcept { return false; }

    /// Visits one member (see the file comment for the supported kinds).
    template <class T>
    void operator()(const char* name, T& v);
    /// A run of `n` numbers that the caller has sized (e.g. the filled prefix of a
    /// series). Loading checks that exactly `n` were stored; the layout
    /// fingerprint does not include `n`.
    template <class T>
    void span(const char* name, T* p, std::size_t n) {
        leaf(name, detail::type_of<T>(), sizeof(T), p, n, true);
    }
    /// Visits `body` inside a group.
    template <class F>
    void group(const char* name, F&& body) {
        enter(name);
        body();
        leave();
    }

protected:
    virtual void enter(const char* name) = 0;
    virtual void leave() = 0;
    /// Elements stored under `name` (loading; checks the type), 0 when saving.
    virtual std::size_t stored(const char* name, Type t, std::size_t width) = 0;
    /// Saves or loads n elements of type t (each `width` bytes) at p. A fixed-size
    /// field must be stored with exactly n elements.
    virtual void leaf(const char* name, Type t, std::size_t width, void* p, std::size_t n, bool resizable) = 0;
    virtual void text(const char* name, std::string& s) = 0;

private:
    template <class E>
    void flat(const char* name, E* p, std::size_t n, bool resizable) {
        using Tr = detail::flat_traits<E>;
        using S = typename Tr::scalar;
        static_assert(sizeof(E) == sizeof(S) * Tr::per, "std::array with padding");
        leaf(name, detail::type_of<S>(), sizeof(S), p, n * Tr::per, resizable);
    }
    template <class C>
    void indexed(const char* name, C& c, bool resizable) {
        enter(name);
        std::uint64_t n = std::size(c);
        (*this)("size", n);
        check_count(name, n, std::size(c), resizable);
        if constexpr (detail::is_vector<C>::value) {
            if (loading()) c.resize(static_cast<std::size_t>(n));
        }
        if constexpr (detail::is_vector<C>::value) {
            if (describing()) {
                // The layout of a growing list is its element's layout, whatever its length.
                typename C::value_type e{};
                (*this)("*", e);
                leave();
                return;
            }
        }
        std::size_t i = 0;
        for (auto& e : c) (*this)(std::to_string(i++).c_str(), e);
        leave();
    }
    /// Throws CheckpointError when a loaded element count is wrong (fixed size) or implausible.
    void check_count(const char* name, std::uint64_t stored, std::size_t current, bool resizable) const;
};

template <class T>
void Archive::operator()(const char* name, T& v) {
    using namespace detail;
    if constexpr (Number<T>) {
        leaf(name, type_of<T>(), sizeof(T), &v, 1, false);
    } else if constexpr (std::is_same_v<T, std::string>) {
        text(name, v);
    } else if constexpr (std::is_array_v<T>) {
        using E = std::remove_extent_t<T>;
        if constexpr (Flat<E>)
            flat(name, &v[0], std::extent_v<T>, false);
        else
            indexed(name, v, false);
    } else if constexpr (is_array<T>::value) {
        using E = typename T::value_type;
        if constexpr (Flat<E>)
            flat(name, v.data(), v.size(), false);
        else
            indexed(name, v, false);
    } else if constexpr (is_vector<T>::value) {
        using E = typename T::value_type;
        if constexpr (Flat<E>) {
            if (loading()) {
                using Tr = flat_traits<E>;
                const std::size_t n = stored(name, type_of<typename Tr::scalar>(), sizeof(typename Tr::scalar));
                v.resize(n / Tr::per);
            }
            flat(name, v.data(), v.size(), true);
        } else {
            indexed(name, v, true);
        }
    } else if constexpr (requires(T & t, Archive & a) { t.fields(a); }) {
        enter(name);
        v.fields(*this);
        leave();
    } else {
        static_assert(dependent_false<T>,
                      "checkpoint: unsupported member type (give it fields(), or store it differently)");
    }
}

/// 64-bit FNV-1a, the checksum and fingerprint hash of checkpoints.
std::uint64_t fnv1a(const void* data, std::size_t n, std::uint64_t h = 14695981039346656037ull) noexcept;

/// Writes a checkpoint file under a temporary name beside `path`; commit()
/// stores the checksum and renames it to `path` (replacing an older one
/// atomically). Destroyed without commit(), it removes the temporary file.
class Saver final : public Archive {
public:
    explicit Saver(std::string path);
    ~Saver() override;
    Saver(const Saver&) = delete;
    Saver& operator=(const Saver&) = delete;
    bool loading() const noexcept override { return false; }
    /// Root attributes (metadata read before the fields).
    void attribute(const std::string& name, const std::string& value);
    void attribute(const std::string& name, std::int64_t value);
    /// Stores `attributes_checksum`, the checksum of the named attributes (written
    /// before), which Loader::check_attributes verifies.
    void seal_attributes(const std::vector<std::string>& names);
    void commit();

protected:
    void enter(const char* name) override;
    void leave() override;
    std::size_t stored(const char*, Type, std::size_t) override { return 0; }
    void leaf(const char* name, Type t, std::size_t width, void* p, std::size_t n, bool resizable) override;
    void text(const char* name, std::string& s) override;

private:
    std::string path_, temp_;
    h5::Handle file_;
    std::vector<h5::Handle> groups_;
    std::uint64_t checksum_;
    std::map<std::string, std::string> attributes_;  // name -> type code and bytes, for seal_attributes
    bool committed_ = false;
};

/// Reads a checkpoint file. Every failure (missing, not HDF5, truncated,
/// missing field, wrong type or size) throws IoError or CheckpointError naming
/// the file and the field.
class Loader final : public Archive {
public:
    explicit Loader(std::string path);
    ~Loader() override;
    bool loading() const noexcept override { return true; }
    bool has_attribute(const std::string& name) const;
    std::string string_attribute(const std::string& name) const;
    std::int64_t int_attribute(const std::string& name) const;
    /// Throws CheckpointError unless the named attributes match `attributes_checksum`
    /// (Saver::seal_attributes): a corrupt scenario text that still parses would
    /// otherwise resume silently with other parameters.
    void check_attributes(const std::vector<std::string>& names) const;
    /// Checks the checksum of everything read against the stored one.
    void finish() const;
    const std::string& path() const noexcept { return path_; }

protected:
    void enter(const char* name) override;
    void leave() override;
    std::size_t stored(const char* name, Type t, std::size_t width) override;
    void leaf(const char* name, Type t, std::size_t width, void* p, std::size_t n, bool resizable) override;
    void text(const char* name, std::string& s) override;

private:
    std::string where(const char* name) const;
    hid_t here() const;
    std::string path_;
    std::uintmax_t file_bytes_ = 0;
    h5::Handle file_;
    std::vector<std::pair<std::string, h5::Handle>> groups_;
    std::uint64_t checksum_;
};

/// Fingerprint of a field list: every field's path and element type (and the
/// length of fixed-size ones). Reads nothing, writes nothing.
class Layout final : public Archive {
public:
    bool loading() const noexcept override { return false; }
    bool describing() const noexcept override { return true; }
    std::uint64_t hash() const noexcept { return hash_; }
    /// Number of leaf fields visited.
    std::size_t count() const noexcept { return count_; }

protected:
    void enter(const char* name) override;
    void leave() override;
    std::size_t stored(const char*, Type, std::size_t) override { return 0; }
    void leaf(const char* name, Type t, std::size_t width, void* p, std::size_t n, bool resizable) override;
    void text(const char* name, std::string& s) override;

private:
    void add(const char* name, Type t, std::size_t n);
    std::vector<std::string> path_;
    std::uint64_t hash_ = 14695981039346656037ull;
    std::size_t count_ = 0;
};

/// How often a run saves a checkpoint: every `count` days, or every `count`
/// calendar months counted from the run's first month (`1y` = `12m`).
struct Period {
    enum class Unit { Days, Months } unit = Unit::Days;
    int count = 0;
    /// Parses "90d", "6m", "1y"; throws ruralsim::Error naming what was expected.
    static Period parse(std::string_view text);
    /// "90d", "6m" (years print as months).
    std::string text() const;
    /// True when day `day` of `cal` is the last day of a period.
    bool closes(const Calendar& cal, int day) const;
};

}  // namespace ruralsim::sim::checkpoint
