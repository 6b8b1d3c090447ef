// PyTorch call records in the JSON model format: translated to ONNX operators, then inferred and
// costed like any other layer. Expected FLOPs are computed by hand from the recorded shapes.
#include "test_helpers.hpp"

using namespace wltest;

namespace {
Report inspect_calls(const std::string& layers) {
    return inspect_json(R"({"name":"calls","opset":23,"layers":[)" + layers + "]}");
}
}  // namespace

TEST_CASE("conv2d record becomes a Conv with its stride - padding and groups", "[torch]") {
    // out 1x64x112x112, Cin/group 3, kernel 7x7: 2 x 802816 x 147 FLOPs, no bias.
    const auto r = inspect_calls(R"({"name":"c","func":"torch._VariableFunctionsClass.conv2d",
      "args":[{"shape":[1,3,224,224],"dtype":"float32"},{"shape":[64,3,7,7],"dtype":"float32"},null,[2,2],[3,3],[1,1],1],
      "kwargs":{},"out":[{"shape":[1,64,112,112],"dtype":"float32"}]})");
    const auto& l = layer(r, "c");
    CHECK(l.op == "Conv");
    CHECK(l.category == "conv");
    CHECK(out_dims(l) == std::vector<int64_t>{1, 64, 112, 112});
    CHECK(l.flops == 2LL * 64 * 112 * 112 * 3 * 7 * 7);
    CHECK(l.params == 64 * 3 * 7 * 7);
    CHECK(r.total.unknown_shape_layers == 0);
}

TEST_CASE("linear record is a MatMul by the transposed weight - the bias counts as parameters", "[torch]") {
    const auto r = inspect_calls(R"({"name":"fc","func":"torch.linear",
      "args":[{"shape":[8,128,768],"dtype":"float32"},{"shape":[3072,768],"dtype":"float32"},{"shape":[3072],"dtype":"float32"}],
      "kwargs":{},"out":[{"shape":[8,128,3072],"dtype":"float32"}]})");
    const auto& l = layer(r, "fc");
    CHECK(l.op == "MatMul");
    CHECK(out_dims(l) == std::vector<int64_t>{8, 128, 3072});
    CHECK(l.flops == 2LL * 8 * 128 * 3072 * 768);
    CHECK(l.params == 768 * 3072 + 3072);
}

TEST_CASE("scaled_dot_product_attention record is an Attention layer", "[torch]") {
    // Q.K^T and P.V: 2 x (1*12*128*64) x 128 each; softmax 5 per score (1*12*128*128).
    const auto r = inspect_calls(R"({"name":"sdpa","func":"torch.scaled_dot_product_attention",
      "args":[{"shape":[1,12,128,64]},{"shape":[1,12,128,64]},{"shape":[1,12,128,64]}],
      "kwargs":{"attn_mask":null,"is_causal":false},"out":[{"shape":[1,12,128,64],"dtype":"float32"}]})");
    const auto& l = layer(r, "sdpa");
    CHECK(l.category == "attention");
    const int64_t q = 12 * 128 * 64;
    CHECK(l.flops == 2 * q * 128 + 2 * q * 128 + 5LL * 12 * 128 * 128);
}

TEST_CASE("views move no bytes - slicing views and elementwise calls with scalars", "[torch]") {
    const auto r = inspect_calls(R"J(
      {"name":"v","func":"torch.Tensor.TensorBase.view","args":[{"shape":[1,128,768]},1,128,12,64],"out":[{"shape":[1,128,12,64]}]},
      {"name":"t","func":"torch.Tensor.TensorBase.transpose","args":[{"shape":[1,128,12,64]},1,2],"out":[{"shape":[1,12,128,64]}]},
      {"name":"s","func":"torch.Tensor.TensorBase.__getitem__","args":[{"shape":[1,512]},["slice(None)","slice(0,128)"]],"out":[{"shape":[1,128]}]},
      {"name":"m","func":"torch.Tensor.TensorBase.mul","args":[{"shape":[1,128,3072]},0.5],"out":[{"shape":[1,128,3072]}]})J");
    CHECK(layer(r, "v").bytes_read == 0);
    CHECK(layer(r, "v").category == "data_movement");
    CHECK(out_dims(layer(r, "t")) == std::vector<int64_t>{1, 12, 128, 64});
    CHECK(layer(r, "t").bytes_written == 0);
    CHECK(out_dims(layer(r, "s")) == std::vector<int64_t>{1, 128});
    CHECK(layer(r, "m").op == "Mul");
    CHECK(layer(r, "m").flops == 128 * 3072);
    CHECK(r.total.unknown_shape_layers == 0);
}

