#include "shape/fold.hpp"

#include <cmath>

namespace wattlayer {

std::optional<Dims> broadcast_dims(const Dims& a, const Dims& b) {
    const size_t rank = std::max(a.size(), b.size());
    Dims out(rank);
    for (size_t i = 0; i < rank; ++i) {
        const Dim* da = i + a.size() >= rank ? &a[i + a.size() - rank] : nullptr;
        const Dim* db = i + b.size() >= rank ? &b[i + b.size() - rank] : nullptr;
        if (!da) { out[i] = *db; continue; }
        if (!db) { out[i] = *da; continue; }
        if (da->known() && db->known()) {
            if (da->value == db->value) out[i] = Dim::of(da->value, da->batch || db->batch);
            else if (da->value == 1) out[i] = *db;
            else if (db->value == 1) out[i] = *da;
            else return std::nullopt;
        } else if (da->known()) {
            out[i] = da->value == 1 ? *db : *da;  // a known size other than 1 wins over a symbol
        } else if (db->known()) {
            out[i] = db->value == 1 ? *da : *db;
        } else {
            out[i] = *da == *db ? *da : Dim{};
        }
    }
    return out;
}

TensorValues convert_values(const TensorValues& v, DType to) {
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
        out.ints.push_back(f > -9.2e18 && f < 9.2e18 ? static_cast<int64_t>(f) : 0);  // NaN/inf: undefined in ONNX too
    }
    return out;
}

Value int_tensor(std::vector<int64_t> ints, Dims dims, DType dtype) {
    Value v = Value::with_dims(dtype, std::move(dims));
    TensorValues tv;
    tv.ints = std::move(ints);
    v.data = std::move(tv);
    return v;
}

namespace {

int64_t int_op(std::string_view op, int64_t a, int64_t b, int64_t fmod, bool& ok) {
    if (op == "Add") return static_cast<int64_t>(static_cast<uint64_t>(a) + static_cast<uint64_t>(b));
    if (op == "Sub") return static_cast<int64_t>(static_cast<uint64_t>(a) - static_cast<uint64_t>(b));
    if (op == "Mul") return static_cast<int64_t>(static_cast<uint64_t>(a) * static_cast<uint64_t>(b));
    if (op == "Div" || op == "Mod") {
        if (b == 0 || (a == INT64_MIN && b == -1)) { ok = false; return 0; }
        if (op == "Div") return a / b;
        const int64_t r = a % b;
        return (!fmod && r != 0 && ((r < 0) != (b < 0))) ? r + b : r;  // fmod=0: sign of the divisor
    }
    if (op == "Min") return std::min(a, b);
    if (op == "Max") return std::max(a, b);
    if (op == "Pow") return static_cast<int64_t>(std::pow(static_cast<double>(a), static_cast<double>(b)));
    if (op == "Equal") return a == b;
    if (op == "Less") return a < b;
    if (op == "Greater") return a > b;
    if (op == "LessOrEqual") return a <= b;
    if (op == "GreaterOrEqual") return a >= b;
    if (op == "And") return (a != 0) && (b != 0);
    if (op == "Or") return (a != 0) || (b != 0);
    if (op == "Xor") return (a != 0) != (b != 0);
    ok = false;
    return 0;
}

double float_op(std::string_view op, double a, double b, int64_t fmod, bool& ok) {
    if (op == "Add") return a + b;
    if (op == "Sub") return a - b;
    if (op == "Mul") return a * b;
    if (op == "Div") return a / b;
    if (op == "Mod") return fmod ? std::fmod(a, b) : a - b * std::floor(a / b);
    if (op == "Min") return std::min(a, b);
    if (op == "Max") return std::max(a, b);
    if (op == "Pow") return std::pow(a, b);
    if (op == "Equal") return a == b;
    if (op == "Less") return a < b;
    if (op == "Greater") return a > b;
    if (op == "LessOrEqual") return a <= b;
    if (op == "GreaterOrEqual") return a >= b;
    ok = false;
    return 0;
}

// Index of the element of an operand that a given output position reads, under broadcasting.
struct BroadcastIndexer {
    std::vector<int64_t> strides;  // per output axis; 0 where the operand is broadcast
    BroadcastIndexer(const Dims& dims, const std::vector<int64_t>& out_shape) : strides(out_shape.size(), 0) {
        int64_t stride = 1;
        for (size_t k = 0; k < dims.size(); ++k) {
            const size_t src = dims.size() - 1 - k, dst = out_shape.size() - 1 - k;
            strides[dst] = dims[src].value == 1 ? 0 : stride;
            stride *= dims[src].value;
        }
    }
};

}  // namespace

