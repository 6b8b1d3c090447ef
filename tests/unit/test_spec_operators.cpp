// Operators added from the ONNX specification (and checked against ONNX's conformance cases by
// the `conformance` test): their shapes, output types, FLOPs and bytes on small examples.
#include "test_helpers.hpp"

using namespace wltest;

namespace {

using Dims = std::vector<int64_t>;

// One layer `op` over graph inputs (JSON entries: name, shape, dtype) and extra constant inputs.
std::string model(const std::string& op, const std::string& inputs, const std::string& layer_inputs, const std::string& attrs = "{}",
                  int opset = 22, int outputs = 1, const std::string& domain = "") {
    std::string outs;
    for (int i = 0; i < outputs; ++i) outs += (i ? ",\"y" : "\"y") + std::to_string(i) + "\"";
    return R"({"name":"m","opset":)" + std::to_string(opset) + R"(,"inputs":)" + inputs + R"(,"layers":[{"name":"l","op":")" + op +
           R"(","domain":")" + domain + R"(","inputs":[)" + layer_inputs + R"(],"outputs":[)" + outs + R"(],"attributes":)" + attrs + "}]}";
}

std::string int64s(const std::string& name, const Dims& values, bool scalar = false) {
    std::string v;
    for (size_t i = 0; i < values.size(); ++i) v += (i ? "," : "") + std::to_string(values[i]);
    const std::string shape = scalar ? "[]" : "[" + std::to_string(values.size()) + "]";
    return R"({"name":")" + name + R"(","shape":)" + shape + R"(,"dtype":"int64","value":[)" + v + "]}";
}

}  // namespace

TEST_CASE("NegativeLogLikelihoodLoss and SoftmaxCrossEntropyLoss - reductions and log_prob", "[spec-ops]") {
    const std::string in = R"([{"name":"x","shape":[3,5,6]},{"name":"t","shape":[3,6],"dtype":"int64"}])";
    const auto none = inspect_json(model("NegativeLogLikelihoodLoss", in, R"("x","t")", R"({"reduction":"none"})"));
    CHECK(out_dims(layer(none, "l")) == Dims{3, 6});
    const auto mean = inspect_json(model("NegativeLogLikelihoodLoss", in, R"("x","t")"));
    CHECK(out_dims(layer(mean, "l")).empty());  // a scalar
    CHECK(layer(mean, "l").flops == 90);         // one per score
    const auto sce = inspect_json(model("SoftmaxCrossEntropyLoss", in, R"("x","t")", R"({"reduction":"sum"})", 13, 2));
    CHECK(out_dims(layer(sce, "l"), 0).empty());
    CHECK(out_dims(layer(sce, "l"), 1) == Dims{3, 5, 6});  // log_prob
    CHECK(layer(sce, "l").flops == 6 * 90);
    CHECK(layer(sce, "l").bytes_written == 4 + 90 * 4);
}

TEST_CASE("training optimizers return each tensor's new value and accumulators", "[spec-ops]") {
    const std::string in = R"([{"name":"r","shape":[]},{"name":"t","shape":[],"dtype":"int64"},{"name":"x1","shape":[2,3]},{"name":"x2","shape":[4]},
      {"name":"g1","shape":[2,3]},{"name":"g2","shape":[4]},{"name":"v1","shape":[2,3]},{"name":"v2","shape":[4]},{"name":"h1","shape":[2,3]},{"name":"h2","shape":[4]}])";
    const auto adam = inspect_json(model("Adam", in, R"("r","t","x1","x2","g1","g2","v1","v2","h1","h2")", "{}", 17, 6, "ai.onnx.preview.training"));
    const auto& l = layer(adam, "l");
    CHECK(out_dims(l, 0) == Dims{2, 3});
    CHECK(out_dims(l, 1) == Dims{4});
    CHECK(out_dims(l, 2) == Dims{2, 3});  // new V1
    CHECK(out_dims(l, 5) == Dims{4});     // new H2
    CHECK(l.flops == 8 * 3 * (6 + 4));
}

