// Reduction family: Reduce* (axes from attribute or, in later opsets, from input 1), ArgMax/ArgMin
// and TopK.
#include "core_math.hpp"
#include "shape/fold.hpp"
#include "shape/rules.hpp"

namespace wattlayer {
namespace {

// Reduced shape, or nullopt when an axis is out of range.
std::optional<Dims> reduce_dims(const Dims& in, const Ints& axes, bool keepdims) {
    SmallVector<bool, 8> reduced(in.size(), axes.empty());
    for (int64_t a : axes) {
        const auto axis = norm_axis(a, static_cast<int64_t>(in.size()));
        if (!axis) return std::nullopt;
        reduced[static_cast<size_t>(*axis)] = true;
    }
    Dims out;
    for (size_t i = 0; i < in.size(); ++i) {
        if (!reduced[i]) out.push_back(in[i]);
        else if (keepdims) out.push_back(Dim::of(1));
    }
    return out;
}

}  // namespace

// com.microsoft QLinearReduceMean: axes and keepdims are attributes only (input 1 is a scale).
void infer_qlinear_reduce_mean(NodeContext& ctx) {
    const Value* x = ctx.ranked(0);
    if (!x) return;
    const auto dims = reduce_dims(x->dims, ctx.attr_ints("axes"), ctx.attr_int("keepdims", 1) != 0);
    if (!dims) { ctx.note("axis out of range"); return; }
    ctx.out(0).reset_to(x->dtype, *dims);
}

void infer_reduce(NodeContext& ctx) {
    const Value* x = ctx.ranked(0);
    if (!x) return;
    const auto axes = ctx.ints_from_attr_or_input("axes", AxesIn::axes);
    if (!axes) {  // axes computed at run time: only the rank is known, when keepdims holds it
        if (ctx.attr_int("keepdims", 1)) ctx.out(0).reset_to(x->dtype, Dims(x->rank()));
        return;
    }
    if (axes->empty() && ctx.attr_int("noop_with_empty_axes", 0)) {
        ctx.out(0).reset_to(x->dtype, x->dims);
        return;
    }
    const auto dims = reduce_dims(x->dims, *axes, ctx.attr_int("keepdims", 1) != 0);
    if (!dims) { ctx.note("axis out of range"); return; }
    Value& y = ctx.out(0);
    y.reset_to(x->dtype, *dims);
    // Shape arithmetic reduces small integer vectors (the product of a shape's tail).
    const std::string_view op = ctx.node.op;
    if (x->data && !x->data->is_float && x->rank() == 1 && y.numel() == 1 && (op == "ReduceProd" || op == "ReduceSum" || op == "ReduceMax" || op == "ReduceMin")) {
        const auto& v = x->data->ints;
        if (v.empty()) return;
        int64_t r = v[0];
        for (size_t i = 1; i < v.size(); ++i) {
            if (op == "ReduceProd") r = checked_mul(r, v[i], "a folded ReduceProd");
            else if (op == "ReduceSum") r = checked_add(r, v[i], "a folded ReduceSum");
            else r = op == "ReduceMax" ? std::max(r, v[i]) : std::min(r, v[i]);
        }
        TensorValues result;
        result.ints.push_back(r);
        y.data = ctx.keep(std::move(result));
        y.baked = x->baked;
    } else if (x->data && x->data->is_float && x->rank() == 1 && y.numel() == 1 && (op == "ReduceMax" || op == "ReduceMin" || op == "ReduceSum")) {
        // Detection transforms take the max of float image sizes, then cast it into a shape.
        const auto& v = x->data->floats;
        if (v.empty()) return;
        double r = v[0];
        for (size_t i = 1; i < v.size(); ++i) r = op == "ReduceSum" ? r + v[i] : op == "ReduceMax" ? std::max(r, v[i]) : std::min(r, v[i]);
        TensorValues folded;
        folded.is_float = true;
        folded.floats = {r};
        y.data = ctx.keep(std::move(folded));
        y.baked = x->baked;
    }
}

void infer_arg_reduce(NodeContext& ctx) {
    const Value* x = ctx.ranked(0);
    if (!x) return;
    const auto dims = reduce_dims(x->dims, {ctx.attr_int("axis", 0)}, ctx.attr_int("keepdims", 1) != 0);
    if (!dims) { ctx.note("axis out of range"); return; }
    ctx.out(0).reset_to(DType::Int64, *dims);
}

namespace {

// TopK's output: x with `k` (-1: computed from tensor values) on the axis.
void topk_with(NodeContext& ctx, int64_t k) {
    const Value* x = ctx.ranked(0);
    if (!x) return;
    const auto axis = norm_axis(ctx.attr_int("axis", -1), static_cast<int64_t>(x->rank()));
    if (!axis) { ctx.note("axis out of range"); return; }
    Dims dims = x->dims;
    Dim& kept = dims[static_cast<size_t>(*axis)];
    // k computed from tensor values: at most the axis's length.
    kept = k >= 0 ? Dim::of(k) : ctx.data_dependent_size(kept.value);
    ctx.out(0).reset_to(x->dtype, dims);
    if (ctx.num_outputs() > 1) ctx.out(1).reset_to(DType::Int64, std::move(dims));
}

}  // namespace

// TopK-1: k is an attribute.
void infer_topk_attribute(NodeContext& ctx) { topk_with(ctx, ctx.attr_int("k", -1)); }

// TopK-10 on: k is input 1.
void infer_topk(NodeContext& ctx) {
    int64_t k = -1;
    if (const Value* k_input = ctx.in(TopKIn::K)) {
        const auto values = k_input->ints();
        if (values && values->size() == 1) k = values->front();
    }
    topk_with(ctx, k);
}

}  // namespace wattlayer
