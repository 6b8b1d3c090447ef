// Data-movement family: operators that rearrange, select or create tensors without arithmetic.
// Most of PyTorch's exported shape computations run through here (Shape, Gather, Concat, Slice,
// Unsqueeze, Reshape), so these rules also fold small known values.
#include <algorithm>
#include <numeric>

#include "core_math.hpp"
#include "shape/fold.hpp"
#include "shape/dim_math.hpp"
#include "shape/rules.hpp"

namespace wattlayer {
namespace {

// Values of a shape-carrying input, or nullopt (with the rank of the result unknown).
std::optional<Ints> input_ints(const NodeContext& ctx, size_t i) {
    const Value* v = ctx.in(i);
    return v ? v->ints() : std::nullopt;
}

// Length of a rank-1 shape input whose values are unknown, when its own shape says it.
std::optional<int64_t> input_length(const NodeContext& ctx, size_t i) {
    const Value* v = ctx.ranked(i);
    if (!v || v->rank() != 1 || !v->dims[0].known()) return std::nullopt;
    // The length becomes an output's rank: checked before a shape of that many axes is allocated.
    return static_cast<int64_t>(checked_rank(static_cast<size_t>(v->dims[0].value)));
}

bool any_batch(const Dims& dims) {
    return std::any_of(dims.begin(), dims.end(), [](const Dim& d) { return d.batch; });
}

int64_t product(const Dims& dims, size_t from, size_t to) {
    int64_t p = 1;
    for (size_t i = from; i < to; ++i) p = checked_mul(p, dims[i].value, "the element count of a shape");
    return p;
}

bool all_known(const Dims& dims, size_t from, size_t to) {
    for (size_t i = from; i < to; ++i)
        if (!dims[i].known()) return false;
    return true;
}

// Copies the values of an input through a pure relabelling (Reshape, Squeeze, Unsqueeze, ...).
void pass_values(Value& out, const Value& in) {
    if (!in.data) return;
    out.data = in.data;
    out.baked = in.baked;
}

// Strides of a row-major shape.
Ints strides_of(const Ints& shape) {
    Ints s(shape.size(), 1);
    for (size_t i = shape.size(); i-- > 1;) s[i - 1] = s[i] * shape[i];
    return s;
}

// Folds a data movement: the output element at each position (last axis fastest) is the input
// element at `source(position)`.
template <typename Source>
TensorValues gather_values(const TensorValues& in, const Ints& out_shape, Source source) {
    TensorValues out;
    out.is_float = in.is_float;
    Ints index(out_shape.size(), 0);
    int64_t count = 1;
    for (int64_t d : out_shape) count *= d;
    for (int64_t n = 0; n < count; ++n) {
        const auto src = static_cast<size_t>(source(index));
        if (out.is_float) out.floats.push_back(in.floats[src]);
        else out.ints.push_back(in.ints[src]);
        for (size_t a = index.size(); a-- > 0;) {
            if (++index[a] < out_shape[a]) break;
            index[a] = 0;
        }
    }
    return out;
}

// Batch rewrite of a Reshape target that the exporter baked at the exported batch size (the same
// values at both batches): the leading entry when it is the old batch, else the entry facing the
// input's batch-scaled axis, so that the batch does not end up in a -1 or a mismatched count.
// Returns the rewritten entry (-1 when none was needed) or nullopt when no rewrite fits.
std::optional<int64_t> rewrite_baked_target(Ints& target, const Value& x, int64_t in_count,
                                            const BatchRewrite& batch, const Ints* exported) {
    if (exported && *exported != target) return -1;  // computed from live shapes: already right
    if (!target.empty() && target[0] == batch.from && !x.dims.empty() && x.dims[0].batch) {
        target[0] = batch.to;
        return 0;
    }
    const bool has_free = std::find(target.begin(), target.end(), -1) != target.end();
    auto count = [&] {
        int64_t n = 1;
        for (size_t i = 0; i < target.size(); ++i) n = checked_mul(n, target[i] == 0 && i < x.rank() ? x.dims[i].value : target[i], "a Reshape target");
        return n;
    };
    if (!has_free && (in_count < 0 || count() == in_count)) return -1;
    for (size_t i = 0; i < std::min(target.size(), x.rank()); ++i) {
        if (!x.dims[i].batch || target[i] <= 0 || target[i] % batch.from != 0) continue;
        const int64_t saved = target[i];
        target[i] = checked_mul(target[i] / batch.from, batch.to, "a Reshape target");
        if (has_free || count() == in_count) return static_cast<int64_t>(i);
        target[i] = saved;
    }
    if (has_free) return -1;
    return std::nullopt;
}

}  // namespace

void infer_constant(NodeContext& ctx) {
    Value& y = ctx.out(0);
    for (const auto& a : ctx.node.attributes) {
        if ((a.name == "value" || a.name == "sparse_value") && !a.tensors.empty()) {
            assign_tensor(y, *a.tensors[0]);
        } else if (a.name == "value_int" || a.name == "value_ints") {
            const Ints ints = a.name == "value_int" ? Ints{a.i} : Ints(a.ints.begin(), a.ints.end());
            y = int_tensor(ints, a.name == "value_int" ? Dims{} : dims_of({static_cast<int64_t>(ints.size())}), ctx.kept);
        } else if (a.name == "value_float" || a.name == "value_floats") {
            TensorValues tv;
            tv.is_float = true;
            if (a.name == "value_float") tv.floats.push_back(a.f);
            else tv.floats.append(a.floats.begin(), a.floats.end());
            y.reset_to(DType::Float, a.name == "value_float" ? Dims{} : dims_of({static_cast<int64_t>(tv.floats.size())}));
            y.data = ctx.keep(std::move(tv));
        } else {
            continue;
        }
        y.baked = true;
        return;
    }
    ctx.note("Constant without a value");
}

void infer_shape(NodeContext& ctx) {
    const Value* x = ctx.ranked(0);
    if (!x) { ctx.out(0) = Value::unknown(DType::Int64); return; }
    const int64_t rank = static_cast<int64_t>(x->rank());
    int64_t start = ctx.attr_int("start", 0), end = ctx.attr_int("end", rank);  // opset 15
    if (start < 0) start += rank;
    if (end < 0) end += rank;
    start = std::clamp<int64_t>(start, 0, rank);
    end = std::clamp<int64_t>(end, start, rank);
    Value& y = ctx.out(0);
    y.reset_to(DType::Int64, {Dim::of(end - start)});
    TensorValues values;
    for (int64_t i = start; i < end; ++i) {
        if (!x->dims[static_cast<size_t>(i)].known()) return;
        values.ints.push_back(x->dims[static_cast<size_t>(i)].value);
    }
    y.data = ctx.keep(std::move(values));
}

void infer_size(NodeContext& ctx) {
    const Value* x = ctx.ranked(0);
    const int64_t n = x ? x->numel() : -1;
    const Ints count{n};
    ctx.out(0) = n >= 0 ? int_tensor(count, {}, ctx.kept) : Value::with_dims(DType::Int64, {});
}

void infer_reshape(NodeContext& ctx) {
    const Value* x = ctx.ranked(0);
    auto target = input_ints(ctx, ReshapeIn::shape);
    if (!ctx.in(ReshapeIn::shape)) target = ctx.attr_ints("shape");  // opset < 5
    if (!target) {
        if (auto len = input_length(ctx, ReshapeIn::shape)) ctx.out(0).reset_to(x ? x->dtype : DType::Undefined, Dims(static_cast<size_t>(*len)));
        return;
    }
    if (!x) return;
    const int64_t in_count = x->numel();
    int64_t batch_entry = -1;
    if (ctx.batch.active && ctx.in(ReshapeIn::shape)) {
        const auto rewritten = rewrite_baked_target(*target, *x, in_count, ctx.batch, ctx.exported_shape_input);
        if (!rewritten) {
            ctx.batch_unrewritten = true;
            ctx.note("the batch size is baked into the Reshape target and could not be rewritten");
            return;
        }
        batch_entry = *rewritten;
    }
    const bool allow_zero = ctx.attr_int("allowzero", 0) != 0;
    Dims dims;
    int64_t known_product = 1;
    int infer_at = -1;
    bool all_out_known = true;
    for (size_t i = 0; i < target->size(); ++i) {
        const int64_t t = (*target)[i];
        if (t == -1) {
            if (infer_at >= 0) { ctx.note("more than one -1 in the Reshape target"); return; }
            infer_at = static_cast<int>(i);
            dims.emplace_back();
            continue;
        }
        if (t < -1) { ctx.note("negative Reshape target"); return; }
        Dim d = Dim::of(t);
        if (t == 0 && !allow_zero) {
            if (i >= x->rank()) { ctx.note("Reshape copies a dimension the input does not have"); return; }
            d = x->dims[i];
        } else if (static_cast<int64_t>(i) == batch_entry || (i == 0 && t == ctx.batch.to && any_batch(x->dims)) ||
                   (ctx.exported_shape_input && i < ctx.exported_shape_input->size() && (*ctx.exported_shape_input)[i] != t)) {
            d.batch = true;
        }
        if (d.known()) known_product = checked_mul(known_product, d.value, "a Reshape target");
        else all_out_known = false;
        dims.push_back(d);
    }
    if (infer_at >= 0) {
        if (in_count >= 0 && all_out_known) {
            if (known_product == 0 || in_count % known_product != 0) {
                ctx.note("cannot reshape " + ctx.dims_text(x->dims) + " to " + ctx.dims_text(dims));
                return;
            }
            dims[static_cast<size_t>(infer_at)] = Dim::of(in_count / known_product);
            const bool tagged = any_batch(x->dims) && !any_batch(dims);
            dims[static_cast<size_t>(infer_at)].batch = tagged;
        }
    } else if (in_count >= 0 && all_out_known && known_product != in_count) {
        if (ctx.batch.active) ctx.batch_unrewritten = true;
        ctx.note("cannot reshape " + ctx.dims_text(x->dims) + " to " + ctx.dims_text(dims));
        return;
    }
    Value& y = ctx.out(0);
    y.reset_to(x->dtype, std::move(dims));
    pass_values(y, *x);
}

void infer_flatten(NodeContext& ctx) {
    const Value* x = ctx.ranked(0);
    if (!x) return;
    const int64_t rank = static_cast<int64_t>(x->rank());
    int64_t axis = ctx.attr_int("axis", 1);
    if (axis < 0) axis += rank;
    if (axis < 0 || axis > rank) { ctx.note("axis out of range"); return; }
    const size_t a = static_cast<size_t>(axis);
    Dim outer = all_known(x->dims, 0, a) ? Dim::of(product(x->dims, 0, a), a > 0 && x->dims[0].batch) : Dim{};
    if (a == 1) outer = x->dims[0];
    const Dim inner = all_known(x->dims, a, x->rank()) ? Dim::of(product(x->dims, a, x->rank())) : Dim{};
    Value& y = ctx.out(0);
    y.reset_to(x->dtype, {outer, inner});
    pass_values(y, *x);
}

void infer_transpose(NodeContext& ctx) {
    const Value* x = ctx.ranked(0);
    if (!x) return;
    Ints perm = ctx.attr_ints("perm");
    if (perm.empty())
        for (size_t i = x->rank(); i-- > 0;) perm.push_back(static_cast<int64_t>(i));
    if (perm.size() != x->rank()) { ctx.note("perm has the wrong length"); return; }
    Dims dims;
    SmallVector<bool, 8> seen(perm.size(), false);
    for (int64_t p : perm) {
        if (p < 0 || p >= static_cast<int64_t>(x->rank()) || seen[static_cast<size_t>(p)]) { ctx.note("perm is not a permutation"); return; }
        seen[static_cast<size_t>(p)] = true;
        dims.push_back(x->dims[static_cast<size_t>(p)]);
    }
    Value& y = ctx.out(0);
    y.reset_to(x->dtype, std::move(dims));
    // PyTorch's exported Pad reorders its pads with Reshape, Slice and Transpose: fold small ones.
    const int64_t count = y.numel();
    if (!x->data || !foldable_size(count) || static_cast<int64_t>(x->data->size()) != count) return;
    const auto in_strides = strides_of(*known_dims(*x));
    y.data = ctx.keep(gather_values(*x->data, *known_dims(y), [&](const Ints& index) {
        int64_t src = 0;
        for (size_t a = 0; a < index.size(); ++a) src += index[a] * in_strides[static_cast<size_t>(perm[a])];
        return src;
    }));
    y.baked = x->baked;
}

void infer_squeeze(NodeContext& ctx) {
    const Value* x = ctx.ranked(0);
    if (!x) return;
    const auto axes = ctx.ints_from_attr_or_input("axes", AxesIn::axes);
    if (!axes) return;
    const int64_t rank = static_cast<int64_t>(x->rank());
    SmallVector<bool, 8> drop(x->rank(), false);
    if (axes->empty()) {
        for (size_t i = 0; i < x->rank(); ++i) {
            if (!x->dims[i].known()) { ctx.note("cannot tell which unknown dimensions are 1"); return; }
            drop[i] = x->dims[i].value == 1;
        }
    }
    for (int64_t a : *axes) {
        const auto axis = norm_axis(a, rank);
        if (!axis) { ctx.note("axis out of range"); return; }
        drop[static_cast<size_t>(*axis)] = true;
    }
    Dims dims;
    for (size_t i = 0; i < x->rank(); ++i)
        if (!drop[i]) dims.push_back(x->dims[i]);
    Value& y = ctx.out(0);
    y.reset_to(x->dtype, std::move(dims));
    pass_values(y, *x);
}

void infer_unsqueeze(NodeContext& ctx) {
    const Value* x = ctx.ranked(0);
    if (!x) return;
    const auto axes = ctx.ints_from_attr_or_input("axes", AxesIn::axes);
    if (!axes) return;
    const int64_t out_rank = static_cast<int64_t>(x->rank() + axes->size());
    SmallVector<bool, 8> inserted(static_cast<size_t>(out_rank), false);
    for (int64_t a : *axes) {
        const auto axis = norm_axis(a, out_rank);
        if (!axis || inserted[static_cast<size_t>(*axis)]) { ctx.note("invalid axes"); return; }
        inserted[static_cast<size_t>(*axis)] = true;
    }
    Dims dims;
    size_t next = 0;
    for (size_t i = 0; i < inserted.size(); ++i) dims.push_back(inserted[i] ? Dim::of(1) : x->dims[next++]);
    Value& y = ctx.out(0);
    y.reset_to(x->dtype, std::move(dims));
    pass_values(y, *x);
}

namespace {

// Concatenates the values of inputs first, first + stride, ... (omitted ones skipped), along the
// `axis` attribute; folds their values when all are known.
void concat_inputs(NodeContext& ctx, size_t first, size_t stride) {
    SmallVector<const Value*, 8> parts;
    for (size_t i = first; i < ctx.num_inputs(); i += stride) {
        if (!ctx.in(i)) continue;
        if (!ctx.in(i)->has_rank) return;
        parts.push_back(ctx.in(i));
    }
    if (parts.empty()) return;
    const size_t rank = parts[0]->rank();
    const auto axis = norm_axis(ctx.attr_int("axis", 0), static_cast<int64_t>(rank));
    if (!axis) { ctx.note("axis out of range"); return; }
    Dims dims = parts[0]->dims;
    int64_t along = 0;
    bool along_known = true, baked = true, have_data = true;
    for (const Value* p : parts) {
        if (p->rank() != rank) { ctx.note("inputs of different ranks"); return; }
        baked = baked && p->baked;
        have_data = have_data && p->data && static_cast<int64_t>(p->data->size()) == p->numel();
        for (size_t i = 0; i < rank; ++i) {
            const Dim& d = p->dims[i];
            if (i == static_cast<size_t>(*axis)) {
                if (d.known()) along = checked_add(along, d.value, "a Concat's length");
                else along_known = false;
                continue;
            }
            Dim& o = dims[i];
            if (!o.known() && d.known()) { o = d; continue; }
            if (!o.known() || !d.known() || o.value == d.value) { o.batch = o.batch || d.batch; continue; }
            // A part baked at the exported batch size (an expanded class token) next to the
            // rewritten batch: the batch rewrite carries through and the layer is noted.
            if (ctx.batch.active && ((o.batch && d.value == ctx.batch.from) || (d.batch && o.value == ctx.batch.from))) {
                o = o.batch ? o : d;
                ctx.note("a part of the Concat keeps the exported batch size " + std::to_string(ctx.batch.from));
                ctx.batch_baked = true;
                continue;
            }
            ctx.note("inputs disagree on dimension " + std::to_string(i));
            return;
        }
    }
    dims[static_cast<size_t>(*axis)] = along_known ? Dim::of(along) : Dim{};
    Value& y = ctx.out(0);
    y.reset_to(parts[0]->dtype, std::move(dims));
    const int64_t count = y.numel();
    if (!have_data || !foldable_size(count)) return;
    // Row-major concatenation: for each outer index, each part contributes a contiguous block.
    const auto shape = *known_dims(y);
    const int64_t outer = std::accumulate(shape.begin(), shape.begin() + *axis, int64_t{1}, std::multiplies<>());
    const int64_t inner = std::accumulate(shape.begin() + *axis + 1, shape.end(), int64_t{1}, std::multiplies<>());
    TensorValues out;
    out.is_float = dtype_is_float(y.dtype);
    (out.is_float ? out.floats.reserve(static_cast<size_t>(count)) : out.ints.reserve(static_cast<size_t>(count)));
    // Each part's values in the output's representation; copied only where that differs.
    std::vector<TensorValues> converted;  // rarely needed: reserved (so that `sources` stays valid) when it is
    SmallVector<const TensorValues*, 8> sources;
    for (const Value* p : parts) {
        if (conversion_keeps_values(*p->data, y.dtype)) {
            sources.push_back(&*p->data);
            continue;
        }
        if (converted.empty()) converted.reserve(parts.size());
        sources.push_back(&converted.emplace_back(convert_values(*p->data, y.dtype)));
    }
    for (int64_t o = 0; o < outer; ++o)
        for (size_t part = 0; part < parts.size(); ++part) {
            const Value* p = parts[part];
            const TensorValues& pv = *sources[part];
            const int64_t block = p->dims[static_cast<size_t>(*axis)].value * inner;
            for (int64_t k = 0; k < block; ++k) {
                if (out.is_float) out.floats.push_back(pv.floats[static_cast<size_t>(o * block + k)]);
                else out.ints.push_back(pv.ints[static_cast<size_t>(o * block + k)]);
            }
        }
    y.data = ctx.keep(std::move(out));
    y.baked = baked;
}

}  // namespace

void infer_concat(NodeContext& ctx) { concat_inputs(ctx, 0, 1); }

// QLinearConcat (com.microsoft): Y's scale and zero point, then (X, scale, zero point) per part.
void infer_qlinear_concat(NodeContext& ctx) { concat_inputs(ctx, 2, 3); }

void infer_split(NodeContext& ctx) {
    const Value* x = ctx.ranked(0);
    if (!x) return;
    const auto axis = norm_axis(ctx.attr_int("axis", 0), static_cast<int64_t>(x->rank()));
    if (!axis) { ctx.note("axis out of range"); return; }
    const size_t n = ctx.num_outputs();
    const Dim& d = x->dims[static_cast<size_t>(*axis)];
    Dims sizes;
    auto split = ctx.ints_from_attr_or_input("split", SplitIn::split);
    if (!split) return;
    if (!split->empty()) {
        if (split->size() != n) { ctx.note("split sizes do not match the outputs"); return; }
        for (int64_t s : *split) sizes.push_back(s >= 0 ? Dim::of(s) : Dim{});
    } else if (d.known()) {
        const int64_t chunk = (d.value + static_cast<int64_t>(n) - 1) / static_cast<int64_t>(n);  // opset 18: last is smaller
        for (size_t i = 0; i < n; ++i) sizes.push_back(Dim::of(std::min(chunk, std::max<int64_t>(0, d.value - chunk * static_cast<int64_t>(i)))));
    } else {
        sizes.assign(n, Dim{});
    }
    int64_t offset = 0;
    for (size_t i = 0; i < n; ++i) {
        Dims dims = x->dims;
        dims[static_cast<size_t>(*axis)] = sizes[i];
        Value& y = ctx.out(i);
        y.reset_to(x->dtype, std::move(dims));
        if (x->data && x->rank() == 1 && sizes[i].known()) {  // splitting a shape vector
            const auto vals = convert_values(*x->data, DType::Int64).ints;
            if (offset + sizes[i].value <= static_cast<int64_t>(vals.size())) {
                TensorValues piece;
                piece.ints.append(vals.begin() + offset, vals.begin() + offset + sizes[i].value);
                y.data = ctx.keep(convert_values(piece, x->dtype));
            }
            y.baked = x->baked;
        }
        if (sizes[i].known()) offset += sizes[i].value;
    }
}

namespace {

// Slice with its bounds (nullopt: not known from the graph).
void slice_with(NodeContext& ctx, std::optional<Ints> starts, std::optional<Ints> ends, std::optional<Ints> axes, std::optional<Ints> steps) {
    const Value* x = ctx.ranked(0);
    if (!x) return;
    const int64_t rank = static_cast<int64_t>(x->rank());
    Dims dims = x->dims;
    if (!starts || !ends || !axes || !steps) {
        // Unknown bounds: the sliced axes are unknown; which ones, only when axes are known.
        if (axes && !axes->empty()) {
            for (int64_t a : *axes)
                if (auto ax = norm_axis(a, rank)) dims[static_cast<size_t>(*ax)] = Dim{};
        } else {
            for (auto& d : dims) d = Dim{};
        }
        ctx.out(0).reset_to(x->dtype, std::move(dims));
        return;
    }
    if (axes->empty())
        for (size_t i = 0; i < starts->size(); ++i) axes->push_back(static_cast<int64_t>(i));
    if (steps->empty()) steps->assign(starts->size(), 1);
    if (ends->size() != starts->size() || axes->size() != starts->size() || steps->size() != starts->size()) {
        ctx.note("starts, ends, axes and steps differ in length");
        return;
    }
    Ints first(x->rank(), 0), step(x->rank(), 1);
    for (size_t k = 0; k < starts->size(); ++k) {
        const auto axis = norm_axis((*axes)[k], rank);
        if (!axis) { ctx.note("axis out of range"); return; }
        const size_t a = static_cast<size_t>(*axis);
        const int64_t s = (*steps)[k];
        if (s == 0) { ctx.note("zero step"); return; }
        if (!x->dims[a].known()) { dims[a] = Dim{}; continue; }
        const int64_t n = x->dims[a].value;
        if (n == 0) {  // nothing to slice, whatever the bounds
            dims[a] = Dim::of(0);
            step[a] = s;
            continue;
        }
        // Clamp as the ONNX spec does; ends such as INT64_MAX mean "to the end".
        int64_t b = (*starts)[k], e = (*ends)[k];
        if (b < 0) b += n;
        if (e < 0) e += n;
        if (s > 0) {
            b = std::clamp<int64_t>(b, 0, n);
            e = std::clamp<int64_t>(e, 0, n);
        } else {
            b = std::clamp<int64_t>(b, 0, n - 1);
            e = std::clamp<int64_t>(e, -1, n - 1);
        }
        // ceil(span / |step|) in unsigned arithmetic: a step may be as large as the int64 range.
        const uint64_t span = s > 0 ? (e > b ? static_cast<uint64_t>(e - b) : 0) : (b > e ? static_cast<uint64_t>(b - e) : 0);
        const uint64_t stride = s > 0 ? static_cast<uint64_t>(s) : 0 - static_cast<uint64_t>(s);
        const auto len = static_cast<int64_t>(span / stride + (span % stride != 0));
        const bool keeps_batch = x->dims[a].batch && len == n;
        dims[a] = Dim::of(len, keeps_batch);
        first[a] = b;
        step[a] = s;
    }
    Value& y = ctx.out(0);
    y.reset_to(x->dtype, std::move(dims));
    const int64_t count = y.numel();
    if (!x->data || !foldable_size(count) || static_cast<int64_t>(x->data->size()) != x->numel()) return;
    const auto in_strides = strides_of(*known_dims(*x));
    y.data = ctx.keep(gather_values(*x->data, *known_dims(y), [&](const Ints& index) {
        int64_t src = 0;
        for (size_t a = 0; a < index.size(); ++a) src += (first[a] + index[a] * step[a]) * in_strides[a];
        return src;
    }));
    y.baked = x->baked;
}

}  // namespace

// Slice-1: bounds in attributes.
void infer_slice_attributes(NodeContext& ctx) {
    slice_with(ctx, ctx.attr_ints("starts"), ctx.attr_ints("ends"), ctx.attr_ints("axes"), Ints{});
}

// Slice-10 on: bounds in inputs 1-4.
void infer_slice(NodeContext& ctx) {
    slice_with(ctx, input_ints(ctx, SliceIn::starts), input_ints(ctx, SliceIn::ends),
               ctx.in(SliceIn::axes) ? input_ints(ctx, SliceIn::axes) : Ints{}, ctx.in(SliceIn::steps) ? input_ints(ctx, SliceIn::steps) : Ints{});
}

void infer_gather(NodeContext& ctx) {
    const Value* x = ctx.ranked(0);
    const Value* idx = ctx.ranked(GatherIn::indices);
    if (!x || !idx) return;
    const auto axis = norm_axis(ctx.attr_int("axis", 0), static_cast<int64_t>(x->rank()));
    if (!axis) { ctx.note("axis out of range"); return; }
    const size_t a = static_cast<size_t>(*axis);
    Dims dims(x->dims.begin(), x->dims.begin() + static_cast<long>(a));
    dims.insert(dims.end(), idx->dims.begin(), idx->dims.end());
    dims.insert(dims.end(), x->dims.begin() + static_cast<long>(a) + 1, x->dims.end());
    Value& y = ctx.out(0);
    y.reset_to(x->dtype, std::move(dims));
    const auto indices = idx->ints();
    const int64_t count = y.numel();
    if (!x->data || !indices || !foldable_size(count) || !x->shape_known() ||
        static_cast<int64_t>(x->data->size()) != x->numel())
        return;
    const auto shape = *known_dims(*x);
    const int64_t outer = std::accumulate(shape.begin(), shape.begin() + static_cast<long>(a), int64_t{1}, std::multiplies<>());
    const int64_t inner = std::accumulate(shape.begin() + static_cast<long>(a) + 1, shape.end(), int64_t{1}, std::multiplies<>());
    const int64_t n = shape[a];
    TensorValues out;
    out.is_float = x->data->is_float;
    for (int64_t o = 0; o < outer; ++o)
        for (int64_t i : *indices) {
            if (i < 0) i += n;
            if (i < 0 || i >= n) { ctx.note("index out of range"); return; }
            for (int64_t k = 0; k < inner; ++k) {
                const size_t src = static_cast<size_t>((o * n + i) * inner + k);
                if (out.is_float) out.floats.push_back(x->data->floats[src]);
                else out.ints.push_back(x->data->ints[src]);
            }
        }
    y.data = ctx.keep(std::move(out));
    y.baked = x->baked && idx->baked;
}

void infer_gather_elements(NodeContext& ctx) {
    const Value* x = ctx.ranked(0);
    const Value* idx = ctx.ranked(GatherIn::indices);
    if (!x || !idx) return;
    ctx.out(0).reset_to(x->dtype, idx->dims);
}

void infer_gather_nd(NodeContext& ctx) {
    const Value* x = ctx.ranked(0);
    const Value* idx = ctx.ranked(GatherIn::indices);
    if (!x || !idx || idx->rank() == 0) return;
    const Dim& last = idx->dims.back();
    const size_t batch_dims = static_cast<size_t>(std::max<int64_t>(0, ctx.attr_int("batch_dims", 0)));
    if (!last.known() || batch_dims + static_cast<size_t>(last.value) > x->rank()) return;
    Dims dims(idx->dims.begin(), idx->dims.end() - 1);
    dims.insert(dims.end(), x->dims.begin() + static_cast<long>(batch_dims + static_cast<size_t>(last.value)), x->dims.end());
    ctx.out(0).reset_to(x->dtype, std::move(dims));
}

void infer_expand(NodeContext& ctx) {
    const Value* x = ctx.ranked(0);
    const auto target = input_ints(ctx, ExpandIn::shape);
    if (!x) return;
    if (!target) {
        if (auto len = input_length(ctx, ExpandIn::shape)) ctx.out(0).reset_to(x->dtype, Dims(std::max<size_t>(static_cast<size_t>(*len), x->rank())));
        return;
    }
    auto dims = broadcast_dims(x->dims, dims_of(*target));
    if (!dims && ctx.batch.active && target->size() == x->rank()) {
        // A constant baked at the exported batch (an RNN's initial state) expanded to the live
        // batch: every disagreeing axis must differ by exactly the batch ratio.
        Dims scaled = x->dims;
        bool fits = true;
        for (size_t i = 0; i < scaled.size() && fits; ++i) {
            if (!scaled[i].known() || scaled[i].value == (*target)[i] || (*target)[i] == 1) continue;
            int64_t lhs = 0, rhs = 0;  // a target read from the file may be any int64
            fits = !__builtin_mul_overflow(scaled[i].value, ctx.batch.to, &lhs) && !__builtin_mul_overflow((*target)[i], ctx.batch.from, &rhs) && lhs == rhs;
            scaled[i] = Dim::of((*target)[i], true);
        }
        if (fits) {
            dims = scaled;
            ctx.note("a constant keeps the exported batch size " + std::to_string(ctx.batch.from) + "; expanded to the batch");
            ctx.batch_baked = true;
        }
    }
    if (!dims) { ctx.note("cannot expand " + ctx.dims_text(x->dims) + " to " + ctx.dims_text(dims_of(*target))); return; }
    Value& y = ctx.out(0);
    y.reset_to(x->dtype, *dims);
    if (const auto shape = known_dims(y)) {
        y.data = fold_elementwise("Expand", {&x, 1}, *shape, x->dtype, 0, ctx.kept);
        y.baked = y.data && x->baked;
    }
}

void infer_tile(NodeContext& ctx) {
    const Value* x = ctx.ranked(0);
    const auto repeats = input_ints(ctx, TileIn::repeats);
    if (!x) return;
    if (!repeats || repeats->size() != x->rank()) {
        ctx.out(0).reset_to(x->dtype, Dims(x->rank()));
        return;
    }
    Dims dims = x->dims;
    for (size_t i = 0; i < dims.size(); ++i)
        dims[i] = dims[i].known() && (*repeats)[i] >= 0 ? Dim::of(checked_mul(dims[i].value, (*repeats)[i], "a Tile size"), dims[i].batch && (*repeats)[i] == 1) : Dim{};
    ctx.out(0).reset_to(x->dtype, std::move(dims));
}

void infer_pad(NodeContext& ctx) {
    const Value* x = ctx.ranked(0);
    if (!x) return;
    const auto pads = ctx.ints_from_attr_or_input("pads", PadIn::pads);
    const int64_t rank = static_cast<int64_t>(x->rank());
    Dims dims = x->dims;
    if (!pads) {
        for (auto& d : dims) d = Dim{};
        ctx.out(0).reset_to(x->dtype, std::move(dims));
        return;
    }
    Ints axes;
    if (const auto given = input_ints(ctx, PadIn::axes)) axes = *given;  // opset 18
    else for (int64_t i = 0; i < rank; ++i) axes.push_back(i);
    if (pads->size() != 2 * axes.size()) { ctx.note("pads has the wrong length"); return; }
    for (size_t k = 0; k < axes.size(); ++k) {
        const auto axis = norm_axis(axes[k], rank);
        if (!axis) { ctx.note("axis out of range"); return; }
        Dim& d = dims[static_cast<size_t>(*axis)];
        const int64_t extra = checked_add((*pads)[k], (*pads)[k + axes.size()], "a padded dimension");
        if (d.known()) d = Dim::of(checked_add(d.value, extra, "a padded dimension"), d.batch && extra == 0);
        if (d.known() && d.value < 0) { ctx.note("pads make a dimension negative"); return; }
    }
    ctx.out(0).reset_to(x->dtype, std::move(dims));
}

namespace {

// `legacy`: Resize-10 and Upsample, whose inputs are X and scales; from Resize-11 on, X, roi,
// scales and sizes.
void resize_with(NodeContext& ctx, bool legacy) {
    const Value* x = ctx.ranked(0);
    if (!x) return;
    const Value* scales_in = ctx.in(legacy ? size_t{UpsampleIn::scales} : size_t{ResizeIn::scales});
    const Value* sizes_in = legacy ? nullptr : ctx.in(ResizeIn::sizes);
    Ints axes = ctx.attr_ints("axes");  // opset 18
    if (axes.empty())
        for (size_t i = 0; i < x->rank(); ++i) axes.push_back(static_cast<int64_t>(i));
    Dims dims = x->dims;
    auto unknown_axes = [&] {
        for (int64_t a : axes)
            if (a >= 0 && a < static_cast<int64_t>(dims.size())) dims[static_cast<size_t>(a)] = Dim{};
        ctx.out(0).reset_to(x->dtype, dims);
    };
    if (sizes_in && sizes_in->shape_known() && sizes_in->numel() > 0) {
        auto sizes = sizes_in->ints();
        if (!sizes) return unknown_axes();
        if (sizes->size() != axes.size()) { ctx.note("sizes has the wrong length"); return; }
        if (ctx.batch.active && !sizes->empty() && (*sizes)[0] == ctx.batch.from && axes[0] == 0 && !dims.empty() && dims[0].batch)
            (*sizes)[0] = ctx.batch.to;
        for (size_t k = 0; k < axes.size(); ++k) {
            const auto axis = norm_axis(axes[k], static_cast<int64_t>(dims.size()));
            if (!axis || (*sizes)[k] < 0) { ctx.note("invalid sizes"); return; }
            axes[k] = *axis;
        }
        // Opset 18: keep the aspect ratio, with one scale for every axis, the smallest (not_larger)
        // or the largest (not_smaller) of sizes / input, and each size round(scale x input).
        const std::string_view policy = ctx.attr_string("keep_aspect_ratio_policy", "stretch");
        if (policy == "not_larger" || policy == "not_smaller") {
            double scale = policy == "not_larger" ? 1e300 : 0;
            for (size_t k = 0; k < axes.size(); ++k) {
                const Dim& d = dims[static_cast<size_t>(axes[k])];
                if (!d.known() || d.value == 0) return unknown_axes();
                const double ratio = static_cast<double>((*sizes)[k]) / static_cast<double>(d.value);
                scale = policy == "not_larger" ? std::min(scale, ratio) : std::max(scale, ratio);
            }
            for (size_t k = 0; k < axes.size(); ++k) {
                const double resized = std::floor(scale * static_cast<double>(dims[static_cast<size_t>(axes[k])].value) + 0.5);
                if (!fits_int64(resized)) { ctx.note("the resized dimension overflows"); return; }
                (*sizes)[k] = static_cast<int64_t>(resized);
            }
        }
        for (size_t k = 0; k < axes.size(); ++k) {
            const Dim before = dims[static_cast<size_t>(axes[k])];
            dims[static_cast<size_t>(axes[k])] = Dim::of((*sizes)[k], before.batch && before.value == (*sizes)[k]);
        }
    } else if (scales_in && scales_in->data) {
        const auto& sv = *scales_in->data;
        if (sv.size() != axes.size()) { ctx.note("scales has the wrong length"); return; }
        for (size_t k = 0; k < axes.size(); ++k) {
            const auto axis = norm_axis(axes[k], static_cast<int64_t>(dims.size()));
            if (!axis) { ctx.note("axis out of range"); return; }
            Dim& d = dims[static_cast<size_t>(*axis)];
            const double scale = as_double(sv, k);
            if (!(scale > 0 && scale < 1e6)) { ctx.note("invalid scale"); return; }
            const double resized = std::floor(static_cast<double>(d.value) * scale);
            if (d.known() && !fits_int64(resized)) { ctx.note("the resized dimension overflows"); return; }
            if (d.known()) d = Dim::of(static_cast<int64_t>(resized), d.batch && scale == 1.0);
        }
    } else {
        return unknown_axes();
    }
    ctx.out(0).reset_to(x->dtype, std::move(dims));
}

}  // namespace

void infer_resize(NodeContext& ctx) { resize_with(ctx, false); }
void infer_resize_scales_input(NodeContext& ctx) { resize_with(ctx, true); }

void infer_depth_to_space(NodeContext& ctx) {
    const Value* x = ctx.ranked(0);
    const int64_t b = ctx.attr_int("blocksize", 1);
    if (!x || x->rank() != 4 || b < 1) return;
    Dims d = x->dims;
    d[1] = d[1].known() ? Dim::of(d[1].value / (b * b)) : Dim{};
    d[2] = d[2].known() ? Dim::of(d[2].value * b) : Dim{};
    d[3] = d[3].known() ? Dim::of(d[3].value * b) : Dim{};
    ctx.out(0).reset_to(x->dtype, std::move(d));
}

void infer_space_to_depth(NodeContext& ctx) {
    const Value* x = ctx.ranked(0);
    const int64_t b = ctx.attr_int("blocksize", 1);
    if (!x || x->rank() != 4 || b < 1) return;
    Dims d = x->dims;
    d[1] = times(times(d[1], b), b);
    d[2] = d[2].known() ? Dim::of(d[2].value / b) : Dim{};
    d[3] = d[3].known() ? Dim::of(d[3].value / b) : Dim{};
    ctx.out(0).reset_to(x->dtype, std::move(d));
}

void infer_constant_of_shape(NodeContext& ctx) {
    DType dtype = DType::Float;
    TensorValues fill;
    fill.is_float = true;
    fill.floats = {0.0};
    if (const Attribute* a = ctx.attr("value"); a && !a->tensors.empty()) {
        const Tensor& value = *a->tensors[0];
        dtype = value.dtype;
        if (value.values && value.values->size() == 1) fill = *value.values;
    }
    const auto shape = input_ints(ctx, ConstantOfShapeIn::input);
    if (!shape) {
        if (auto len = input_length(ctx, ConstantOfShapeIn::input)) ctx.out(0).reset_to(dtype, Dims(static_cast<size_t>(*len)));
        return;
    }
    for (int64_t d : *shape)
        if (d < 0) { ctx.note("negative shape"); return; }
    Value& y = ctx.out(0);
    y.reset_to(dtype, dims_of(*shape));
    const int64_t count = y.numel();
    if (!foldable_size(count)) return;
    TensorValues values = convert_values(fill, dtype);
    // The fill value is copied first: assign() may free the storage it would be read from.
    if (values.is_float) {
        const double fill_value = values.floats[0];
        values.floats.assign(static_cast<size_t>(count), fill_value);
    } else {
        const int64_t fill_value = values.ints[0];
        values.ints.assign(static_cast<size_t>(count), fill_value);
    }
    y.data = ctx.keep(std::move(values));
    y.baked = ctx.in(ConstantOfShapeIn::input)->baked;
}

void infer_range(NodeContext& ctx) {
    const Value* start = ctx.ranked(0);
    const DType dtype = start ? start->dtype : DType::Int64;
    ctx.out(0).reset_to(dtype, {Dim{}});
    for (size_t i = 0; i < 3; ++i)
        if (!ctx.in(i) || !ctx.in(i)->data || ctx.in(i)->data->size() != 1) return;
    const double s = as_double(*ctx.in(RangeIn::start)->data, 0), l = as_double(*ctx.in(RangeIn::limit)->data, 0),
                 d = as_double(*ctx.in(RangeIn::delta)->data, 0);
    if (d == 0 || !std::isfinite(s) || !std::isfinite(l) || !std::isfinite(d)) { ctx.note("invalid Range"); return; }
    const double n = std::max(std::ceil((l - s) / d), 0.0);
    if (n > 9e18) { ctx.note("Range is too long"); return; }
    Value& y = ctx.out(0);
    y.reset_to(dtype, {Dim::of(static_cast<int64_t>(n))});
    if (!foldable_size(static_cast<int64_t>(n))) return;
    TensorValues v;
    v.is_float = dtype_is_float(dtype);
    for (int64_t i = 0; i < static_cast<int64_t>(n); ++i) {
        if (v.is_float) v.floats.push_back(s + static_cast<double>(i) * d);
        else v.ints.push_back(static_cast<int64_t>(static_cast<uint64_t>(to_int64(s)) + static_cast<uint64_t>(i) * static_cast<uint64_t>(to_int64(d))));
    }
    y.data = ctx.keep(std::move(v));
    y.baked = ctx.in(RangeIn::start)->baked && ctx.in(RangeIn::limit)->baked && ctx.in(RangeIn::delta)->baked;
}

void infer_one_hot(NodeContext& ctx) {
    const Value* idx = ctx.ranked(OneHotIn::indices);
    const Value* values = ctx.ranked(OneHotIn::values);
    if (!idx) return;
    const int64_t out_rank = static_cast<int64_t>(idx->rank()) + 1;
    const auto axis = norm_axis(ctx.attr_int("axis", -1), out_rank);
    if (!axis) { ctx.note("axis out of range"); return; }
    const auto depth = input_ints(ctx, OneHotIn::depth);
    Dims dims = idx->dims;
    dims.insert(dims.begin() + *axis, depth && depth->size() == 1 && (*depth)[0] >= 0 ? Dim::of((*depth)[0]) : Dim{});
    ctx.out(0).reset_to(values ? values->dtype : DType::Float, std::move(dims));
}

void infer_col2im(NodeContext& ctx) {
    const Value* x = ctx.ranked(0);
    const auto image = input_ints(ctx, Col2ImIn::image_shape);
    const auto block = input_ints(ctx, Col2ImIn::block_shape);
    if (!x || x->rank() != 3 || !image || !block || image->size() != block->size()) return;
    int64_t block_size = 1;
    for (int64_t b : *block) {
        if (b <= 0) { ctx.note("invalid block shape"); return; }
        block_size = checked_mul(block_size, b, "the Col2Im block");
    }
    Dims dims{x->dims[0], x->dims[1].known() ? Dim::of(x->dims[1].value / block_size) : Dim{}};
    for (int64_t s : *image) dims.push_back(s >= 0 ? Dim::of(s) : Dim{});
    ctx.out(0).reset_to(x->dtype, std::move(dims));
}

}  // namespace wattlayer
