// What training graphs hold: loss functions and the optimizers of ai.onnx.preview.training. Their
// shapes follow the specification, like any layer's.
#include "shape/rules.hpp"

namespace wattlayer {

// NegativeLogLikelihoodLoss and SoftmaxCrossEntropyLoss: scores [N, C, d1..dk], target [N, d1..dk].
// The loss is [N, d1..dk] with reduction "none", a scalar with "mean" (the default) or "sum";
// SoftmaxCrossEntropyLoss's optional output 1 (the log-probabilities) is shaped like the scores.
void infer_loss(NodeContext& ctx) {
    const Value* x = ctx.ranked(LossIn::input);
    if (!x) return;
    if (x->rank() < 2) { ctx.note("the scores need [N, C, ...]"); return; }
    Dims loss;
    if (ctx.attr_string("reduction", "mean") == "none") {
        loss.push_back(x->dims[0]);
        loss.append(x->dims.begin() + 2, x->dims.end());
    }
    ctx.out(0).reset_to(x->dtype, std::move(loss));
    if (ctx.num_outputs() > 1) ctx.out(1).reset_to(x->dtype, x->dims);
}

// Adagrad and Momentum take (R, T, X1..Xn, G1..Gn, H1..Hn or V1..Vn), Adam (R, T, X.., G.., V.., H..);
// they return the new X1..Xn then the new accumulators, each shaped like its X.
void infer_optimizer(NodeContext& ctx) {
    const size_t per_tensor = ctx.node.op == "Adam" ? 4 : 3;
    if (ctx.num_inputs() < 2 + per_tensor) { ctx.note("expects R, T and a tensor list"); return; }
    const size_t n = (ctx.num_inputs() - 2) / per_tensor;
    for (size_t j = 0; j < ctx.num_outputs(); ++j)
        if (const Value* x = ctx.ranked(2 + j % n)) ctx.out(j).reset_to(x->dtype, x->dims);
}

}  // namespace wattlayer
