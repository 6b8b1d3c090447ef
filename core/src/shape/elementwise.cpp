// Element-wise family: outputs shaped like input 0, or like the broadcast of all inputs.
#include <cmath>

#include "core_strings.hpp"
#include "shape/fold.hpp"
#include "shape/rules.hpp"

namespace wattlayer {
namespace {

// Unary operators that appear in shape computations, folded when their input is known.
std::optional<TensorValues> fold_unary(std::string_view op, const TensorValues& in) {
    if (op == "Identity") return in;
    TensorValues out;
    out.is_float = in.is_float;
    for (size_t i = 0; i < in.size(); ++i) {
        const double x = as_double(in, i);
        double y;
        if (op == "Neg") y = -x;
        else if (op == "Abs") y = std::fabs(x);
        else if (op == "Floor") y = std::floor(x);
        else if (op == "Ceil") y = std::ceil(x);
        else if (op == "Round") y = std::nearbyint(x);
        else if (op == "Sqrt") y = std::sqrt(x);
        else if (op == "Relu") y = x > 0 ? x : 0;
        else if (op == "Not") y = x == 0;
        else if (op == "Sign") y = (x > 0) - (x < 0);
        else if (op == "Reciprocal") y = 1 / x;
        else if (op == "Exp") y = std::exp(x);
        else if (op == "Log") y = std::log(x);
        else return std::nullopt;
        if (out.is_float) out.floats.push_back(y);
        else if (in.ints.size() > i && (op == "Neg" || op == "Abs")) out.ints.push_back(static_cast<int64_t>(op == "Neg" || in.ints[i] < 0 ? 0 - static_cast<uint64_t>(in.ints[i]) : static_cast<uint64_t>(in.ints[i])));  // wraps like the runtime
        else if (fits_int64(y)) out.ints.push_back(static_cast<int64_t>(y));
        else return std::nullopt;  // Exp of an integer past the int64 range: not folded (converting is undefined)
    }
    return out;
}

bool is_comparison(std::string_view op) {
    return op == "Equal" || op == "Less" || op == "Greater" || op == "LessOrEqual" || op == "GreaterOrEqual" ||
           op == "And" || op == "Or" || op == "Xor" || op == "Not";
}

}  // namespace

void infer_same_shape(NodeContext& ctx) {
    const Value* x = ctx.ranked(0);
    if (!x) return;
    Value& y = ctx.out(0);
    y.reset_to(x->dtype, x->dims);
    // Exporters alias a shared weight through Identity: its output is still that parameter.
    if (ctx.node.op == "Identity") y.weight_id = x->weight_id;
    if (x->data && foldable_size(x->numel())) {
        y.data = ctx.keep(fold_unary(ctx.node.op, *x->data));
        y.baked = x->baked;
    }
}

void infer_same_shape_bool(NodeContext& ctx) {
    infer_same_shape(ctx);
    ctx.out(0).dtype = DType::Bool;
    ctx.out(0).data.reset();
}

namespace {

// Input 0 converted to `to`, values and all (Cast and CastLike fold shape computations).
void cast_to(NodeContext& ctx, DType to) {
    const Value* x = ctx.ranked(0);
    if (!x) { ctx.out(0).dtype = to; return; }
    Value& y = ctx.out(0);
    y.reset_to(to, x->dims);
    if (x->data) {
        // A cast that keeps every value (int to int, float to float) shares them: constants can be large.
        y.data = conversion_keeps_values(*x->data, to) ? x->data : ctx.keep(convert_values(*x->data, to));
        y.baked = x->baked;
    }
}

}  // namespace

void infer_cast(NodeContext& ctx) { cast_to(ctx, dtype_from_code(ctx.attr_int("to", 0))); }

// BitCast: input 0's bits read as `to`, a type of the same size.
void infer_bitcast(NodeContext& ctx) {
    const DType to = dtype_from_code(ctx.attr_int("to", 0));
    const Value* x = ctx.ranked(0);
    if (!x) { ctx.out(0).dtype = to; return; }
    if (dtype_bits(x->dtype) != dtype_bits(to)) { ctx.note("BitCast between types of different sizes"); return; }
    ctx.out(0).reset_to(to, x->dims);
}

// EyeLike, Bernoulli: input 0's shape, in the `dtype` attribute's type (input 0's by default).
void infer_same_shape_dtype_attribute(NodeContext& ctx) {
    const Value* x = ctx.ranked(0);
    const DType dtype = ctx.has_attr("dtype") ? dtype_from_code(ctx.attr_int("dtype", 0)) : x ? x->dtype : DType::Undefined;
    if (x) ctx.out(0).reset_to(dtype, x->dims);
    else ctx.out(0).dtype = dtype;
}

// RandomUniform, RandomNormal: the `shape` attribute's, in `dtype` (float by default).
void infer_shape_attribute(NodeContext& ctx) {
    Dims dims;
    for (int64_t d : ctx.attr_ints("shape")) dims.push_back(d >= 0 ? Dim::of(d) : Dim{});
    ctx.out(0).reset_to(dtype_from_code(ctx.attr_int("dtype", 1)), std::move(dims));
}

// Multinomial: [batch, sample_size] draws from input 0's [batch, classes], in `dtype` (int32 by default).
void infer_multinomial(NodeContext& ctx) {
    const Value* x = ctx.ranked(0);
    if (!x) return;
    if (x->rank() != 2) { ctx.note("expects [batch, classes]"); return; }
    ctx.out(0).reset_to(dtype_from_code(ctx.attr_int("dtype", 6)), {x->dims[0], Dim::of(ctx.attr_int("sample_size", 1))});
}

// CastLike: input 0 in input 1's type (the spec's target_type).
void infer_cast_like(NodeContext& ctx) {
    const Value* like = ctx.in(CastLikeIn::target_type);
    cast_to(ctx, like ? like->dtype : DType::Undefined);
}

void infer_broadcast(NodeContext& ctx) {
    // The output's shape is built where it stays (an output is never one of the inputs); when the
    // inputs do not broadcast, the output goes back to unknown.
    Value& y = ctx.out(0);
    Dims& dims = y.reset_to(DType::Undefined);
    SmallVector<const Value*, 4> operands;
    DType dtype = DType::Undefined;
    bool first = true, baked = true, all_constant = true;
    const bool where = same_name(ctx.node.op, "Where");
    for (size_t i = 0; i < ctx.num_inputs(); ++i) {
        const Value* v = ctx.in(i);
        if (!v) continue;
        if (!v->has_rank) {
            y = Value();
            return;
        }
        if (dtype == DType::Undefined && (!where || i > 0)) dtype = v->dtype;
        if (first) dims = v->dims;
        else if (!broadcast_into(dims, v->dims)) {
            ctx.note("cannot broadcast " + ctx.dims_text(dims) + " with " + ctx.dims_text(v->dims));
            y = Value();
            return;
        }
        first = false;
        operands.push_back(v);
        baked = baked && v->baked;
        all_constant = all_constant && v->data.has_value();
    }
    if (first) {
        y = Value();
        return;
    }
    if (is_comparison(ctx.node.op)) dtype = DType::Bool;
    y.dtype = dtype;
    if (!all_constant) return;  // only shape computations are folded
    if (const auto shape = known_dims(y)) {
        y.data = fold_elementwise(ctx.node.op, operands, *shape, dtype, ctx.attr_int("fmod", 0), ctx.kept);
        y.baked = y.data && baked;
    }
}

void infer_clip(NodeContext& ctx) {
    infer_same_shape(ctx);
    const Value* x = ctx.ranked(0);
    if (!x || !x->data) return;
    // Opset 11 moved min/max from attributes to inputs.
    double lo = ctx.attr_float("min", -INFINITY), hi = ctx.attr_float("max", INFINITY);
    for (size_t i : {1, 2}) {
        const Value* bound = ctx.in(i);
        if (!bound) continue;
        if (!bound->data || bound->data->size() != 1) { ctx.out(0).data.reset(); return; }
        (i == 1 ? lo : hi) = as_double(*bound->data, 0);
    }
    TensorValues v = *x->data;
    for (auto& f : v.floats) f = std::min(std::max(f, lo), hi);
    for (auto& n : v.ints) n = to_int64(std::min(std::max(static_cast<double>(n), lo), hi));
    ctx.out(0).data = ctx.keep(std::move(v));
    ctx.out(0).baked = x->baked;
}

void infer_layer_norm(NodeContext& ctx) {
    const Value* x = ctx.ranked(0);
    if (!x) return;
    ctx.out(0).reset_to(x->dtype, x->dims);
    // Mean and inverse standard deviation keep the leading axes and reduce the rest to 1.
    const auto axis = norm_axis(ctx.attr_int("axis", -1), static_cast<int64_t>(x->rank()));
    if (!axis) { ctx.note("axis out of range"); return; }
    Dims stats = x->dims;
    for (size_t i = static_cast<size_t>(*axis); i < stats.size(); ++i) stats[i] = Dim::of(1);
    for (size_t o = 1; o < ctx.num_outputs(); ++o) ctx.out(o).reset_to(DType::Float, stats);
}

void infer_dropout(NodeContext& ctx) {
    infer_same_shape(ctx);
    if (ctx.num_outputs() > 1 && ctx.out(0).has_rank) ctx.out(1).reset_to(DType::Bool, ctx.out(0).dims);
}

}  // namespace wattlayer

namespace wattlayer {

// Training-mode BatchNormalization (weight standardisation) also returns running mean and variance.
void infer_batch_norm(NodeContext& ctx) {
    infer_same_shape(ctx);
    const Value* x = ctx.ranked(0);
    if (!x || x->rank() < 2) return;
    for (size_t o = 1; o < ctx.num_outputs(); ++o) ctx.out(o).reset_to(x->dtype, {x->dims[1]});
}

}  // namespace wattlayer
