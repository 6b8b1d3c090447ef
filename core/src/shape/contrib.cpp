// ONNX Runtime's com.microsoft contrib operators, as its transformer optimizer, quantization tools
// and onnxruntime-genai write them (shapes from onnxruntime's docs/ContribOperators.md).
#include <algorithm>

#include "core_math.hpp"
#include "shape/dim_math.hpp"
#include "shape/fold.hpp"
#include "shape/rules.hpp"

namespace wattlayer {
namespace {

// Attention and QAttention: input [B, S, hidden] projected by weights [hidden, Q + K + V hidden]
// (sizes in qkv_hidden_sizes, else three equal thirds): output [B, S, V hidden] in `dtype`;
// present [2, B, heads, past + S, head size].
void packed_attention(NodeContext& ctx, const Value* past, DType dtype) {
    const Value* x = ctx.ranked(MsAttentionIn::input);
    const Value* w = ctx.ranked(MsAttentionIn::weights);
    if (!x || !w) return;
    if (x->rank() != 3 || w->rank() != 2) { ctx.note("expects input [B, S, hidden] and weights [hidden, 3 x hidden]"); return; }
    const Ints sizes = ctx.attr_ints("qkv_hidden_sizes");
    const int64_t heads = ctx.attr_int("num_heads", 0);
    const Dim v_hidden = sizes.size() == 3 ? Dim::of(sizes[2]) : per_head(w->dims[1], 3);
    ctx.out(0).reset_to(dtype, {x->dims[0], x->dims[1], v_hidden});
    if (ctx.num_outputs() < 2) return;
    const Dim head_size = per_head(sizes.size() == 3 ? Dim::of(sizes[1]) : per_head(w->dims[1], 3), heads);
    const Dim total = past && past->rank() == 5 ? plus(past->dims[3], x->dims[1]) : x->dims[1];
    ctx.out(1).reset_to(dtype, {Dim::of(2), x->dims[0], Dim::of(heads), total, head_size});
}

}  // namespace

void infer_ms_attention(NodeContext& ctx) {
    const Value* x = ctx.ranked(MsAttentionIn::input);
    packed_attention(ctx, ctx.ranked(MsAttentionIn::past), x ? x->dtype : DType::Undefined);
}

// QAttention: Attention on an int8 input and weights; output and present in the scales' float type.
void infer_qattention(NodeContext& ctx) {
    const Value* scale = ctx.in(QAttentionIn::input_scale);
    packed_attention(ctx, ctx.ranked(QAttentionIn::past), scale ? scale->dtype : DType::Float);
}

// DecoderMaskedMultiHeadAttention: one decoding step, query [B, S, hidden]; output [B, S, V hidden]
// (V's heads when value is given split, else the query's width); present key and value are the past
// buffers [B, heads, max length, head size] with past_present_share_buffer, else one step longer.
void infer_decoder_masked_mha(NodeContext& ctx) {
    const Value* q = ctx.ranked(DecoderMaskedMhaIn::query);
    if (!q) return;
    if (q->rank() != 3) { ctx.note("expects query [B, S, hidden]"); return; }
    const int64_t heads = ctx.attr_int("num_heads", 0);
    const Value* v = ctx.ranked(DecoderMaskedMhaIn::value);
    const Dim v_hidden = v && v->rank() == 4 ? times(v->dims[3], heads) : v && v->rank() == 3 ? v->dims[2] : q->dims[2];
    ctx.out(0).reset_to(q->dtype, {q->dims[0], q->dims[1], v_hidden});
    const Value* past = ctx.ranked(DecoderMaskedMhaIn::past_key);
    if (!past || past->rank() != 4) return;
    Dims present = past->dims;
    if (!ctx.attr_int("past_present_share_buffer", 0)) present[2] = plus(past->dims[2], q->dims[1]);
    for (size_t o = 1; o < 3 && o < ctx.num_outputs(); ++o) ctx.out(o).reset_to(past->dtype, present);
}

// MultiHeadAttention: query [B, S, hidden] (or packed [B, S, heads, 3, head size] without key);
// key and value [B, L, hidden] or already split [B, heads, L, head size]. Output [B, S, V hidden];
// present key and value [B, heads, past + L, head size].
void infer_multi_head_attention(NodeContext& ctx) {
    const Value* q = ctx.ranked(MultiHeadAttentionIn::query);
    if (!q) return;
    const int64_t heads = ctx.attr_int("num_heads", 0);
    const Value* k = ctx.ranked(MultiHeadAttentionIn::key);
    const Value* v = ctx.ranked(MultiHeadAttentionIn::value);
    Dim kv_length, head_size, v_head_size;
    if (q->rank() == 5) {  // packed Q, K and V
        kv_length = q->dims[1], head_size = q->dims[4], v_head_size = q->dims[4];
    } else if (q->rank() == 3 && k && k->rank() == 5) {  // packed K and V [B, L, heads, 2, head size]
        kv_length = k->dims[1], head_size = k->dims[4], v_head_size = k->dims[4];
    } else if (q->rank() == 3 && k && v && (k->rank() == 3 || k->rank() == 4) && (v->rank() == 3 || v->rank() == 4)) {
        kv_length = k->dims[k->rank() == 4 ? 2 : 1];
        head_size = per_head(q->dims[2], heads);
        v_head_size = v->rank() == 4 ? v->dims[3] : v->rank() == 3 ? per_head(v->dims[2], heads) : Dim{};
    } else {
        ctx.note("expects query [B, S, hidden] with key and value, or packed inputs");
        return;
    }
    ctx.out(0).reset_to(q->dtype, {q->dims[0], q->dims[1], times(v_head_size, heads)});
    const Value* past_key = ctx.ranked(MultiHeadAttentionIn::past_key);
    const Dim total = past_key && past_key->rank() == 4 ? plus(past_key->dims[2], kv_length) : kv_length;
    if (ctx.num_outputs() > 1) ctx.out(1).reset_to(q->dtype, {q->dims[0], Dim::of(heads), total, head_size});
    if (ctx.num_outputs() > 2) ctx.out(2).reset_to(q->dtype, {q->dims[0], Dim::of(heads), total, v_head_size});
}

// GroupQueryAttention: query [B, S, heads x head size] (or packed Q, K, V without key), key and
// value [B, S, kv heads x head size], caches [B, kv heads, past, head size]. Output
// [B, S, heads x head size]; present caches [B, kv heads, T, head size] with T the larger of the
// past buffer and total_sequence_length (a shared buffer keeps its length), else past + S.
void infer_group_query_attention(NodeContext& ctx) {
    const Value* q = ctx.ranked(GroupQueryAttentionIn::query);
    if (!q) return;
    if (q->rank() != 3) { ctx.note("expects query [B, S, hidden]"); return; }
    const int64_t heads = ctx.attr_int("num_heads", 0), kv_heads = ctx.attr_int("kv_num_heads", 0);
    const Value* k = ctx.ranked(GroupQueryAttentionIn::key);
    const Dim head_size = k && k->rank() == 3 ? per_head(k->dims[2], kv_heads) : per_head(q->dims[2], heads + 2 * kv_heads);
    ctx.out(0).reset_to(q->dtype, {q->dims[0], q->dims[1], times(head_size, heads)});
    const Value* past = ctx.ranked(GroupQueryAttentionIn::past_key);
    const Dim past_length = past && past->rank() == 4 ? past->dims[2] : Dim::of(0);
    Dim total = plus(past_length, k && k->rank() == 3 ? k->dims[1] : q->dims[1]);
    if (const auto given = ctx.scalar_input(GroupQueryAttentionIn::total_sequence_length); given && past_length.known())
        total = Dim::of(std::max(past_length.value, *given));
    for (size_t o = 1; o < 3 && o < ctx.num_outputs(); ++o)
        ctx.out(o).reset_to(past ? past->dtype : q->dtype, {q->dims[0], Dim::of(kv_heads), total, head_size});
}

// SkipLayerNormalization, SkipSimplifiedLayerNormalization: input + skip (+ bias), normalised:
// output like the input; mean and inverse standard deviation [.., 1]; the sum before normalising.
void infer_skip_layer_norm(NodeContext& ctx) {
    const Value* x = ctx.ranked(0);
    if (!x) return;
    Dims stats = x->dims;
    if (!stats.empty()) stats.back() = Dim::of(1);
    ctx.out(0).reset_to(x->dtype, x->dims);
    for (size_t o = 1; o < ctx.num_outputs(); ++o) {
        if (o == 3) ctx.out(o).reset_to(x->dtype, x->dims);  // input_skip_bias_sum
        else ctx.out(o).reset_to(DType::Float, stats);
    }
}

// EmbedLayerNormalization: word, position and segment embeddings summed and normalised: output
// [B, S, hidden]; mask_index [B] (int32); the sum before normalising [B, S, hidden].
void infer_embed_layer_norm(NodeContext& ctx) {
    const Value* ids = ctx.ranked(EmbedLayerNormIn::input_ids);
    const Value* words = ctx.ranked(EmbedLayerNormIn::word_embedding);
    if (!ids || !words) return;
    if (ids->rank() != 2 || words->rank() != 2) { ctx.note("expects input_ids [B, S] and word_embedding [vocabulary, hidden]"); return; }
    const Dims hidden{ids->dims[0], ids->dims[1], words->dims[1]};
    ctx.out(0).reset_to(words->dtype, hidden);
    if (ctx.num_outputs() > 1) ctx.out(1).reset_to(DType::Int32, {ids->dims[0]});
    if (ctx.num_outputs() > 2) ctx.out(2).reset_to(words->dtype, hidden);
}

// MatMulNBits: A [..., K] by an N x K matrix quantized to `bits` in blocks: Y [..., N].
void infer_matmul_nbits(NodeContext& ctx) {
    const Value* a = ctx.ranked(MatMulNBitsIn::A);
    if (!a) return;
    if (a->rank() == 0) { ctx.note("A must have rank 1 or more"); return; }
    Dims dims = a->dims;
    dims.back() = Dim::of(ctx.attr_int("N", -1));
    ctx.out(0).reset_to(a->dtype, std::move(dims));
}

// QLinearAdd, QLinearMul: A and B broadcast, in A's quantized type.
void infer_qlinear_binary(NodeContext& ctx) {
    const Value* a = ctx.ranked(QLinearBinaryIn::A);
    const Value* b = ctx.ranked(QLinearBinaryIn::B);
    if (!a || !b) return;
    Dims dims = a->dims;
    if (!broadcast_into(dims, b->dims)) { ctx.note("cannot broadcast " + ctx.dims_text(a->dims) + " with " + ctx.dims_text(b->dims)); return; }
    ctx.out(0).reset_to(a->dtype, std::move(dims));
}

// QLinearWhere: condition, X and Y broadcast, in X's quantized type.
void infer_qlinear_where(NodeContext& ctx) {
    const Value* condition = ctx.ranked(QLinearWhereIn::condition);
    const Value* x = ctx.ranked(QLinearWhereIn::X);
    const Value* y = ctx.ranked(QLinearWhereIn::Y);
    if (!condition || !x || !y) return;
    Dims dims = condition->dims;
    if (!broadcast_into(dims, x->dims) || !broadcast_into(dims, y->dims)) { ctx.note("condition, X and Y do not broadcast"); return; }
    ctx.out(0).reset_to(x->dtype, std::move(dims));
}

// MatMulIntegerToFloat: int8 A x B, scaled to the scales' float type.
void infer_matmul_integer_to_float(NodeContext& ctx) {
    infer_matmul(ctx);
    const Value* scale = ctx.in(MatMulIntegerToFloatIn::a_scale);
    if (ctx.out(0).has_rank) ctx.out(0).dtype = scale ? scale->dtype : DType::Float;
}

// BiasSplitGelu: X [N, HxW, D] plus bias, split in halves on the last axis: Y [N, HxW, D / 2].
void infer_bias_split_gelu(NodeContext& ctx) {
    const Value* x = ctx.ranked(0);
    if (!x) return;
    if (x->rank() != 3) { ctx.note("expects X [N, HxW, D]"); return; }
    ctx.out(0).reset_to(x->dtype, {x->dims[0], x->dims[1], per_head(x->dims[2], 2)});
}

// SkipGroupNorm: X plus skip (and bias), group-normalised: Y and the sum before normalising, like X.
void infer_skip_group_norm(NodeContext& ctx) {
    const Value* x = ctx.ranked(0);
    if (!x) return;
    for (size_t o = 0; o < ctx.num_outputs(); ++o) ctx.out(o).reset_to(x->dtype, x->dims);
}

// QLinearGlobalAveragePool: [N, C, 1, ...] (or [N, 1, ..., C] with channels_last), in X's type.
void infer_qlinear_global_pool(NodeContext& ctx) {
    const Value* x = ctx.ranked(0);
    if (!x) return;
    if (x->rank() < 3) { ctx.note("expects [N, C, spatial...]"); return; }
    Dims dims(x->rank());
    for (auto& d : dims) d = Dim::of(1);
    const bool channels_last = ctx.attr_int("channels_last", 0) != 0;
    dims[0] = x->dims[0];
    dims[channels_last ? x->rank() - 1 : 1] = x->dims[channels_last ? x->rank() - 1 : 1];
    ctx.out(0).reset_to(x->dtype, std::move(dims));
}

}  // namespace wattlayer