TEST_CASE("DFT - onesided, inverse half spectrum, dft_length - and STFT frames", "[spec-ops]") {
    const std::string x = R"([{"name":"x","shape":[1,10,10,1]}])";
    CHECK(out_dims(layer(inspect_json(model("DFT", x, R"("x")", R"({"axis":1})", 17)), "l")) == Dims{1, 10, 10, 2});
    CHECK(out_dims(layer(inspect_json(model("DFT", x, R"("x")", R"({"axis":1,"onesided":1})", 17)), "l")) == Dims{1, 6, 10, 2});
    // DFT-20: the axis is an input (default -2); a dft_length pads or trims.
    CHECK(out_dims(layer(inspect_json(model("DFT", x, R"("x",)" + int64s("n", {16}, true) + "," + int64s("a", {2}, true), "{}", 20)), "l")) ==
          Dims{1, 10, 16, 2});
    const std::string half = R"([{"name":"x","shape":[1,6,10,2]}])";
    const auto irfft = inspect_json(model("DFT", half, R"("x")", R"({"axis":1,"inverse":1,"onesided":1})", 17));
    CHECK(out_dims(layer(irfft, "l")) == Dims{1, 10, 10, 1});
    CHECK(layer(irfft, "l").flops == 20 * 100);
    // 128 samples, frames of 16 every 8: 15 frames of 9 bins.
    const auto stft = inspect_json(model("STFT", R"([{"name":"s","shape":[1,128,1]}])", R"("s",)" + int64s("step", {8}, true) + ",\"\"," +
                                                      int64s("len", {16}, true), "{}", 17));
    CHECK(out_dims(layer(stft, "l")) == Dims{1, 15, 9, 2});
    const auto window = inspect_json(model("HannWindow", "[]", int64s("n", {10}, true), R"({"output_datatype":11})", 17));
    CHECK(window.total.folded_nodes + window.total.layers == 1);
    CHECK(window.graph_outputs.size() == 1);
    CHECK(dims(window.graph_outputs[0]) == Dims{10});
}

TEST_CASE("GridSample, AffineGrid, CenterCropPad, MaxUnpool and Det shapes", "[spec-ops]") {
    const auto grid = inspect_json(model("GridSample", R"([{"name":"x","shape":[1,3,4,4]},{"name":"g","shape":[1,6,5,2]}])", R"("x","g")"));
    CHECK(out_dims(layer(grid, "l")) == Dims{1, 3, 6, 5});
    CHECK(layer(grid, "l").flops == 8 * 90);
    const auto volumetric = inspect_json(model("GridSample", R"([{"name":"x","shape":[1,1,3,2,2]},{"name":"g","shape":[1,2,4,2,3]}])", R"("x","g")"));
    CHECK(out_dims(layer(volumetric, "l")) == Dims{1, 1, 2, 4, 2});
    const auto affine = inspect_json(model("AffineGrid", R"([{"name":"theta","shape":[2,2,3]}])", R"("theta",)" + int64s("size", {2, 3, 5, 6}), "{}", 20));
    CHECK(out_dims(layer(affine, "l")) == Dims{2, 5, 6, 2});
    const auto crop = inspect_json(model("CenterCropPad", R"([{"name":"x","shape":[20,8,3]}])", R"("x",)" + int64s("s", {10, 10}), R"({"axes":[0,1]})", 18));
    CHECK(out_dims(layer(crop, "l")) == Dims{10, 10, 3});
    const auto unpool = inspect_json(model("MaxUnpool", R"([{"name":"x","shape":[1,1,2,2]},{"name":"i","shape":[1,1,2,2],"dtype":"int64"}])",
                                           R"("x","i")", R"({"kernel_shape":[2,2],"strides":[2,2]})"));
    CHECK(out_dims(layer(unpool, "l")) == Dims{1, 1, 4, 4});
    const auto det = inspect_json(model("Det", R"([{"name":"x","shape":[5,3,3]}])", R"("x")"));
    CHECK(out_dims(layer(det, "l")) == Dims{5});
}

