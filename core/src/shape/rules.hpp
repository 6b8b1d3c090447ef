#pragma once
// Shape rules, grouped in families. Each fills ctx.outputs from ctx.inputs and attributes, folds
// small constant values where it can, and leaves an output unknown (with a note) where it cannot.
#include "shape/context.hpp"

namespace wattlayer {

// elementwise.cpp
void infer_same_shape(NodeContext& ctx);       // output 0 = input 0 (activations, norms, softmax)
void infer_same_shape_bool(NodeContext& ctx);  // IsNaN, IsInf
void infer_cast(NodeContext& ctx);
void infer_cast_like(NodeContext& ctx);
void infer_bitcast(NodeContext& ctx);
void infer_same_shape_dtype_attribute(NodeContext& ctx);  // EyeLike, Bernoulli, Random*Like
void infer_shape_attribute(NodeContext& ctx);  // RandomUniform, RandomNormal
void infer_multinomial(NodeContext& ctx);
void infer_broadcast(NodeContext& ctx);        // Add, Mul, Equal, Where, Max, ...
void infer_layer_norm(NodeContext& ctx);       // LayerNormalization: y, mean, inv_std_dev
void infer_batch_norm(NodeContext& ctx);       // BatchNormalization (training mode has 3 outputs)
void infer_dropout(NodeContext& ctx);
void infer_clip(NodeContext& ctx);

// conv_pool.cpp
void infer_conv(NodeContext& ctx);             // Conv, DeformConv
void infer_conv_integer(NodeContext& ctx);
void infer_qlinear_conv(NodeContext& ctx);
void infer_conv_transpose(NodeContext& ctx);
void infer_pool(NodeContext& ctx);             // MaxPool, AveragePool, LpPool
void infer_global_pool(NodeContext& ctx);

// matmul.cpp
void infer_matmul(NodeContext& ctx);
void infer_matmul_integer(NodeContext& ctx);  // int32 products of 8-bit operands
void infer_qlinear_matmul(NodeContext& ctx);
void infer_qgemm(NodeContext& ctx);             // com.microsoft
void infer_fused_matmul(NodeContext& ctx);      // com.microsoft: MatMul with transposed operands
void infer_gemm(NodeContext& ctx);
void infer_einsum(NodeContext& ctx);

// movement.cpp
void infer_constant(NodeContext& ctx);
void infer_shape(NodeContext& ctx);
void infer_size(NodeContext& ctx);
void infer_reshape(NodeContext& ctx);
void infer_flatten(NodeContext& ctx);
void infer_transpose(NodeContext& ctx);
void infer_squeeze(NodeContext& ctx);
void infer_unsqueeze(NodeContext& ctx);
void infer_concat(NodeContext& ctx);
void infer_qlinear_concat(NodeContext& ctx);    // com.microsoft: Concat of every third input from 2
void infer_split(NodeContext& ctx);
void infer_slice_attributes(NodeContext& ctx);  // Slice-1
void infer_slice(NodeContext& ctx);             // Slice-10 on
void infer_gather(NodeContext& ctx);
void infer_gather_elements(NodeContext& ctx);
void infer_gather_nd(NodeContext& ctx);
void infer_expand(NodeContext& ctx);
void infer_tile(NodeContext& ctx);
void infer_pad(NodeContext& ctx);
void infer_resize_scales_input(NodeContext& ctx);  // Resize-10, Upsample
void infer_resize(NodeContext& ctx);               // Resize-11 on
void infer_depth_to_space(NodeContext& ctx);
void infer_space_to_depth(NodeContext& ctx);
void infer_constant_of_shape(NodeContext& ctx);
void infer_range(NodeContext& ctx);
void infer_one_hot(NodeContext& ctx);
void infer_col2im(NodeContext& ctx);

// reduce.cpp
void infer_qlinear_reduce_mean(NodeContext& ctx);  // com.microsoft: axes from the attribute only
void infer_reduce(NodeContext& ctx);           // Reduce*, with axes from attribute or input
void infer_arg_reduce(NodeContext& ctx);       // ArgMax, ArgMin
void infer_topk_attribute(NodeContext& ctx);    // TopK-1
void infer_topk(NodeContext& ctx);              // TopK-10 on

// quantize.cpp
void infer_quantize_linear(NodeContext& ctx);
void infer_dequantize_linear(NodeContext& ctx);
void infer_dynamic_quantize_linear(NodeContext& ctx);

// misc.cpp
void infer_rnn(NodeContext& ctx);              // LSTM, GRU, RNN
void infer_data_dependent(NodeContext& ctx);   // NonZero, NonMaxSuppression, Unique, Compress
void infer_roi_align(NodeContext& ctx);
void infer_control_flow(NodeContext& ctx);     // If, Loop, Scan: bodies are counted, not inferred
void infer_attention(NodeContext& ctx);        // ONNX Attention (opset 23)
void infer_linear_attention(NodeContext& ctx);
void infer_optional_has_element(NodeContext& ctx);
void infer_tfidf_vectorizer(NodeContext& ctx);

// contrib.cpp (com.microsoft)
void infer_ms_attention(NodeContext& ctx);
void infer_multi_head_attention(NodeContext& ctx);
void infer_qattention(NodeContext& ctx);
void infer_decoder_masked_mha(NodeContext& ctx);
void infer_qlinear_where(NodeContext& ctx);
void infer_matmul_integer_to_float(NodeContext& ctx);
void infer_bias_split_gelu(NodeContext& ctx);
void infer_skip_group_norm(NodeContext& ctx);
void infer_group_query_attention(NodeContext& ctx);
void infer_skip_layer_norm(NodeContext& ctx);     // SkipLayerNormalization, SkipSimplifiedLayerNormalization
void infer_embed_layer_norm(NodeContext& ctx);
void infer_matmul_nbits(NodeContext& ctx);
void infer_qlinear_binary(NodeContext& ctx);      // QLinearAdd, QLinearMul
void infer_qlinear_global_pool(NodeContext& ctx);  // QLinearGlobalAveragePool

// classical_ml.cpp (ai.onnx.ml)
void infer_ml_elementwise(NodeContext& ctx);      // Scaler, Normalizer, Imputer, Binarizer
void infer_ml_label_map(NodeContext& ctx);        // LabelEncoder, CategoryMapper
void infer_ml_one_hot(NodeContext& ctx);          // OneHotEncoder
void infer_ml_regressor(NodeContext& ctx);        // LinearRegressor, SVMRegressor, TreeEnsembleRegressor, TreeEnsemble
void infer_ml_classifier(NodeContext& ctx);       // LinearClassifier, SVMClassifier, TreeEnsembleClassifier
void infer_ml_array_feature_extractor(NodeContext& ctx);
void infer_ml_feature_vectorizer(NodeContext& ctx);

// training.cpp
void infer_loss(NodeContext& ctx);             // NegativeLogLikelihoodLoss, SoftmaxCrossEntropyLoss
void infer_optimizer(NodeContext& ctx);        // Adagrad, Adam, Momentum (ai.onnx.preview.training)

// signal.cpp
void infer_dft_axis_attribute(NodeContext& ctx);  // DFT-17
void infer_dft(NodeContext& ctx);                 // DFT-20 on
void infer_stft(NodeContext& ctx);
void infer_window(NodeContext& ctx);              // HannWindow, HammingWindow, BlackmanWindow
void infer_mel_weight_matrix(NodeContext& ctx);

// vision.cpp
void infer_grid_sample(NodeContext& ctx);
void infer_affine_grid(NodeContext& ctx);
void infer_center_crop_pad(NodeContext& ctx);
void infer_max_unpool(NodeContext& ctx);
void infer_det(NodeContext& ctx);

}  // namespace wattlayer
