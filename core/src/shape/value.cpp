#include "shape/value.hpp"

#include "core_math.hpp"

namespace wattlayer {

void Value::throw_numel_overflow() { throw Error("overflow", "the element count of a tensor overflows 64 bits"); }

void throw_dim_too_large(int64_t value) {
    throw Error("overflow", "a dimension of " + std::to_string(value) + " is longer than any tensor's axis can be (at most 2^40)");
}

void throw_rank_too_large(size_t rank) {
    throw Error("too_large", "a tensor of " + std::to_string(rank) + " axes (at most " + std::to_string(kMaxRank) + ")");
}

// Like known_dims below, the list is built where it is returned (every return is `out`): moving
// a list just written reloads it in wide words, which stall on the narrower stores just made.
std::optional<Ints> Value::ints() const {
    std::optional<Ints> out;
    if (!data) return out;
    Ints& ints = out.emplace();
    if (!data->is_float) {
        ints.append(data->ints.begin(), data->ints.end());
        return out;
    }
    ints.reserve(data->floats.size());
    for (double f : data->floats) {
        if (!fits_int64(f)) {
            out.reset();
            return out;
        }
        ints.push_back(to_int64(f));
    }
    return out;
}

void assign_tensor(Value& v, const Tensor& t) {
    append_dims(v.reset_to(t.dtype), t.dims);
    v.data = t.values;
    v.baked = true;
}

void append_dims(Dims& dims, Span<int64_t> values) {
    dims.reserve(dims.size() + values.size());
    for (int64_t v : values) dims.push_back(Dim::of(v < 0 ? -1 : v));
}

Dims dims_of(Span<int64_t> values) {
    Dims dims;
    append_dims(dims, values);
    return dims;
}

std::optional<Ints> known_dims(const Value& v) {
    std::optional<Ints> out;
    if (!v.shape_known()) return out;
    Ints& dims = out.emplace();
    dims.reserve(v.dims.size());
    for (const auto& d : v.dims) dims.push_back(d.value);
    return out;
}

std::optional<int64_t> norm_axis(int64_t axis, int64_t rank) {
    if (axis < -rank || axis >= rank) return std::nullopt;
    return axis < 0 ? axis + rank : axis;
}

std::string dims_to_string(const Dims& dims, const SymbolTable& symbols) {
    std::string s = "[";
    for (size_t i = 0; i < dims.size(); ++i) {
        if (i) s += ",";
        s += dims[i].known() ? std::to_string(dims[i].value) : (dims[i].symbol == 0 ? "?" : std::string(symbols[dims[i].symbol]));
    }
    return s + "]";
}

}  // namespace wattlayer