TEST_CASE("quantized convolutions and matmuls - output types and FLOPs", "[spec-ops]") {
    const std::string q = R"([{"name":"x","shape":[1,3,8,8],"dtype":"uint8"},{"name":"w","shape":[4,3,3,3],"dtype":"uint8"}])";
    const auto integer = inspect_json(model("ConvInteger", q, R"("x","w")", "{}", 10));
    const auto& ci = layer(integer, "l");
    CHECK(out_dims(ci) == Dims{1, 4, 6, 6});
    CHECK(ci.dtype == wattlayer::DType::Int32);
    CHECK(ci.flops == 2 * 144 * 27);
    CHECK(ci.bytes_written == 144 * 4);
    const std::string scale = R"({"name":"s","shape":[],"dtype":"float32","value":[0.1]})";
    const std::string zero = R"({"name":"z","shape":[],"dtype":"int8","value":[0]})";
    const auto qconv = inspect_json(model("QLinearConv", q, R"("x",)" + scale + ",\"z\",\"w\",\"s\",\"z\",\"s\"," + zero, "{}", 10));
    const auto& qc = layer(qconv, "l");
    CHECK(out_dims(qc) == Dims{1, 4, 6, 6});
    CHECK(qc.dtype == wattlayer::DType::Int8);  // y_zero_point's type
    CHECK(qc.flops == 2 * 144 * 27);
    const std::string m = R"([{"name":"a","shape":[2,4],"dtype":"uint8"},{"name":"b","shape":[4,3],"dtype":"uint8"}])";
    const auto mi = inspect_json(model("MatMulInteger", m, R"("a","b")", "{}", 10));
    CHECK(layer(mi, "l").dtype == wattlayer::DType::Int32);
    CHECK(layer(mi, "l").bytes_written == 6 * 4);
    const auto qm = inspect_json(model("QLinearMatMul", m, R"("a",)" + scale + "," + zero + ",\"b\",\"s\",\"z\",\"s\",\"z\"", "{}", 10));
    CHECK(out_dims(layer(qm, "l")) == Dims{2, 3});
    CHECK(layer(qm, "l").dtype == wattlayer::DType::Int8);
    CHECK(layer(qm, "l").flops == 2 * 6 * 4);
}

TEST_CASE("DeformConv and LinearAttention - shapes and FLOPs", "[spec-ops]") {
    const auto deform = inspect_json(model("DeformConv", R"([{"name":"x","shape":[1,1,3,3]},{"name":"w","shape":[1,1,2,2]},{"name":"o","shape":[1,8,2,2]}])",
                                           R"("x","w","o")", R"({"kernel_shape":[2,2]})"));
    const auto& d = layer(deform, "l");
    CHECK(out_dims(d) == Dims{1, 1, 2, 2});
    CHECK(d.flops == 2 * 4 * 4 + 8 * 4 * 4);  // the convolution, then a bilinear sample per tap and position
    const std::string qkv = R"([{"name":"q","shape":[2,3,32]},{"name":"k","shape":[2,3,32]},{"name":"v","shape":[2,3,32]}])";
    const auto linear = inspect_json(model("LinearAttention", qkv, R"("q","k","v")", R"({"q_num_heads":4,"kv_num_heads":4})", 27, 2));
    const auto& la = layer(linear, "l");
    CHECK(out_dims(la, 0) == Dims{2, 3, 32});
    CHECK(out_dims(la, 1) == Dims{2, 4, 8, 8});  // the recurrent state, one dk x dv matrix per head
    CHECK(la.flops == 6 * (2 * 4 + 3 * 4) * 64);
}

TEST_CASE("NonZero, Compress and Unique are exact on constants and bounded otherwise", "[spec-ops]") {
    const std::string values = R"({"name":"c","shape":[2,3],"dtype":"int64","value":[1,0,2,2,0,1]})";
    const auto nonzero = inspect_json(model("NonZero", "[]", values));
    CHECK(dims(nonzero.graph_outputs[0]) == Dims{2, 4});
    const auto unique = inspect_json(model("Unique", "[]", values, "{}", 11, 4));
    CHECK(dims(unique.graph_outputs[0]) == Dims{3});  // 0, 1, 2
    CHECK(dims(unique.graph_outputs[2]) == Dims{6});  // inverse indices: one per element
    const auto rows = inspect_json(model("Unique", "[]", R"({"name":"c","shape":[3,2],"dtype":"int64","value":[1,2,1,2,3,4]})", R"({"axis":0})", 11, 4));
    CHECK(dims(rows.graph_outputs[0]) == Dims{2, 2});  // two distinct rows
    const auto compress = inspect_json(model("Compress", R"([{"name":"x","shape":[3,2]}])",
                                             R"("x",{"name":"m","shape":[3],"dtype":"bool","value":[1,0,1]})", R"({"axis":0})", 11));
    CHECK(out_dims(layer(compress, "l")) == Dims{2, 2});
    const auto runtime = inspect_json(model("NonZero", R"([{"name":"x","shape":[2,3]}])", R"("x")"));
    CHECK(dims(runtime.graph_outputs[0]) == Dims{2, 6});  // at most every element
    CHECK(find_warning(runtime, "data_dependent_bound") != nullptr);
    InspectOptions keep;
    keep.keep_symbols = true;
    const auto unbounded = inspect_json(model("NonZero", R"([{"name":"x","shape":[2,"n"]}])", R"("x")"), keep);
    CHECK(find_warning(unbounded, "data_dependent") != nullptr);  // no bound without the input's size
}

