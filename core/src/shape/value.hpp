#pragma once
// What inference knows about one tensor: element type, shape (dims may be numbers, symbols or
// unknown) and, for small tensors computed from constants, the values themselves.
#include <optional>
#include <string>
#include <string_view>
#include <vector>

#include "core_math.hpp"
#include "containers/small_vector.hpp"
#include "model/graph.hpp"

namespace wattlayer {

// 16 bytes: a Value's shape is copied and read by every rule, and its size is most of a Value's.
struct Dim {
    int64_t value = -1;  // >= 0 when known
    uint32_t symbol = 0;  // a named, still unbound dimension: its index in Inference::symbols (0: none)
    bool batch = false;  // scales with the batch size (set on the inputs' batch axis, then carried)

    bool known() const { return value >= 0; }
    // Every known dimension passes here: past kMaxDim is Error("overflow") (core_math.hpp).
    static Dim of(int64_t v, bool batch_axis = false) {
        if (v > kMaxDim) throw_dim_too_large(v);
        return Dim{v, 0, batch_axis};
    }
    bool operator==(const Dim& o) const {  // symbols are interned: one index per name
        return known() ? value == o.value : (symbol != 0 && symbol == o.symbol);
    }
};

// A shape: most tensors have at most 5 axes, kept inline.
using Dims = SmallVector<Dim, 5>;

// A short list of integers: a shape as numbers, axes, a folded shape tensor's values. Inline up to
// 8, as nearly all are: shape rules build several per node, and a heap list each was most of
// their allocations.
using Ints = SmallVector<int64_t, 8>;

// The names of symbolic dimensions, by Dim::symbol; entry 0 is the empty name (no symbol).
using SymbolTable = std::vector<std::string_view>;

struct Value {
    Value() noexcept {}  // user-provided: `Value()` must not zero the inline dims first
    DType dtype = DType::Undefined;
    bool has_rank = false;
    Dims dims;
    SharedValues data;  // contents, when small and computable from constants
    bool baked = false;   // contents come from the file's constants, not from live shapes
    // Its shape or contents are an upper bound of a data-dependent size (NonZero, NonMaxSuppression,
    // ...), or were computed from one: the layers that read it are costed at that bound.
    bool bounded = false;
    int64_t weight_id = -1;  // the initializer this tensor is (or aliases through Identity): a parameter

    static Value unknown(DType t = DType::Undefined) { Value v; v.dtype = t; return v; }
    static Value with_dims(DType t, Dims d) {
        Value v;
        v.dtype = t;
        v.has_rank = true;
        v.dims = std::move(d);
        return v;
    }
    // Becomes with_dims(t, d) in place: rules write their outputs with it, without building and
    // moving a temporary Value.
    void reset_to(DType t, const Dims& d) {
        reset_fields(t);
        dims = d;
    }
    void reset_to(DType t, Dims&& d) {
        reset_fields(t);
        dims = std::move(d);
    }
    // The same with no axes yet: the caller appends them in place.
    Dims& reset_to(DType t) {
        reset_fields(t);
        dims.clear();
        return dims;
    }
    size_t rank() const { return dims.size(); }
    bool shape_known() const {  // inline: asked of every output of every node
        if (!has_rank) return false;
        for (const auto& d : dims)
            if (!d.known()) return false;
        return true;
    }
    // Element count when the shape is fully known, else -1. Throws Error("overflow"). Inline:
    // rules, FLOP counts and byte counts ask it of most tensors.
    int64_t numel() const {
        if (!has_rank) return -1;
        // One walk: an unknown axis anywhere means -1, even after an overflow.
        int64_t n = 1;
        bool overflow = false;
        for (const auto& d : dims) {
            if (!d.known()) return -1;
            overflow |= mul_overflows(n, d.value, &n);
        }
        if (overflow) throw_numel_overflow();
        return n;
    }
    // Integer contents (floats truncated), when known.
    std::optional<Ints> ints() const;

private:
    [[noreturn]] static void throw_numel_overflow();
    void reset_fields(DType t) {
        dtype = t;
        has_rank = true;
        data.reset();
        baked = false;
        bounded = false;
        weight_id = -1;
    }
};

// Whether a float truncates to an int64 without undefined behaviour (false for NaN and infinities).
inline bool fits_int64(double f) { return f > -9.2e18 && f < 9.2e18; }
// A float truncated to an integer like a cast; what does not fit (undefined in ONNX too) gives 0.
inline int64_t to_int64(double f) { return fits_int64(f) ? static_cast<int64_t>(f) : 0; }

// The truth of a one-element tensor (an If's condition, a Loop's), when its value is known.
inline std::optional<bool> truth_of(const SharedValues& values) {
    if (!values || values->size() != 1) return std::nullopt;
    return values->is_float ? values->floats[0] != 0 : values->ints[0] != 0;
}

// `v` becomes what inference knows of an initializer or constant: its shape, and its values when small.
void assign_tensor(Value& v, const Tensor& t);
// Sizes as dims; a negative size is unknown. append_dims adds them where they stay.
void append_dims(Dims& dims, Span<int64_t> values);
Dims dims_of(Span<int64_t> values);
inline Dims dims_of(const Ints& values) { return dims_of(Span<int64_t>(values)); }  // braced lists
// Shape as numbers, when every dim is known.
std::optional<Ints> known_dims(const Value& v);
// Normalises a possibly negative axis; nullopt when out of range.
std::optional<int64_t> norm_axis(int64_t axis, int64_t rank);
std::string dims_to_string(const Dims& dims, const SymbolTable& symbols);

}  // namespace wattlayer
