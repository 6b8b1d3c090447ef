// Attention: the exported pattern (MatMul Q.K^T, scale, Softmax, MatMul with V) costed layer by
// layer, and the fused ONNX Attention operator (opset 23, category "attention") costed as
// 2 x B x H x S x L x D (Q.K^T) + 2 x B x H x S x L x Dv (P.V) + 5 x B x H x S x L (softmax).
// Operators of other domains (com.microsoft) are not in the registry: unknown, not fatal.
#include "test_helpers.hpp"

using namespace wltest;

namespace {
using Dims = std::vector<int64_t>;
}

TEST_CASE("exported attention pattern - shapes and FLOPs per layer", "[attention]") {
    // B=1, H=4, S=16, D=8.
    const auto r = inspect_json(R"({"name":"m","inputs":[{"name":"q","shape":[1,4,16,8]},{"name":"k","shape":[1,4,16,8]},
                                                         {"name":"v","shape":[1,4,16,8]}],
      "layers":[{"name":"kt","op":"Transpose","inputs":["k"],"outputs":["kt"],"attributes":{"perm":[0,1,3,2]}},
                {"name":"qk","op":"MatMul","inputs":["q","kt"],"outputs":["s"]},
                {"name":"scale","op":"Div","inputs":["s",{"name":"sqrt_d","shape":[],"value":[2.828]}],"outputs":["ss"]},
                {"name":"softmax","op":"Softmax","inputs":["ss"],"outputs":["p"],"attributes":{"axis":-1}},
                {"name":"pv","op":"MatMul","inputs":["p","v"],"outputs":["o"]}]})");
    CHECK(out_dims(layer(r, "kt")) == Dims{1, 4, 8, 16});
    const auto& qk = layer(r, "qk");
    CHECK(qk.category == "matmul");
    CHECK(out_dims(qk) == Dims{1, 4, 16, 16});
    CHECK(qk.flops == 2 * 1024 * 8);  // 1024 scores, each a dot product of length 8
    CHECK(layer(r, "scale").flops == 1024);
    CHECK(layer(r, "scale").params == 1);
    CHECK(layer(r, "softmax").flops == 5 * 1024);
    const auto& pv = layer(r, "pv");
    CHECK(out_dims(pv) == Dims{1, 4, 16, 8});
    CHECK(pv.flops == 2 * 512 * 16);  // 512 outputs, each a dot product of length S = 16
    CHECK(r.total.flops == 16384 + 1024 + 5120 + 16384);
    CHECK(r.total.unknown_shape_layers == 0);
}

TEST_CASE("the same pattern with heads split by Reshape and Transpose", "[attention]") {
    // x [2,10,32] -> [2,10,4,8] -> [2,4,10,8]; scores [2,4,10,10].
    const auto r = inspect_json(R"({"name":"m","inputs":[{"name":"x","shape":[2,10,32]}],
      "layers":[{"name":"split","op":"Reshape","inputs":["x",{"name":"t","shape":[4],"dtype":"int64","value":[0,0,4,8]}],"outputs":["xh"]},
                {"name":"heads","op":"Transpose","inputs":["xh"],"outputs":["q"],"attributes":{"perm":[0,2,1,3]}},
                {"name":"kt","op":"Transpose","inputs":["xh"],"outputs":["kt"],"attributes":{"perm":[0,2,3,1]}},
                {"name":"qk","op":"MatMul","inputs":["q","kt"],"outputs":["s"]},
                {"name":"softmax","op":"Softmax","inputs":["s"],"outputs":["p"],"attributes":{"axis":-1}},
                {"name":"pv","op":"MatMul","inputs":["p","q"],"outputs":["o"]}]})");
    CHECK(out_dims(layer(r, "kt")) == Dims{2, 4, 8, 10});
    CHECK(out_dims(layer(r, "qk")) == Dims{2, 4, 10, 10});
    CHECK(layer(r, "qk").flops == 2 * 800 * 8);
    CHECK(layer(r, "softmax").flops == 5 * 800);
    CHECK(out_dims(layer(r, "pv")) == Dims{2, 4, 10, 8});
    CHECK(layer(r, "pv").flops == 2 * 640 * 10);
}