TEST_CASE("same-shape operators of recent opsets - types from attributes", "[spec-ops]") {
    const std::string x = R"([{"name":"x","shape":[2,4,3,8]}])";
    const auto rms = inspect_json(model("RMSNormalization", x, R"("x")", "{}", 23));
    CHECK(out_dims(layer(rms, "l")) == Dims{2, 4, 3, 8});
    CHECK(layer(rms, "l").category == "normalization");
    CHECK(layer(rms, "l").flops == 4 * 192);
    const auto eye = inspect_json(model("EyeLike", R"([{"name":"x","shape":[3,4],"dtype":"int32"}])", R"("x")", R"({"dtype":11})"));
    CHECK(layer(eye, "l").dtype == wattlayer::DType::Double);
    const auto bitcast = inspect_json(model("BitCast", R"([{"name":"x","shape":[2,3]}])", R"("x")", R"({"to":6})", 26));
    CHECK(layer(bitcast, "l").dtype == wattlayer::DType::Int32);
    CHECK(layer(bitcast, "l").bytes_written == 0);  // a view
    const auto tfidf = inspect_json(model("TfIdfVectorizer", R"([{"name":"x","shape":[2,6],"dtype":"int32"}])", R"("x")",
                                          R"({"mode":"TF","min_gram_length":2,"max_gram_length":2,"max_skip_count":0,"ngram_counts":[0,4],"ngram_indexes":[0,1,2,3,4,5,6]})", 9));
    CHECK(out_dims(layer(tfidf, "l")) == Dims{2, 7});
    // PRelu's output is X's shape at every opset, the per-channel slope of opset 6 included.
    const auto prelu = inspect_json(model("PRelu", R"([{"name":"x","shape":[2,3,4]},{"name":"s","shape":[3]}])", R"("x","s")", "{}", 6));
    CHECK(out_dims(layer(prelu, "l")) == Dims{2, 3, 4});
}

TEST_CASE("com.microsoft attention operators - outputs, present caches and FLOPs", "[spec-ops]") {
    // Attention: input [2, 8, 64] by weights [64, 192], 4 heads of 16; a past of 5 positions.
    const auto attention = inspect_json(model("Attention", R"([{"name":"x","shape":[2,8,64]},{"name":"w","shape":[64,192]},
        {"name":"b","shape":[192]},{"name":"past","shape":[2,2,4,5,16]}])", R"("x","w","b","","past")", R"({"num_heads":4})", 17, 2, "com.microsoft"));
    const auto& a = layer(attention, "l");
    CHECK(a.category == "attention");
    CHECK(out_dims(a, 0) == Dims{2, 8, 64});
    CHECK(out_dims(a, 1) == Dims{2, 2, 4, 13, 16});  // past 5 + 8 new positions
    const int64_t scores = 2 * 4 * 8 * 13;
    CHECK(a.flops == 2 * 2 * 8 * 64 * 192 + 2 * scores * 32 + 5 * scores);

    // MultiHeadAttention with a past: present caches grow by the new keys.
    const auto mha = inspect_json(model("MultiHeadAttention", R"([{"name":"q","shape":[1,3,32]},{"name":"k","shape":[1,3,32]},
        {"name":"v","shape":[1,3,32]},{"name":"pk","shape":[1,4,6,8]},{"name":"pv","shape":[1,4,6,8]}])", R"("q","k","v","","","","pk","pv")",
        R"({"num_heads":4})", 17, 3, "com.microsoft"));
    const auto& m = layer(mha, "l");
    CHECK(out_dims(m, 0) == Dims{1, 3, 32});
    CHECK(out_dims(m, 1) == Dims{1, 4, 9, 8});
    CHECK(m.flops == 2 * (4 * 3 * 9) * 16 + 5 * (4 * 3 * 9));

    // GroupQueryAttention: 8 query heads over 2 key/value heads; a shared 16-position cache.
    const auto gqa = inspect_json(model("GroupQueryAttention", R"([{"name":"q","shape":[1,1,64]},{"name":"k","shape":[1,1,16]},
        {"name":"v","shape":[1,1,16]},{"name":"pk","shape":[1,2,16,8],"dtype":"float16"},{"name":"pv","shape":[1,2,16,8],"dtype":"float16"},
        {"name":"seqlens","shape":[1],"dtype":"int32"}])", R"("q","k","v","pk","pv","seqlens",)" + int64s("total", {10}, true),
        R"({"num_heads":8,"kv_num_heads":2})", 17, 3, "com.microsoft"));
    const auto& g = layer(gqa, "l");
    CHECK(out_dims(g, 0) == Dims{1, 1, 64});
    CHECK(out_dims(g, 1) == Dims{1, 2, 16, 8});  // the shared buffer keeps its length
    CHECK(g.flops == 2 * (8 * 1 * 16) * 16 + 5 * (8 * 16));
}

