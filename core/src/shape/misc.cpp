// Recurrent layers, detection heads, control flow and attention: operators whose shapes follow
// their own conventions, or depend on tensor contents.
#include "shape/rules.hpp"

namespace wattlayer {

void infer_rnn(NodeContext& ctx) {
    const Value* x = ctx.ranked(0);
    const Value* w = ctx.ranked(1);
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

void infer_data_dependent(NodeContext& ctx) {
    const Value* x = ctx.ranked(0);
    ctx.data_dependent = true;
    const std::string_view op = ctx.node.op;
    if (op == "NonZero" && x) ctx.out(0).reset_to(DType::Int64, {Dim::of(static_cast<int64_t>(x->rank())), Dim{}});
    else if (op == "NonMaxSuppression") ctx.out(0).reset_to(DType::Int64, {Dim{}, Dim::of(3)});
    else if (op == "Compress" && x) ctx.out(0).reset_to(x->dtype, ctx.has_attr("axis") ? Dims(x->rank()) : Dims(1));
    ctx.note("its output size depends on tensor values");
}

void infer_roi_align(NodeContext& ctx) {
    const Value* x = ctx.ranked(0);
    const Value* rois = ctx.ranked(1);
    if (!x || x->rank() != 4) return;
    const Dim n = rois && rois->rank() == 2 ? rois->dims[0] : Dim{};
    ctx.out(0).reset_to(x->dtype, {n, x->dims[1], Dim::of(ctx.attr_int("output_height", 1)), Dim::of(ctx.attr_int("output_width", 1))});
}

void infer_control_flow(NodeContext& ctx) {
    // Which branch runs, or how many iterations, is decided by tensor values.
    ctx.data_dependent = true;
    ctx.note("control flow: its body is counted but not costed");
}

void infer_attention(NodeContext& ctx) {
    const Value* q = ctx.ranked(0);
    const Value* v = ctx.ranked(2);
    if (!q || !v || q->rank() != v->rank()) return;
    if (q->rank() < 3) return;
    Dims dims(q->dims.begin(), q->dims.end() - 1);
    dims.push_back(v->dims.back());  // [batch, heads, sequence, value head size] or [batch, sequence, value hidden]
    ctx.out(0).reset_to(q->dtype, std::move(dims));
}

}  // namespace wattlayer
