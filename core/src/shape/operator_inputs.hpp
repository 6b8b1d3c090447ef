#pragma once
// Input positions of ONNX operators, named as the specification names them, for the rules that
// read more than their first input (ctx.ranked(ConvIn::W), input_ints(ctx, SliceIn::starts)) and
// for the registry's rows (.shape_inputs = bits(ReshapeIn::shape)). Input 0 of a one-input rule
// stays 0: it is the operator's data.
#include <cstddef>
#include <cstdint>

namespace wattlayer {

struct ConvIn { enum : size_t { X, W, B }; };                    // Conv, ConvTranspose
struct MatMulIn { enum : size_t { A, B }; };
struct GemmIn { enum : size_t { A, B, C }; };
struct MatMulIntegerIn { enum : size_t { A, B, a_zero_point, b_zero_point }; };
struct ConvIntegerIn { enum : size_t { x, w, x_zero_point, w_zero_point }; };
struct QLinearMatMulIn { enum : size_t { a, a_scale, a_zero_point, b, b_scale, b_zero_point, y_scale, y_zero_point }; };
struct QLinearConvIn { enum : size_t { x, x_scale, x_zero_point, w, w_scale, w_zero_point, y_scale, y_zero_point, B }; };
struct DeformConvIn { enum : size_t { X, W, offset, B, mask }; };
struct RnnIn { enum : size_t { X, W, R, B, sequence_lens, initial_h, initial_c, P }; };  // RNN, GRU, LSTM
struct AttentionIn { enum : size_t { Q, K, V, attn_mask, past_key, past_value }; };
struct RoiAlignIn { enum : size_t { X, rois, batch_indices }; };
struct NonMaxSuppressionIn { enum : size_t { boxes, scores, max_output_boxes_per_class, iou_threshold, score_threshold }; };
struct CompressIn { enum : size_t { input, condition }; };
struct DropoutIn { enum : size_t { data, ratio, training_mode }; };
struct ClipIn { enum : size_t { input, min, max }; };
struct CastLikeIn { enum : size_t { input, target_type }; };
struct CumSumIn { enum : size_t { x, axis }; };
struct TriluIn { enum : size_t { input, k }; };
struct ReshapeIn { enum : size_t { data, shape }; };
struct AxesIn { enum : size_t { data, axes }; };                 // Squeeze, Unsqueeze (13 on), Reduce* (13/18 on)
struct SplitIn { enum : size_t { input, split }; };
struct SliceIn { enum : size_t { data, starts, ends, axes, steps }; };
struct GatherIn { enum : size_t { data, indices }; };            // Gather, GatherElements, GatherND
struct ExpandIn { enum : size_t { input, shape }; };
struct TileIn { enum : size_t { input, repeats }; };
struct PadIn { enum : size_t { data, pads, constant_value, axes }; };
struct ResizeIn { enum : size_t { X, roi, scales, sizes }; };    // Resize 11 on
struct UpsampleIn { enum : size_t { X, scales }; };              // Upsample, Resize 10
struct ConstantOfShapeIn { enum : size_t { input }; };
struct ShapeIn { enum : size_t { data }; };                      // Shape, Size: only its shape is read
struct RangeIn { enum : size_t { start, limit, delta }; };
struct OneHotIn { enum : size_t { indices, depth, values }; };
struct Col2ImIn { enum : size_t { input, image_shape, block_shape }; };
struct QuantizeLinearIn { enum : size_t { x, y_scale, y_zero_point }; };
struct DequantizeLinearIn { enum : size_t { x, x_scale, x_zero_point }; };
struct TopKIn { enum : size_t { X, K }; };                       // TopK 10 on
struct GridSampleIn { enum : size_t { X, grid }; };
struct AffineGridIn { enum : size_t { theta, size }; };
struct CenterCropPadIn { enum : size_t { input_data, shape }; };
struct MaxUnpoolIn { enum : size_t { X, I, output_shape }; };
struct LossIn { enum : size_t { input, target, weight }; };      // NegativeLogLikelihoodLoss, SoftmaxCrossEntropyLoss
struct DftIn { enum : size_t { input, dft_length, axis }; };     // DFT (axis an input from opset 20)
struct StftIn { enum : size_t { signal, frame_step, window, frame_length }; };
struct WindowIn { enum : size_t { size }; };                     // HannWindow, HammingWindow, BlackmanWindow
struct MelWeightMatrixIn { enum : size_t { num_mel_bins, dft_length, sample_rate, lower_edge_hertz, upper_edge_hertz }; };
struct LinearAttentionIn { enum : size_t { query, key, value, past_state, decay, beta }; };
struct TensorScatterIn { enum : size_t { past_cache, update, write_indices }; };

// ONNX Runtime's com.microsoft contrib operators (docs/ContribOperators.md of onnxruntime).
struct MsAttentionIn { enum : size_t { input, weights, bias, mask_index, past, attention_bias, past_sequence_length }; };
struct QAttentionIn { enum : size_t { input, weight, bias, input_scale, weight_scale, mask_index, input_zero_point, weight_zero_point, past }; };
struct DecoderMaskedMhaIn { enum : size_t { query, key, value, mask_index, attention_bias, past_key, past_value, past_sequence_length,
                                            beam_width, cache_indirection, bias }; };
struct QLinearWhereIn { enum : size_t { condition, X, x_scale, x_zero_point, Y, y_scale, y_zero_point, z_scale, z_zero_point }; };
struct MatMulIntegerToFloatIn { enum : size_t { A, B, a_scale, b_scale, a_zero_point, b_zero_point, bias }; };
struct QLinearReduceMeanIn { enum : size_t { data, data_scale, data_zero_point, reduced_scale, reduced_zero_point }; };
struct MultiHeadAttentionIn { enum : size_t { query, key, value, bias, key_padding_mask, attention_bias, past_key, past_value }; };
struct GroupQueryAttentionIn {
    enum : size_t { query, key, value, past_key, past_value, seqlens_k, total_sequence_length, cos_cache, sin_cache };
};
struct EmbedLayerNormIn {
    enum : size_t { input_ids, segment_ids, word_embedding, position_embedding, segment_embedding, gamma, beta, mask, position_ids };
};
struct MatMulNBitsIn { enum : size_t { A, B, scales, zero_points, g_idx, bias }; };
struct QGemmIn { enum : size_t { A, a_scale, a_zero_point, B, b_scale, b_zero_point, C, y_scale, y_zero_point }; };
struct QLinearBinaryIn { enum : size_t { A, A_scale, A_zero_point, B, B_scale, B_zero_point, C_scale, C_zero_point }; };  // QLinearAdd, QLinearMul

// A set of input positions as a row's bit mask.
template <typename... Positions>
constexpr uint32_t bits(Positions... positions) {
    return ((uint32_t{1} << positions) | ... | 0u);
}

}  // namespace wattlayer