TEST_CASE("com.microsoft normalization, activation and quantized operators", "[spec-ops]") {
    const std::string x = R"([{"name":"x","shape":[2,8,64]},{"name":"s","shape":[2,8,64]},{"name":"g","shape":[64]}])";
    const auto skip = inspect_json(model("SkipLayerNormalization", x, R"("x","s","g")", "{}", 17, 4, "com.microsoft"));
    const auto& sl = layer(skip, "l");
    CHECK(sl.category == "normalization");
    CHECK(out_dims(sl, 0) == Dims{2, 8, 64});
    CHECK(out_dims(sl, 1) == Dims{2, 8, 1});
    CHECK(out_dims(sl, 3) == Dims{2, 8, 64});  // input + skip (+ bias)
    const auto embed = inspect_json(model("EmbedLayerNormalization", R"([{"name":"ids","shape":[2,8],"dtype":"int32"},
        {"name":"seg","shape":[2,8],"dtype":"int32"},{"name":"we","shape":[1000,64]},{"name":"pe","shape":[512,64]}])",
        R"("ids","seg","we","pe")", "{}", 17, 2, "com.microsoft"));
    CHECK(out_dims(layer(embed, "l"), 0) == Dims{2, 8, 64});
    CHECK(out_dims(layer(embed, "l"), 1) == Dims{2});
    const auto gelu = inspect_json(model("FastGelu", R"([{"name":"x","shape":[2,8,64]}])", R"("x")", "{}", 17, 1, "com.microsoft"));
    CHECK(layer(gelu, "l").flops == 8 * 1024);
    // MatMulNBits: [2, 8, 64] by a 4-bit 96 x 64 matrix packed as [96, 2, 16] bytes.
    const auto nbits = inspect_json(model("MatMulNBits", R"([{"name":"a","shape":[2,8,64]}])", R"("a",{"name":"b","shape":[96,2,16],"dtype":"uint8","weight":true},{"name":"sc","shape":[192],"weight":true})",
        R"({"K":64,"N":96,"bits":4,"block_size":32})", 17, 1, "com.microsoft"));
    const auto& nb = layer(nbits, "l");
    CHECK(out_dims(nb) == Dims{2, 8, 96});
    CHECK(nb.category == "matmul");
    CHECK(nb.flops == 2 * 16 * 96 * 64);
    CHECK(nb.params == 96 * 64);  // two 4-bit weights a byte; the block scales are not parameters
    const auto qadd = inspect_json(model("QLinearAdd", R"([{"name":"a","shape":[1,4,8],"dtype":"uint8"},{"name":"b","shape":[8],"dtype":"uint8"}])",
        R"("a",{"name":"s","shape":[],"value":[0.1]},{"name":"z","shape":[],"dtype":"uint8","value":[128]},"b","s","z","s","z")", "{}", 17, 1, "com.microsoft"));
    CHECK(out_dims(layer(qadd, "l")) == Dims{1, 4, 8});
    CHECK(layer(qadd, "l").dtype == wattlayer::DType::UInt8);
}