TEST_CASE("multi_head_attention_forward expands into projections and attention", "[torch]") {
    const auto r = inspect_calls(R"({"name":"mha","func":"torch.nn.functional.multi_head_attention_forward",
      "args":[{"shape":[197,1,768]},{"shape":[197,1,768]},{"shape":[197,1,768]},768,12,{"shape":[2304,768]},{"shape":[2304]},
              null,null,false,0.0,{"shape":[768,768]},{"shape":[768]}],"kwargs":{},"out":[{"shape":[197,1,768]}]})");
    CHECK(layer(r, "mha.in_proj").flops == 2LL * 197 * 768 * 2304);
    CHECK(layer(r, "mha.out_proj").flops == 2LL * 197 * 768 * 768);
    CHECK(layer(r, "mha").category == "attention");
    CHECK(r.total.params == 3 * 768 * 768 + 3 * 768 + 768 * 768 + 768);
}

TEST_CASE("a function outside the table is an unknown operator - not an error", "[torch]") {
    const auto r = inspect_calls(R"({"name":"x","func":"torch.fancy_new_op","args":[{"shape":[2,3]}],"out":[{"shape":[2,3]}]})");
    CHECK(layer(r, "x").op == "torch.fancy_new_op");
    CHECK(find_warning(r, "unknown_operator") != nullptr);
}

TEST_CASE("a call record without its func is a clear error", "[torch]") {
    CHECK(error_code_of([] { inspect_calls(R"({"name":"x","func":42})"); }) == "invalid_model");
    CHECK(error_code_of([] { inspect_calls(R"({"name":"x","func":"torch.linear","args":[{"shape":[2,3]},7]})"); }) == "invalid_model");
}

TEST_CASE("a strided argument costs a copy before a call that needs dense memory - not before elementwise ones", "[torch]") {
    // layer_norm on a permuted view: eager PyTorch copies it first (the exporter records "contiguous": false).
    const auto r = inspect_calls(R"({"name":"ln","func":"torch.nn.functional.layer_norm",
      "args":[{"shape":[1,56,56,96],"dtype":"float32","contiguous":false},[96],{"shape":[96],"dtype":"float32"},{"shape":[96],"dtype":"float32"},1e-6],
      "kwargs":{},"out":[{"shape":[1,56,56,96],"dtype":"float32"}]},
      {"name":"add","func":"torch.Tensor.TensorBase.add",
      "args":[{"shape":[1,56,56,96],"dtype":"float32","contiguous":false},{"shape":[1,56,56,96],"dtype":"float32"}],
      "kwargs":{},"out":[{"shape":[1,56,56,96],"dtype":"float32"}]})");
    const auto& copy = layer(r, "ln:contiguous0");
    CHECK(copy.op == "Transpose");
    CHECK(out_dims(copy) == std::vector<int64_t>{1, 56, 56, 96});
    CHECK(copy.bytes_read == 4 * 56 * 56 * 96);
    CHECK(copy.bytes_written == 4 * 56 * 56 * 96);
    CHECK(has_layer(r, "ln"));
    CHECK(!has_layer(r, "add:contiguous0"));  // elementwise kernels read strides
    CHECK(r.layers.size() == 3);
}

TEST_CASE("roll and clone records are copies (Tile) - repeat tiles its axes", "[torch]") {
    const auto r = inspect_calls(R"({"name":"roll","func":"torch._VariableFunctionsClass.roll",
      "args":[{"shape":[1,56,56,96],"dtype":"float32"},[-3,-3],[1,2]],"kwargs":{},"out":[{"shape":[1,56,56,96],"dtype":"float32"}]},
      {"name":"rep","func":"torch.Tensor.TensorBase.repeat",
      "args":[{"shape":[2,3],"dtype":"float32"},4,1],"kwargs":{},"out":[{"shape":[8,3],"dtype":"float32"}]})");
    const auto& roll = layer(r, "roll");
    CHECK(roll.op == "Tile");
    CHECK(roll.bytes_written == 4 * 56 * 56 * 96);
    const auto& rep = layer(r, "rep");
    CHECK(rep.op == "Tile");
    CHECK(out_dims(rep) == std::vector<int64_t>{8, 3});
}