TEST_CASE("ONNX Attention (opset 23) with 4-D inputs", "[attention]") {
    // B=1, H=4, S=16, L=32, D=8, Dv=10.
    const auto r = inspect_json(R"({"name":"m","opset":23,"inputs":[{"name":"q","shape":[1,4,16,8]},{"name":"k","shape":[1,4,32,8]},
                                                                    {"name":"v","shape":[1,4,32,10]}],
      "layers":[{"name":"attn","op":"Attention","inputs":["q","k","v"],"outputs":["y"]}]})");
    const auto& l = layer(r, "attn");
    CHECK(l.category == "attention");
    CHECK(out_dims(l) == Dims{1, 4, 16, 10});
    const int64_t qk = 2 * 4 * 16 * 32 * 8, pv = 2 * 4 * 16 * 32 * 10, softmax = 5 * 4 * 16 * 32;
    CHECK(l.flops == qk + pv + softmax);
    CHECK(l.bytes_read == (512 + 1024 + 1280) * 4);
    CHECK(l.bytes_written == 640 * 4);
}

TEST_CASE("ONNX Attention with 3-D inputs and equal hidden sizes keeps Q's shape", "[attention]") {
    // [B, S, H x D] with 4 heads of 8.
    const auto r = inspect_json(R"({"name":"m","opset":23,"inputs":[{"name":"q","shape":[2,16,32]},{"name":"k","shape":[2,24,32]},
                                                                    {"name":"v","shape":[2,24,32]}],
      "layers":[{"name":"attn","op":"Attention","inputs":["q","k","v"],"outputs":["y"],
                 "attributes":{"q_num_heads":4,"kv_num_heads":4}}]})");
    const auto& l = layer(r, "attn");
    CHECK(l.category == "attention");
    CHECK(out_dims(l) == Dims{2, 16, 32});
    CHECK(l.bytes_read == (1024 + 1536 + 1536) * 4);
    CHECK(l.flops == 2 * (2 * 16 * 24 * 32) + 2 * (2 * 16 * 24 * 32) + 5 * (2 * 4 * 16 * 24));
}

TEST_CASE("ONNX Attention with 3-D inputs takes the output hidden size from V", "[attention]") {
    const auto r = inspect_json(R"({"name":"m","opset":23,"inputs":[{"name":"q","shape":[2,16,32]},{"name":"k","shape":[2,24,32]},
                                                                    {"name":"v","shape":[2,24,48]}],
      "layers":[{"name":"attn","op":"Attention","inputs":["q","k","v"],"outputs":["y"],
                 "attributes":{"q_num_heads":4,"kv_num_heads":4}}]})");
    CHECK(out_dims(layer(r, "attn")) == Dims{2, 16, 48});
}

TEST_CASE("ONNX Attention with grouped-query heads: Y has the Q heads times V's head size", "[attention]") {
    // ONNX's test_attention_3d_gqa: 9 query heads share 3 key/value heads of 8.
    const auto r = inspect_json(R"({"name":"m","opset":23,"inputs":[{"name":"q","shape":[2,4,72]},{"name":"k","shape":[2,6,24]},
                                                                    {"name":"v","shape":[2,6,24]}],
      "layers":[{"name":"attn","op":"Attention","inputs":["q","k","v"],"outputs":["y"],
                 "attributes":{"q_num_heads":9,"kv_num_heads":3}}]})");
    const auto& l = layer(r, "attn");
    CHECK(out_dims(l) == Dims{2, 4, 72});  // was [2, 4, 24]
    const int64_t qk = 2 * (2 * 4 * 72) * 6, pv = 2 * (2 * 4 * 72) * 6, softmax = 5 * (2 * 9 * 4 * 6);
    CHECK(l.flops == qk + pv + softmax);
}