TEST_CASE("more com.microsoft operators of quantized and diffusion exports", "[spec-ops]") {
    const std::string scale = R"({"name":"s","shape":[],"value":[0.1]})", zero = R"({"name":"z","shape":[],"dtype":"int8","value":[0]})";
    // QAttention: int8 input [2, 8, 64] and weights [64, 192]; float output like Attention's.
    const auto qatt = inspect_json(model("QAttention", R"([{"name":"x","shape":[2,8,64],"dtype":"int8"},{"name":"w","shape":[64,192],"dtype":"int8"},
        {"name":"b","shape":[192]}])", R"("x","w","b",)" + scale + "," + scale + R"(,"",)" + zero + "," + zero, R"({"num_heads":4})", 17, 2, "com.microsoft"));
    const auto& qa = layer(qatt, "l");
    CHECK(out_dims(qa, 0) == Dims{2, 8, 64});
    CHECK(out_dims(qa, 1) == Dims{2, 2, 4, 8, 16});
    CHECK(qa.dtype == wattlayer::DType::Float);
    CHECK(qa.flops == 2 * 2 * 8 * 64 * 192 + 2 * (2 * 4 * 8 * 8) * 32 + 5 * (2 * 4 * 8 * 8));
    // DecoderMaskedMultiHeadAttention: one token over a shared 32-position buffer.
    const auto dmmha = inspect_json(model("DecoderMaskedMultiHeadAttention", R"([{"name":"q","shape":[1,1,64]},{"name":"k","shape":[1,1,64]},
        {"name":"v","shape":[1,1,64]},{"name":"pk","shape":[1,4,32,16]},{"name":"pv","shape":[1,4,32,16]}])", R"("q","k","v","","","pk","pv")",
        R"({"num_heads":4,"past_present_share_buffer":1})", 17, 3, "com.microsoft"));
    CHECK(out_dims(layer(dmmha, "l"), 0) == Dims{1, 1, 64});
    CHECK(out_dims(layer(dmmha, "l"), 1) == Dims{1, 4, 32, 16});
    CHECK(layer(dmmha, "l").category == "attention");
    // QLinearWhere broadcasts like Where, in X's type; QLinearReduceMean takes its axes from the attribute.
    const auto qwhere = inspect_json(model("QLinearWhere", R"([{"name":"c","shape":[4,1],"dtype":"bool"},{"name":"x","shape":[1,8],"dtype":"int8"},
        {"name":"y","shape":[4,8],"dtype":"int8"}])", R"("c","x",)" + scale + "," + zero + R"(,"y",)" + scale + "," + zero + "," + scale + "," + zero,
        "{}", 17, 1, "com.microsoft"));
    CHECK(out_dims(layer(qwhere, "l")) == Dims{4, 8});
    CHECK(layer(qwhere, "l").dtype == wattlayer::DType::Int8);
    const auto qmean = inspect_json(model("QLinearReduceMean", R"([{"name":"x","shape":[2,6,8],"dtype":"int8"}])",
        R"("x",)" + scale + "," + zero + "," + scale + "," + zero, R"({"axes":[1],"keepdims":0})", 17, 1, "com.microsoft"));
    CHECK(out_dims(layer(qmean, "l")) == Dims{2, 8});
    CHECK(layer(qmean, "l").flops == 96);
    // MatMulIntegerToFloat: int8 x int8, float out.
    const auto mmf = inspect_json(model("MatMulIntegerToFloat", R"([{"name":"a","shape":[3,16],"dtype":"int8"},{"name":"b","shape":[16,4],"dtype":"int8"}])",
        R"("a","b",)" + scale + "," + scale, "{}", 17, 1, "com.microsoft"));
    CHECK(out_dims(layer(mmf, "l")) == Dims{3, 4});
    CHECK(layer(mmf, "l").dtype == wattlayer::DType::Float);
    CHECK(layer(mmf, "l").flops == 2 * 3 * 16 * 4);
    // Stable Diffusion's UNet after ORT's optimizer: GroupNorm, SkipGroupNorm, BiasSplitGelu (NHWC).
    const std::string nhwc = R"([{"name":"x","shape":[1,64,64,320]},{"name":"g","shape":[320]},{"name":"b","shape":[320]}])";
    CHECK(out_dims(layer(inspect_json(model("GroupNorm", nhwc, R"("x","g","b")", R"({"groups":32,"channels_last":1})", 17, 1, "com.microsoft")), "l")) ==
          Dims{1, 64, 64, 320});
    const auto sgn = inspect_json(model("SkipGroupNorm", nhwc, R"("x","g","b","x")", R"({"groups":32})", 17, 2, "com.microsoft"));
    CHECK(out_dims(layer(sgn, "l"), 1) == Dims{1, 64, 64, 320});
    const auto split = inspect_json(model("BiasSplitGelu", R"([{"name":"x","shape":[1,4096,2560]},{"name":"b","shape":[2560]}])", R"("x","b")",
        "{}", 17, 1, "com.microsoft"));
    CHECK(out_dims(layer(split, "l")) == Dims{1, 4096, 1280});
    CHECK(out_dims(layer(inspect_json(model("FusedGemm", R"([{"name":"a","shape":[3,16]},{"name":"b","shape":[16,4]}])", R"("a","b")",
        R"({"activation":"Relu"})", 17, 1, "com.microsoft")), "l")) == Dims{3, 4});
}

