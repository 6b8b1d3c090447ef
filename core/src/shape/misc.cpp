// Recurrent layers, detection heads, control flow and attention: operators whose shapes follow
// their own conventions, or depend on tensor contents.
#include <algorithm>
#include <set>
#include <vector>

#include "core_math.hpp"
#include "shape/dim_math.hpp"
#include "shape/fold.hpp"
#include "shape/rules.hpp"

namespace wattlayer {

void infer_rnn(NodeContext& ctx) {
    const Value* x = ctx.ranked(RnnIn::X);
    const Value* w = ctx.ranked(RnnIn::W);
    if (!x || x->rank() != 3) return;
    const bool batch_first = ctx.attr_int("layout", 0) == 1;
    const Dim seq = x->dims[batch_first ? 1 : 0];
    const Dim batch = x->dims[batch_first ? 0 : 1];
    const std::string_view direction = ctx.attr_string("direction", "forward");
    const Dim dirs = Dim::of(direction == "bidirectional" ? 2 : 1);
    Dim hidden = Dim::of(ctx.attr_int("hidden_size", -1));
    if (!hidden.known() && w && w->rank() == 3 && w->dims[1].known()) {
        const int64_t gates = ctx.node.op == "LSTM" ? 4 : ctx.node.op == "GRU" ? 3 : 1;
        hidden = Dim::of(w->dims[1].value / gates);
    }
    const Dims y = batch_first ? Dims{batch, seq, dirs, hidden} : Dims{seq, dirs, batch, hidden};
    const Dims state = batch_first ? Dims{batch, dirs, hidden} : Dims{dirs, batch, hidden};
    for (size_t i = 0; i < ctx.num_outputs(); ++i) ctx.out(i).reset_to(x->dtype, i == 0 ? y : state);
}

namespace {

// The values of `v` when they are known and match its fully known shape.
const TensorValues* known_values(const Value* v) {
    if (!v || !v->data || !v->shape_known()) return nullptr;
    return static_cast<int64_t>(v->data->size()) == v->numel() ? &*v->data : nullptr;
}

// The number of distinct slices of `x` along `axis` (distinct elements when flattened: axis < 0).
int64_t distinct_slices(const Value& x, const TensorValues& values, int64_t axis) {
    size_t outer = 1, length = values.size(), inner = 1;
    if (axis >= 0) {
        length = static_cast<size_t>(x.dims[static_cast<size_t>(axis)].value);
        for (size_t i = 0; i < static_cast<size_t>(axis); ++i) outer *= static_cast<size_t>(x.dims[i].value);
        for (size_t i = static_cast<size_t>(axis) + 1; i < x.rank(); ++i) inner *= static_cast<size_t>(x.dims[i].value);
    }
    std::set<std::vector<double>> seen;
    for (size_t k = 0; k < length; ++k) {
        std::vector<double> slice;
        for (size_t o = 0; o < outer; ++o)
            for (size_t i = 0; i < inner; ++i) slice.push_back(as_double(values, (o * length + k) * inner + i));
        seen.insert(std::move(slice));
    }
    return static_cast<int64_t>(seen.size());
}

// The `axis` attribute normalised for `x`: -1 when absent; nullopt (with a note) when out of range.
std::optional<int64_t> optional_axis(NodeContext& ctx, const Value& x) {
    if (!ctx.has_attr("axis")) return -1;
    const std::optional<int64_t> axis = norm_axis(ctx.attr_int("axis", 0), static_cast<int64_t>(x.rank()));
    if (!axis) ctx.note("axis out of range");
    return axis;
}

// The length of `axis` of x; of x flattened when axis is -1 (Compress and Unique without an axis).
Dim axis_length(const Value& x, int64_t axis) { return axis >= 0 ? x.dims[static_cast<size_t>(axis)] : Dim::of(x.numel()); }

// NonMaxSuppression selects at most max_output_boxes_per_class boxes (0 when absent) of each
// class of each batch, and never more than there are boxes: -1 when the sizes are not known.
int64_t most_boxes_selected(const NodeContext& ctx) {
    const Value* boxes = ctx.ranked(NonMaxSuppressionIn::boxes);
    const Value* scores = ctx.ranked(NonMaxSuppressionIn::scores);
    if (!boxes || !scores || boxes->rank() != 3 || scores->rank() != 3) return -1;
    const Dim& batches = scores->dims[0];
    const Dim& classes = scores->dims[1];
    const Dim& spatial = boxes->dims[1];
    if (!batches.known() || !classes.known() || !spatial.known()) return -1;
    const bool given = ctx.in(NonMaxSuppressionIn::max_output_boxes_per_class) != nullptr;
    const std::optional<int64_t> per_class = given ? ctx.scalar_input(NonMaxSuppressionIn::max_output_boxes_per_class) : std::optional<int64_t>(0);
    const int64_t kept = per_class ? std::clamp<int64_t>(*per_class, 0, spatial.value) : spatial.value;
    return checked_mul(checked_mul(batches.value, classes.value, "a dimension"), kept, "a dimension");
}

}  // namespace

// NonZero, Compress and Unique are exact when the values they read are constants. Otherwise, and
// always for NonMaxSuppression, their size depends on tensor values: the rule gives the most the
// spec allows (ctx.data_dependent_size), which the layers after them are costed at.
void infer_data_dependent(NodeContext& ctx) {
    const Value* x = ctx.ranked(0);
    const std::string_view op = ctx.node.op;
    if (op == "NonZero" && x) {
        Dim count;
        if (const TensorValues* v = known_values(x)) {
            int64_t nonzero = 0;
            for (size_t i = 0; i < v->size(); ++i) nonzero += as_double(*v, i) != 0;
            count = Dim::of(nonzero);
        } else {
            count = ctx.data_dependent_size(x->numel());  // every element non-zero
        }
        ctx.out(0).reset_to(DType::Int64, {Dim::of(static_cast<int64_t>(x->rank())), count});
    } else if (op == "Compress" && x) {
        const std::optional<int64_t> found = optional_axis(ctx, *x);
        if (!found) return;
        const int64_t axis = *found;  // -1: the input flattened
        Dims dims = axis >= 0 ? x->dims : Dims(1);
        Dim& kept = axis >= 0 ? dims[static_cast<size_t>(axis)] : dims[0];
        const Dim length = axis_length(*x, axis);
        const TensorValues* condition = known_values(ctx.in(CompressIn::condition));
        if (condition && length.known()) {
            int64_t count = 0;
            for (size_t i = 0; i < condition->size() && static_cast<int64_t>(i) < length.value; ++i) count += as_double(*condition, i) != 0;
            kept = Dim::of(count);
        } else {
            kept = ctx.data_dependent_size(length.value);  // every slice kept
        }
        ctx.out(0).reset_to(x->dtype, std::move(dims));
    } else if (op == "Unique" && x) {
        const std::optional<int64_t> found = optional_axis(ctx, *x);
        if (!found) return;
        const int64_t axis = *found;  // -1: the input flattened
        const Dim length = axis_length(*x, axis);
        const TensorValues* v = known_values(x);
        const Dim unique = v ? Dim::of(distinct_slices(*x, *v, axis)) : ctx.data_dependent_size(length.value);  // every slice distinct
        Dims y = axis >= 0 ? x->dims : Dims{unique};
        if (axis >= 0) y[static_cast<size_t>(axis)] = unique;
        ctx.out(0).reset_to(x->dtype, std::move(y));
        ctx.out(1).reset_to(DType::Int64, {unique});  // indices
        ctx.out(2).reset_to(DType::Int64, {length});  // inverse indices
        ctx.out(3).reset_to(DType::Int64, {unique});  // counts
    } else if (op == "NonMaxSuppression") {
        ctx.out(0).reset_to(DType::Int64, {ctx.data_dependent_size(most_boxes_selected(ctx)), Dim::of(3)});
    } else {
        ctx.data_dependent = true;
        ctx.note("its output size depends on tensor values");
    }
}

void infer_roi_align(NodeContext& ctx) {
    const Value* x = ctx.ranked(RoiAlignIn::X);
    const Value* rois = ctx.ranked(RoiAlignIn::rois);
    if (!x || x->rank() != 4) return;
    const Dim n = rois && rois->rank() == 2 ? rois->dims[0] : Dim{};
    ctx.out(0).reset_to(x->dtype, {n, x->dims[1], Dim::of(ctx.attr_int("output_height", 1)), Dim::of(ctx.attr_int("output_width", 1))});
}

// Control flow that reaches shape inference is what infer/control_flow.hpp could not write out.
void infer_control_flow(NodeContext& ctx) {
    ctx.data_dependent = true;
    if (ctx.node.op == "If") ctx.note("the condition depends on the data: neither branch is costed");
    else ctx.note("the number of iterations depends on the data (or the loop is too long to write out): its body is counted but not costed");
}

// ONNX Attention (opset 23/24). Q, K, V are 4-D [B, heads, sequence, head size] or 3-D
// [B, sequence, heads x head size] with the head counts in q_num_heads and kv_num_heads (which
// differ under grouped-query attention). Outputs: Y (Q's layout, V's head size), present_key and
// present_value (the past cache plus this step's K and V, 4-D) and qk_matmul_output
// [B, q heads, sequence, total sequence].
void infer_attention(NodeContext& ctx) {
    const Value* q = ctx.ranked(AttentionIn::Q);
    const Value* k = ctx.ranked(AttentionIn::K);
    const Value* v = ctx.ranked(AttentionIn::V);
    if (!q || !k || !v || q->rank() != k->rank() || q->rank() != v->rank()) return;
    const size_t rank = q->rank();
    if (rank != 3 && rank != 4) {
        ctx.note("Attention takes 3-D or 4-D Q, K and V");
        return;
    }
    const Dim batch = q->dims[0];
    Dim q_heads, kv_heads, q_seq, kv_seq, head_size, v_head_size;
    if (rank == 4) {
        q_heads = q->dims[1], q_seq = q->dims[2], head_size = q->dims[3];
        kv_heads = k->dims[1], kv_seq = k->dims[2], v_head_size = v->dims[3];
    } else {
        const int64_t qh = ctx.attr_int("q_num_heads", 0), kvh = ctx.attr_int("kv_num_heads", 0);
        if (qh <= 0 || kvh <= 0) {
            ctx.note("3-D Attention needs q_num_heads and kv_num_heads");
            return;
        }
        q_heads = Dim::of(qh), kv_heads = Dim::of(kvh);
        q_seq = q->dims[1], kv_seq = k->dims[1];
        head_size = per_head(q->dims[2], qh);
        v_head_size = per_head(v->dims[2], kvh);
    }
    Value& y = ctx.out(0);
    if (rank == 4) y.reset_to(q->dtype, Dims{batch, q_heads, q_seq, v_head_size});
    else y.reset_to(q->dtype, Dims{batch, q_seq, q_heads.known() ? times(v_head_size, q_heads.value) : Dim{}});

    const Value* past_key = ctx.ranked(AttentionIn::past_key);
    const Value* past_value = ctx.ranked(AttentionIn::past_value);
    const Dim total_seq = past_key && past_key->rank() == 4 ? plus(past_key->dims[2], kv_seq) : kv_seq;
    if (ctx.num_outputs() > 1) ctx.out(1).reset_to(k->dtype, Dims{batch, kv_heads, total_seq, head_size});
    if (ctx.num_outputs() > 2) {
        const Dim value_seq = past_value && past_value->rank() == 4 ? plus(past_value->dims[2], kv_seq) : kv_seq;
        ctx.out(2).reset_to(v->dtype, Dims{batch, kv_heads, value_seq, v_head_size});
    }
    if (ctx.num_outputs() > 3) ctx.out(3).reset_to(q->dtype, Dims{batch, q_heads, q_seq, total_seq});
}

// LinearAttention (opset 27): query [B, S, Hq x dk] (or [B, Hq, S, dk]), key [.., Hkv x dk],
// value [.., Hkv x dv]: the output is [B, S, Hq x dv] (or [B, Hq, S, dv]); the recurrent state
// present_state is [B, Hkv, dk, dv].
void infer_linear_attention(NodeContext& ctx) {
    const Value* q = ctx.ranked(LinearAttentionIn::query);
    const Value* k = ctx.ranked(LinearAttentionIn::key);
    const Value* v = ctx.ranked(LinearAttentionIn::value);
    if (!q || !k || !v) return;
    if (q->rank() != k->rank() || q->rank() != v->rank() || (q->rank() != 3 && q->rank() != 4)) {
        ctx.note("query, key and value must all be 3-D or all 4-D");
        return;
    }
    Dim kv_heads, dk, dv;
    const Dim& batch = q->dims[0];
    if (q->rank() == 4) {
        kv_heads = k->dims[1];
        dk = k->dims[3];
        dv = v->dims[3];
        ctx.out(0).reset_to(q->dtype, {batch, q->dims[1], q->dims[2], dv});
    } else {
        const int64_t q_heads = ctx.attr_int("q_num_heads", 0), kv = ctx.attr_int("kv_num_heads", 0);
        if (q_heads <= 0 || kv <= 0) { ctx.note("3-D inputs need q_num_heads and kv_num_heads"); return; }
        kv_heads = Dim::of(kv);
        dk = per_head(k->dims[2], kv);
        dv = per_head(v->dims[2], kv);
        ctx.out(0).reset_to(q->dtype, {batch, q->dims[1], times(dv, q_heads)});
    }
    if (ctx.num_outputs() > 1) ctx.out(1).reset_to(q->dtype, {batch, kv_heads, dk, dv});
}

// OptionalHasElement: a bool scalar.
void infer_optional_has_element(NodeContext& ctx) { ctx.out(0).reset_to(DType::Bool, Dims{}); }

// TfIdfVectorizer: [C] or [N, C] n-grams in, [C'] or [N, C'] counts out, C' = max(ngram_indexes) + 1.
void infer_tfidf_vectorizer(NodeContext& ctx) {
    const Value* x = ctx.ranked(0);
    const Ints indexes = ctx.attr_ints("ngram_indexes");
    if (!x) return;
    if (x->rank() != 1 && x->rank() != 2) { ctx.note("expects [C] or [N, C]"); return; }
    int64_t size = 0;
    for (int64_t i : indexes) size = std::max(size, checked_add(i, 1, "an n-gram count"));
    const Dim counts = Dim::of(size);
    ctx.out(0).reset_to(DType::Float, x->rank() == 1 ? Dims{counts} : Dims{x->dims[0], counts});
}

}  // namespace wattlayer