TEST_CASE("ONNX Attention with a past cache: present key and value, QK output, FLOPs over the whole sequence", "[attention]") {
    // ONNX's test_attention_3d_with_past_and_present_qk_matmul, with V's head size 10 (diff_heads).
    const auto r = inspect_json(R"({"name":"m","opset":23,"inputs":[{"name":"q","shape":[2,4,24]},{"name":"k","shape":[2,6,24]},
          {"name":"v","shape":[2,6,30]},{"name":"mask","shape":[4,18]},{"name":"pk","shape":[2,3,12,8]},{"name":"pv","shape":[2,3,12,10]}],
      "layers":[{"name":"attn","op":"Attention","inputs":["q","k","v","mask","pk","pv"],"outputs":["y","present_key","present_value","qk"],
                 "attributes":{"q_num_heads":3,"kv_num_heads":3}}]})");
    const auto& l = layer(r, "attn");
    REQUIRE(l.outputs.size() == 4);
    CHECK(l.shape_known);
    CHECK(dims(l.outputs[0]) == Dims{2, 4, 30});
    CHECK(dims(l.outputs[1]) == Dims{2, 3, 18, 8});
    CHECK(dims(l.outputs[2]) == Dims{2, 3, 18, 10});
    CHECK(dims(l.outputs[3]) == Dims{2, 3, 4, 18});
    const int64_t qk = 2 * (2 * 4 * 24) * 18, pv = 2 * (2 * 4 * 30) * 18, softmax = 5 * (2 * 3 * 4 * 18);
    CHECK(l.flops == qk + pv + softmax);
    CHECK(l.bytes_written == (240 + 864 + 1080 + 432) * 4);
}

TEST_CASE("4-D grouped-query Attention with a past cache", "[attention]") {
    const auto r = inspect_json(R"({"name":"m","opset":23,"inputs":[{"name":"q","shape":[2,9,4,8]},{"name":"k","shape":[2,3,6,8]},
          {"name":"v","shape":[2,3,6,8]},{"name":"pk","shape":[2,3,12,8]},{"name":"pv","shape":[2,3,12,8]}],
      "layers":[{"name":"attn","op":"Attention","inputs":["q","k","v",null,"pk","pv"],"outputs":["y","present_key","present_value"]}]})");
    const auto& l = layer(r, "attn");
    CHECK(dims(l.outputs[0]) == Dims{2, 9, 4, 8});
    CHECK(dims(l.outputs[1]) == Dims{2, 3, 18, 8});
    CHECK(dims(l.outputs[2]) == Dims{2, 3, 18, 8});
}

TEST_CASE("an attention operator outside the registry is unknown but not fatal", "[attention]") {
    const auto r = inspect_json(R"({"name":"m","inputs":[{"name":"x","shape":[1,16,32]}],
      "layers":[{"name":"mha","op":"PagedAttention","domain":"com.microsoft","inputs":["x","x","x"],"outputs":["y"],
                 "attributes":{"num_heads":4}},
                {"name":"relu","op":"Relu","inputs":["y"],"outputs":["z"]}]})");
    const auto& l = layer(r, "mha");
    CHECK(l.domain == "com.microsoft");
    CHECK(l.category == "other");
    CHECK(l.flops == 0);
    CHECK_FALSE(l.shape_known);
    CHECK_FALSE(layer(r, "relu").shape_known);  // fed by an unknown shape
    CHECK(warning_names(r, "unknown_operator", "mha"));
    const auto* w = find_warning(r, "unknown_operator");
    REQUIRE(w != nullptr);
    CHECK(w->message.find("com.microsoft::PagedAttention x1") != std::string::npos);  // a JSON model imports no com.microsoft version
}