TEST_CASE("ai.onnx.ml operators get shapes and the classical_ml category", "[spec-ops]") {
    const std::string x = R"([{"name":"x","shape":[5,4]}])";
    const auto trees = inspect_json(model("TreeEnsembleClassifier", x, R"("x")", R"({"classlabels_strings":["a","b","c"],"nodes_treeids":[0]})",
                                          17, 2, "ai.onnx.ml"));
    const auto& t = layer(trees, "l");
    CHECK(t.category == "classical_ml");
    CHECK(out_dims(t, 0) == Dims{5});
    CHECK(t.dtype == wattlayer::DType::String);
    CHECK(out_dims(t, 1) == Dims{5, 3});
    CHECK(t.flops == 20);
    CHECK(find_warning(trees, "unknown_operator") == nullptr);
    const auto regressor = inspect_json(model("LinearRegressor", x, R"("x")", R"({"targets":2,"coefficients":[1,2,3,4,5,6,7,8]})", 17, 1, "ai.onnx.ml"));
    CHECK(out_dims(layer(regressor, "l")) == Dims{5, 2});
    const auto encoder = inspect_json(model("OneHotEncoder", R"([{"name":"x","shape":[5,1],"dtype":"int64"}])", R"("x")", R"({"cats_int64s":[1,2,3,4]})",
                                            17, 1, "ai.onnx.ml"));
    CHECK(out_dims(layer(encoder, "l")) == Dims{5, 1, 4});
    const auto scaler = inspect_json(model("Scaler", R"([{"name":"x","shape":[5,4],"dtype":"int64"}])", R"("x")", R"({"scale":[2.0]})", 17, 1, "ai.onnx.ml"));
    CHECK(layer(scaler, "l").dtype == wattlayer::DType::Float);
    const auto labels = inspect_json(model("LabelEncoder", R"([{"name":"x","shape":[5],"dtype":"int64"}])", R"("x")",
                                           R"({"keys_int64s":[1,2],"values_strings":["a","b"]})", 17, 1, "ai.onnx.ml"));
    CHECK(layer(labels, "l").dtype == wattlayer::DType::String);
    const auto features = inspect_json(model("FeatureVectorizer", R"([{"name":"a","shape":[5,2]},{"name":"b","shape":[5,3]}])", R"("a","b")",
                                             R"({"inputdimensions":[2,3]})", 17, 1, "ai.onnx.ml"));
    CHECK(out_dims(layer(features, "l")) == Dims{5, 5});
}

TEST_CASE("a declared output shape fills the dims inference leaves unknown, never an inferred one", "[spec-ops]") {
    auto nonzero_declared = [](const std::string& declared) {
        // x's symbolic axis, kept symbolic, leaves NonZero without a bound.
        InspectOptions keep;
        keep.keep_symbols = true;
        return inspect_json(R"({"name":"m","inputs":[{"name":"x","shape":[2,"n"]}],"layers":[{"name":"nz","op":"NonZero","inputs":["x"],
          "outputs":[{"name":"y","shape":)" + declared + R"(}]}]})", keep);
    };
    const auto filled = nonzero_declared("[2,5]");
    CHECK(out_dims(layer(filled, "nz")) == Dims{2, 5});
    CHECK(warning_names(filled, "declared_shape", "nz"));
    const auto conflicting = nonzero_declared("[3,5]");
    CHECK(out_dims(layer(conflicting, "nz")) == Dims{2, 5});  // the inferred rank-2 count stays
}

TEST_CASE("weights reached through a view or spelled as ConstantOfShape count as parameters", "[spec-ops]") {
    const auto reshaped = inspect_json(R"({"name":"m","inputs":[{"name":"x","shape":[2,6]}],"layers":[
      {"name":"r","op":"Reshape","inputs":[{"name":"w","shape":[4,6],"weight":true},{"name":"s","shape":[2],"dtype":"int64","value":[6,4]}],"outputs":["wr"]},
      {"name":"mm","op":"MatMul","inputs":["x","wr"],"outputs":["y"]}]})");
    CHECK_FALSE(has_layer(reshaped, "r"));  // a view of a weight is a constant
    CHECK(layer(reshaped, "mm").params == 24);
    CHECK(reshaped.total.params == 24);
    const auto zoo = inspect_json(R"({"name":"m","inputs":[{"name":"x","shape":[2,6]}],"layers":[
      {"name":"c","op":"ConstantOfShape","inputs":[{"name":"s","shape":[2],"dtype":"int64","value":[6,4]}],"outputs":["w"]},
      {"name":"mm","op":"MatMul","inputs":["x","w"],"outputs":["y"]}]})");
    CHECK(layer(zoo, "mm").params == 24);
    CHECK(layer(zoo, "mm").weight_bytes == 96);
    CHECK(zoo.total.params == 24);
}

