#include "shape/fold.hpp"

#include <cmath>

namespace wattlayer {

namespace {

// One axis of a broadcast; false when two known sizes disagree.
bool broadcast_axis(const Dim& a, const Dim& b, Dim& out) {
    if (a.known() && b.known()) {
        if (a.value == b.value) out = Dim::of(a.value, a.batch || b.batch);
        else if (a.value == 1) out = b;
        else if (b.value == 1) out = a;
        else return false;
    } else if (a.known()) {
        out = a.value == 1 ? b : a;  // a known size other than 1 wins over a symbol
    } else if (b.known()) {
        out = b.value == 1 ? a : b;
    } else {
        out = a == b ? a : Dim{};
    }
    return true;
}

}  // namespace

std::optional<Dims> broadcast_dims(const Dims& a, const Dims& b) {
    Dims out = a;
    if (!broadcast_into(out, b)) return std::nullopt;
    return out;
}

bool broadcast_into(Dims& dims, Span<Dim> other) {
    Dim scratch;
    const size_t common = std::min(dims.size(), other.size());
    for (size_t k = 1; k <= common; ++k)  // check first: a failed broadcast leaves `dims` as it was
        if (!broadcast_axis(dims[dims.size() - k], other[other.size() - k], scratch)) return false;
    for (size_t k = 1; k <= common; ++k) broadcast_axis(dims[dims.size() - k], other[other.size() - k], dims[dims.size() - k]);
    if (other.size() > dims.size()) dims.insert(dims.begin(), other.begin(), other.begin() + (other.size() - dims.size()));
    return true;
}

bool conversion_keeps_values(const TensorValues& v, DType to) {
    return v.is_float ? dtype_is_float(to) : dtype_is_integer(to) && to != DType::Bool;
}

TensorValues convert_values(const TensorValues& v, DType to) {
    if (conversion_keeps_values(v, to)) return v;
    TensorValues out;
    out.is_float = dtype_is_float(to);
    const size_t n = v.size();
    if (out.is_float) {
        out.floats.reserve(n);
        for (size_t i = 0; i < n; ++i) out.floats.push_back(as_double(v, i));
        return out;
    }
    out.ints.reserve(n);
    for (size_t i = 0; i < n; ++i) {
        if (to == DType::Bool) { out.ints.push_back(as_double(v, i) != 0); continue; }
        if (!v.is_float) { out.ints.push_back(v.ints[i]); continue; }
        const double f = v.floats[i];
        out.ints.push_back(to_int64(f));
    }
    return out;
}

Value int_tensor(Span<int64_t> ints, Dims dims, ValueStore& kept, DType dtype) {
    Value v = Value::with_dims(dtype, std::move(dims));
    TensorValues tv;
    tv.ints.append(ints.begin(), ints.end());
    v.data = SharedValues::keep(kept, std::move(tv));
    return v;
}

namespace {

// The binary operators folding knows, resolved once per node rather than once per element.
enum class Arith { Add, Sub, Mul, Div, Mod, Min, Max, Pow, Equal, Less, Greater, LessOrEqual, GreaterOrEqual, And, Or, Xor, Unknown };

Arith arith_of(std::string_view op) {
    static constexpr std::pair<std::string_view, Arith> kOps[] = {
        {"Add", Arith::Add}, {"Sub", Arith::Sub}, {"Mul", Arith::Mul}, {"Div", Arith::Div}, {"Mod", Arith::Mod},
        {"Min", Arith::Min}, {"Max", Arith::Max}, {"Pow", Arith::Pow}, {"Equal", Arith::Equal}, {"Less", Arith::Less},
        {"Greater", Arith::Greater}, {"LessOrEqual", Arith::LessOrEqual}, {"GreaterOrEqual", Arith::GreaterOrEqual},
        {"And", Arith::And}, {"Or", Arith::Or}, {"Xor", Arith::Xor}};
    for (const auto& [name, arith] : kOps)
        if (name == op) return arith;
    return Arith::Unknown;
}

int64_t int_op(Arith op, int64_t a, int64_t b, int64_t fmod, bool& ok) {
    switch (op) {
        case Arith::Add: return static_cast<int64_t>(static_cast<uint64_t>(a) + static_cast<uint64_t>(b));
        case Arith::Sub: return static_cast<int64_t>(static_cast<uint64_t>(a) - static_cast<uint64_t>(b));
        case Arith::Mul: return static_cast<int64_t>(static_cast<uint64_t>(a) * static_cast<uint64_t>(b));
        case Arith::Div:
        case Arith::Mod: {
            if (b == 0 || (a == INT64_MIN && b == -1)) { ok = false; return 0; }
            if (op == Arith::Div) return a / b;
            const int64_t r = a % b;
            return (!fmod && r != 0 && ((r < 0) != (b < 0))) ? r + b : r;  // fmod=0: sign of the divisor
        }
        case Arith::Min: return std::min(a, b);
        case Arith::Max: return std::max(a, b);
        case Arith::Pow: return to_int64(std::pow(static_cast<double>(a), static_cast<double>(b)));
        case Arith::Equal: return a == b;
        case Arith::Less: return a < b;
        case Arith::Greater: return a > b;
        case Arith::LessOrEqual: return a <= b;
        case Arith::GreaterOrEqual: return a >= b;
        case Arith::And: return (a != 0) && (b != 0);
        case Arith::Or: return (a != 0) || (b != 0);
        case Arith::Xor: return (a != 0) != (b != 0);
        case Arith::Unknown: break;
    }
    ok = false;
    return 0;
}

double float_op(Arith op, double a, double b, int64_t fmod, bool& ok) {
    switch (op) {
        case Arith::Add: return a + b;
        case Arith::Sub: return a - b;
        case Arith::Mul: return a * b;
        case Arith::Div: return a / b;
        case Arith::Mod: return fmod ? std::fmod(a, b) : a - b * std::floor(a / b);
        case Arith::Min: return std::min(a, b);
        case Arith::Max: return std::max(a, b);
        case Arith::Pow: return std::pow(a, b);
        case Arith::Equal: return a == b;
        case Arith::Less: return a < b;
        case Arith::Greater: return a > b;
        case Arith::LessOrEqual: return a <= b;
        case Arith::GreaterOrEqual: return a >= b;
        default: break;
    }
    ok = false;
    return 0;
}

// Whether `dims` broadcast to `out_shape` (numpy rules: aligned from the last axis, 1 or equal).
bool broadcasts_to(const Dims& dims, const Ints& out_shape) {
    if (dims.size() > out_shape.size()) return false;
    for (size_t k = 0; k < dims.size(); ++k) {
        const int64_t d = dims[dims.size() - 1 - k].value, o = out_shape[out_shape.size() - 1 - k];
        if (d != 1 && d != o) return false;
    }
    return true;
}

// The element strides of an operand per output axis, 0 where the operand is broadcast.
void append_broadcast_strides(const Dims& dims, const Ints& out_shape, SmallVector<int64_t, 16>& strides) {
    const size_t first = strides.size();
    strides.resize(first + out_shape.size(), 0);
    int64_t stride = 1;
    for (size_t k = 0; k < dims.size(); ++k) {
        const size_t src = dims.size() - 1 - k, dst = out_shape.size() - 1 - k;
        strides[first + dst] = dims[src].value == 1 ? 0 : stride;
        stride *= dims[src].value;
    }
}

}  // namespace

SharedValues fold_elementwise(std::string_view op, Span<const Value*> operands,
                              const Ints& out_shape, DType out_type, int64_t fmod, ValueStore& kept) {
    int64_t count = 1;
    for (int64_t d : out_shape) {
        if (d < 0 || d > kMaxDecodedElements) return {};
        count *= d;
        if (count > kMaxDecodedElements) return {};
    }
    if (count == 0) return {};  // nothing to compute (and a 0 axis would hide huge ones)
    bool any_float = false;
    // Most folds are shape arithmetic on scalars and short lists: when every operand is a scalar
    // or has the output's size, operand o's element for output n is 0 or n, no index arithmetic.
    bool flat = true;
    for (const Value* v : operands) {
        if (!v || !v->data || !v->shape_known()) return {};
        const int64_t numel = v->numel();
        if (static_cast<int64_t>(v->data->size()) != numel) return {};
        if (!broadcasts_to(v->dims, out_shape)) return {};  // the strides below rely on it
        any_float = any_float || v->data->is_float;
        flat = flat && (numel == 1 || numel == count);
    }
    const bool where = op == "Where";
    if (where && operands.size() != 3) return {};
    const Arith arith = arith_of(op);
    if (!where && operands.size() > 1 && arith == Arith::Unknown) return {};
    TensorValues out;
    out.is_float = dtype_is_float(out_type);
    if (operands.size() == 1 && static_cast<int64_t>(operands[0]->data->size()) == count)  // nothing to broadcast
        return conversion_keeps_values(*operands[0]->data, out_type) ? operands[0]->data  // shared: constants can be large
                                                                      : SharedValues::keep(kept, convert_values(*operands[0]->data, out_type));
    if (operands.size() == 1 && operands[0]->data->size() == 1) {  // a broadcast of one value: a fill
        const TensorValues& v = *operands[0]->data;
        if (out.is_float) out.floats.assign(static_cast<size_t>(count), as_double(v, 0));
        else out.ints.assign(static_cast<size_t>(count), v.is_float ? to_int64(v.floats[0]) : v.ints[0]);
        return SharedValues::keep(kept, std::move(out));
    }
    (out.is_float ? out.floats.reserve(static_cast<size_t>(count)) : out.ints.reserve(static_cast<size_t>(count)));
    bool ok = true;
    SmallVector<size_t, 4> at(operands.size(), 0);  // each operand's element for the output position
    auto append_result = [&] {
        double result_f = 0;
        int64_t result_i = 0;
        if (where) {
            const TensorValues& pick = as_double(*operands[0]->data, at[0]) != 0 ? *operands[1]->data : *operands[2]->data;
            const size_t pos = as_double(*operands[0]->data, at[0]) != 0 ? at[1] : at[2];
            result_f = as_double(pick, pos);
            result_i = pick.is_float ? to_int64(pick.floats[pos]) : pick.ints[pos];
        } else if (operands.size() == 1) {  // a broadcast copy (Expand)
            result_f = as_double(*operands[0]->data, at[0]);
            result_i = operands[0]->data->is_float ? to_int64(result_f) : operands[0]->data->ints[at[0]];
        } else if (any_float) {
            result_f = as_double(*operands[0]->data, at[0]);
            for (size_t o = 1; o < operands.size(); ++o) result_f = float_op(arith, result_f, as_double(*operands[o]->data, at[o]), fmod, ok);
            result_i = to_int64(result_f);
        } else {
            result_i = operands[0]->data->ints[at[0]];
            for (size_t o = 1; o < operands.size(); ++o) result_i = int_op(arith, result_i, operands[o]->data->ints[at[o]], fmod, ok);
            result_f = static_cast<double>(result_i);
        }
        if (out.is_float) out.floats.push_back(result_f);
        else out.ints.push_back(result_i);
    };
    if (flat) {
        for (int64_t n = 0; n < count && ok; ++n) {
            for (size_t o = 0; o < operands.size(); ++o) at[o] = operands[o]->data->size() == 1 ? 0 : static_cast<size_t>(n);
            append_result();
        }
        if (!ok) return {};
        return SharedValues::keep(kept, std::move(out));
    }
    const size_t rank = out_shape.size();
    SmallVector<int64_t, 16> strides;  // operand o's stride on output axis k at [o * rank + k]
    for (const Value* v : operands) append_broadcast_strides(v->dims, out_shape, strides);
    SmallVector<int64_t, 8> index(rank, 0);
    for (int64_t n = 0; n < count && ok; ++n) {
        append_result();
        for (size_t axis = rank; axis-- > 0;) {  // next output position, last axis fastest
            for (size_t o = 0; o < operands.size(); ++o) at[o] += static_cast<size_t>(strides[o * rank + axis]);
            if (++index[axis] < out_shape[axis]) break;
            for (size_t o = 0; o < operands.size(); ++o) at[o] -= static_cast<size_t>(strides[o * rank + axis] * out_shape[axis]);
            index[axis] = 0;
        }
    }
    if (!ok) return {};
    return SharedValues::keep(kept, std::move(out));
}

}  // namespace wattlayer
