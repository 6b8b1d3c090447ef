// ai.onnx.ml: the classical machine-learning operators of skl2onnx and onnxmltools exports. They
// are not neural layers (category "classical_ml"); their shapes follow the specification so that
// what comes after them is costed. Operators on maps and sequences (ZipMap, DictVectorizer,
// CastMap) are left unknown.
#include <algorithm>

#include "core_math.hpp"
#include "shape/rules.hpp"

namespace wattlayer {
namespace {

size_t attr_length(const NodeContext& ctx, std::initializer_list<std::string_view> names) {
    for (std::string_view name : names)
        if (const Attribute* a = ctx.attr(name)) return std::max({a->ints.size(), a->floats.size(), a->strings.size()});
    return 0;
}

// [N, width]: the batch axis of a [N, C] (or [C]) input and a width.
Dims rows_by(const Value& x, Dim width) { return x.rank() >= 2 ? Dims{x.dims[0], width} : Dims{Dim::of(1), width}; }

// The labels of a classifier: int64, or strings when the model names its classes by strings.
DType label_type(const NodeContext& ctx) { return ctx.has_attr("classlabels_strings") ? DType::String : DType::Int64; }

}  // namespace

// Scaler, Normalizer, Imputer, Binarizer: the input's shape (Scaler and Normalizer write float).
void infer_ml_elementwise(NodeContext& ctx) {
    const Value* x = ctx.ranked(0);
    if (!x) return;
    const bool to_float = ctx.node.op == "Scaler" || ctx.node.op == "Normalizer";
    ctx.out(0).reset_to(to_float ? DType::Float : x->dtype, x->dims);
}

// LabelEncoder, CategoryMapper: the input's shape in the type of the values mapped to.
void infer_ml_label_map(NodeContext& ctx) {
    const Value* x = ctx.ranked(0);
    if (!x) return;
    DType to = DType::Int64;
    if (ctx.node.op == "CategoryMapper") to = x->dtype == DType::String ? DType::Int64 : DType::String;
    else if (ctx.has_attr("values_strings")) to = DType::String;
    else if (ctx.has_attr("values_floats")) to = DType::Float;
    else if (const Attribute* t = ctx.attr("values_tensor"); t && !t->tensors.empty()) to = t->tensors[0]->dtype;
    ctx.out(0).reset_to(to, x->dims);
}

// OneHotEncoder: the input's shape and one more axis, one entry per category.
void infer_ml_one_hot(NodeContext& ctx) {
    const Value* x = ctx.ranked(0);
    if (!x) return;
    Dims dims = x->dims;
    dims.push_back(Dim::of(static_cast<int64_t>(attr_length(ctx, {"cats_int64s", "cats_strings"}))));
    ctx.out(0).reset_to(DType::Float, std::move(dims));
}

// LinearRegressor, SVMRegressor, TreeEnsembleRegressor, TreeEnsemble: [N, targets].
void infer_ml_regressor(NodeContext& ctx) {
    const Value* x = ctx.ranked(0);
    if (!x) return;
    const int64_t targets = ctx.node.op == "SVMRegressor" ? 1 : ctx.attr_int(ctx.node.op == "LinearRegressor" ? "targets" : "n_targets", 1);
    ctx.out(0).reset_to(ctx.node.op == "TreeEnsemble" ? x->dtype : DType::Float, rows_by(*x, Dim::of(targets)));
}

// LinearClassifier, SVMClassifier, TreeEnsembleClassifier: labels [N] and scores [N, classes].
void infer_ml_classifier(NodeContext& ctx) {
    const Value* x = ctx.ranked(0);
    if (!x) return;
    const Dim n = x->rank() >= 2 ? x->dims[0] : Dim::of(1);
    int64_t classes = static_cast<int64_t>(attr_length(ctx, {"classlabels_ints", "classlabels_strings"}));
    // A binary linear classifier with one coefficient row still scores both classes.
    if (ctx.node.op == "LinearClassifier" && classes == 0) classes = ctx.attr_int("classes", 0);
    ctx.out(0).reset_to(label_type(ctx), {n});
    if (ctx.num_outputs() > 1) ctx.out(1).reset_to(DType::Float, {n, classes > 0 ? Dim::of(classes) : Dim{}});
}

// ArrayFeatureExtractor: the entries of the last axis that `indices` lists.
void infer_ml_array_feature_extractor(NodeContext& ctx) {
    const Value* x = ctx.ranked(0);
    const Value* indices = ctx.ranked(1);
    if (!x || !indices) return;
    const Dim count = indices->shape_known() ? Dim::of(indices->numel()) : Dim{};
    Dims dims = x->rank() <= 1 ? Dims{Dim::of(1)} : x->dims;
    if (x->rank() <= 1) dims.push_back(count);
    else dims.back() = count;
    ctx.out(0).reset_to(x->dtype, std::move(dims));
}

// FeatureVectorizer: the inputs side by side, [N, sum of inputdimensions].
void infer_ml_feature_vectorizer(NodeContext& ctx) {
    const Value* x = ctx.ranked(0);
    if (!x) return;
    int64_t width = 0;
    for (int64_t d : ctx.attr_ints("inputdimensions")) width = checked_add(width, d, "a feature count");
    ctx.out(0).reset_to(DType::Float, rows_by(*x, Dim::of(width)));
}

}  // namespace wattlayer