std::optional<TensorValues> fold_elementwise(std::string_view op, Span<const Value*> operands,
                                             const std::vector<int64_t>& out_shape, DType out_type, int64_t fmod) {
    int64_t count = 1;
    for (int64_t d : out_shape) {
        if (d < 0 || d > kMaxDecodedElements) return std::nullopt;
        count *= d;
        if (count > kMaxDecodedElements) return std::nullopt;
    }
    bool any_float = false;
    std::vector<BroadcastIndexer> indexers;
    for (const Value* v : operands) {
        if (!v || !v->data || !v->shape_known()) return std::nullopt;
        if (static_cast<int64_t>(v->data->size()) != v->numel()) return std::nullopt;
        any_float = any_float || v->data->is_float;
        indexers.emplace_back(v->dims, out_shape);
    }
    const bool where = op == "Where";
    if (where && operands.size() != 3) return std::nullopt;
    TensorValues out;
    out.is_float = dtype_is_float(out_type);
    std::vector<int64_t> index(out_shape.size(), 0);
    bool ok = true;
    std::vector<size_t> at(operands.size(), 0);
    for (int64_t n = 0; n < count && ok; ++n) {
        std::fill(at.begin(), at.end(), 0);
        for (size_t o = 0; o < operands.size(); ++o)
            for (size_t axis = 0; axis < index.size(); ++axis) at[o] += static_cast<size_t>(index[axis] * indexers[o].strides[axis]);
        double result_f = 0;
        int64_t result_i = 0;
        if (where) {
            const TensorValues& pick = as_double(*operands[0]->data, at[0]) != 0 ? *operands[1]->data : *operands[2]->data;
            const size_t pos = as_double(*operands[0]->data, at[0]) != 0 ? at[1] : at[2];
            result_f = as_double(pick, pos);
            result_i = pick.is_float ? static_cast<int64_t>(pick.floats[pos]) : pick.ints[pos];
        } else if (operands.size() == 1) {  // a broadcast copy (Expand)
            result_f = as_double(*operands[0]->data, at[0]);
            result_i = operands[0]->data->is_float ? static_cast<int64_t>(result_f) : operands[0]->data->ints[at[0]];
        } else if (any_float) {
            result_f = as_double(*operands[0]->data, at[0]);
            for (size_t o = 1; o < operands.size(); ++o) result_f = float_op(op, result_f, as_double(*operands[o]->data, at[o]), fmod, ok);
            result_i = std::isfinite(result_f) && std::fabs(result_f) < 9.2e18 ? static_cast<int64_t>(result_f) : 0;
        } else {
            result_i = operands[0]->data->ints[at[0]];
            for (size_t o = 1; o < operands.size(); ++o) result_i = int_op(op, result_i, operands[o]->data->ints[at[o]], fmod, ok);
            result_f = static_cast<double>(result_i);
        }
        if (out.is_float) out.floats.push_back(result_f);
        else out.ints.push_back(result_i);
        for (size_t axis = index.size(); axis-- > 0;) {  // next output position, last axis fastest
            if (++index[axis] < out_shape[axis]) break;
            index[axis] = 0;
        }
    }
    if (!ok) return std::nullopt;
    return out;
}

}  // namespace wattlayer