TEST_CASE("quantized weights count as parameters - scales and zero points do not", "[spec-ops]") {
    const std::string scale = R"({"name":"s","shape":[],"dtype":"float32","value":[0.1]})";
    const std::string zero = R"({"name":"z","shape":[],"dtype":"int8","value":[0]})";
    const auto qconv = inspect_json(model("QLinearConv", R"([{"name":"x","shape":[1,3,8,8],"dtype":"int8"}])",
        R"("x",)" + scale + "," + zero + R"(,{"name":"w","shape":[4,3,3,3],"dtype":"int8","weight":true},"s","z","s","z",)" +
        R"({"name":"b","shape":[4],"dtype":"int32","weight":true})", "{}", 10));
    CHECK(layer(qconv, "l").params == 4 * 27 + 4);  // int8 weights and the int32 bias
    const auto qdq = inspect_json(model("DequantizeLinear", "[]", R"({"name":"w","shape":[4,3],"dtype":"int8","weight":true},)" + scale + "," + zero, "{}", 13));
    CHECK(qdq.total.params == 12);
    // An integer index tensor is no parameter.
    const auto gather = inspect_json(model("Gather", R"([{"name":"x","shape":[10,4]}])", R"("x",{"name":"i","shape":[3],"dtype":"int64","weight":true})"));
    CHECK(gather.total.params == 0);
}

TEST_CASE("com.microsoft QGemm, FusedMatMul, QLinearConcat and QLinear pools", "[spec-ops]") {
    const std::string scale = R"({"name":"s","shape":[],"dtype":"float32","value":[0.1]})";
    const std::string zero = R"({"name":"z","shape":[],"dtype":"uint8","value":[0]})";
    const auto qgemm = inspect_json(model("QGemm", R"([{"name":"a","shape":[4,8],"dtype":"uint8"},{"name":"b","shape":[6,8],"dtype":"uint8"}])",
        R"("a",)" + scale + "," + zero + R"(,"b","s","z")", R"({"transB":1})", 17, 1, "com.microsoft"));
    CHECK(out_dims(layer(qgemm, "l")) == Dims{4, 6});
    CHECK(layer(qgemm, "l").dtype == wattlayer::DType::Float);  // no output zero point: float out
    CHECK(layer(qgemm, "l").flops == 2 * 24 * 8);                 // no bias C
    const auto fused = inspect_json(model("FusedMatMul", R"([{"name":"a","shape":[2,8,4]},{"name":"b","shape":[2,8,5]}])", R"("a","b")",
                                          R"({"transA":1})", 17, 1, "com.microsoft"));
    CHECK(out_dims(layer(fused, "l")) == Dims{2, 4, 5});
    CHECK(layer(fused, "l").flops == 2 * 40 * 8);
    const auto concat = inspect_json(model("QLinearConcat", R"([{"name":"x1","shape":[1,3,4],"dtype":"uint8"},{"name":"x2","shape":[1,5,4],"dtype":"uint8"}])",
        scale + "," + zero + R"(,"x1","s","z","x2","s","z")", R"({"axis":1})", 17, 1, "com.microsoft"));
    CHECK(out_dims(layer(concat, "l")) == Dims{1, 8, 4});
    const auto pool = inspect_json(model("QLinearGlobalAveragePool", R"([{"name":"x","shape":[1,7,7,16],"dtype":"uint8"}])", R"("x","s","z","s","z")",
                                         R"({"channels_last":1})", 17, 1, "com.microsoft"));
    CHECK(out_dims(layer(pool, "l")) == Dims{1, 1, 1, 16});
}

TEST_CASE("a --dim that no input names is a warning that lists the names the inputs have", "[spec-ops]") {
    InspectOptions options;
    options.dims["seq"] = 64;      // a typo of "sequence"
    options.dims["sequence"] = 32;
    const auto r = inspect_json(R"({"name":"m","inputs":[{"name":"x","shape":["batch","sequence",16]}],
      "layers":[{"name":"relu","op":"Relu","inputs":["x"],"outputs":["y"]}]})", options);
    const auto* w = find_warning(r, "unused_dim");
    REQUIRE(w != nullptr);
    CHECK(w->message.find("--dim seq=64") != std::string::npos);
    CHECK(w->message.find("batch, sequence") != std::string::npos);
    CHECK(out_dims(layer(r, "relu"))[1] == 32);
}
