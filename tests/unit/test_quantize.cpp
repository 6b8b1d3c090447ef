// Quantization operators take their output type from another input or an attribute (ONNX spec:
// QuantizeLinear-21, DequantizeLinear-21/23, CastLike-15, DynamicQuantizeLinear-11); every byte
// count of a QDQ model follows that type.
#include "test_helpers.hpp"

using namespace wltest;

namespace {

// x (float32) -> QuantizeLinear -> DequantizeLinear -> Conv, the QDQ pattern of quantization tools.
std::string qdq_conv(const std::string& zero_point_dtype) {
    return R"({"name":"qdq","inputs":[{"name":"x","shape":[1,16,32,32],"dtype":"float32"}],
      "layers":[{"name":"q","op":"QuantizeLinear","inputs":["x",{"name":"s","shape":[],"dtype":"float32","value":[0.1]},
                                                           {"name":"zp","shape":[],"dtype":")" + zero_point_dtype + R"(","value":[0]}],"outputs":["xq"]},
                {"name":"dq","op":"DequantizeLinear","inputs":["xq",{"name":"s2","shape":[],"dtype":"float32","value":[0.1]},
                                                               {"name":"zp2","shape":[],"dtype":")" + zero_point_dtype + R"(","value":[0]}],"outputs":["xd"]},
                {"name":"conv","op":"Conv","inputs":["xd",{"name":"w","shape":[16,16,1,1],"weight":true}],"outputs":["y"]}]})";
}

}  // namespace

TEST_CASE("QuantizeLinear writes its zero point's type, DequantizeLinear its scale's", "[quantize]") {
    const auto r = inspect_json(qdq_conv("uint8"));
    CHECK(layer(r, "q").dtype == wattlayer::DType::UInt8);
    CHECK(layer(r, "q").bytes_written == 16 * 32 * 32);  // one byte per element
    CHECK(layer(r, "dq").dtype == wattlayer::DType::Float);
    CHECK(layer(r, "dq").bytes_written == 4 * 16 * 32 * 32);
    // The Conv after DequantizeLinear reads float32 activations (was 16,384 bytes for a uint8 guess).
    CHECK(layer(r, "conv").bytes_read == 4 * 16 * 32 * 32 + 4 * 16 * 16);
    CHECK(layer(r, "conv").bytes_written == 4 * 16 * 32 * 32);
    CHECK(layer(inspect_json(qdq_conv("int8")), "q").dtype == wattlayer::DType::Int8);
}

TEST_CASE("QuantizeLinear without a zero point: output_dtype, else uint8", "[quantize]") {
    const auto model = [](const std::string& attributes) {
        return R"({"name":"m","inputs":[{"name":"x","shape":[2,8],"dtype":"float32"}],
          "layers":[{"name":"q","op":"QuantizeLinear","inputs":["x",{"name":"s","shape":[],"dtype":"float32","value":[0.5]}],
                     "outputs":["y"],"attributes":)" + attributes + R"(}]})";
    };
    CHECK(layer(inspect_json(model("{}")), "q").dtype == wattlayer::DType::UInt8);
    CHECK(layer(inspect_json(model(R"({"output_dtype":3})")), "q").dtype == wattlayer::DType::Int8);
    CHECK(out_dims(layer(inspect_json(model("{}")), "q")) == std::vector<int64_t>{2, 8});
}

TEST_CASE("DequantizeLinear: output_dtype, else the scale's type", "[quantize]") {
    const auto model = [](const std::string& scale_dtype, const std::string& attributes) {
        return R"({"name":"m","inputs":[{"name":"x","shape":[4],"dtype":"int8"}],
          "layers":[{"name":"dq","op":"DequantizeLinear","inputs":["x",{"name":"s","shape":[],"dtype":")" + scale_dtype +
               R"(","value":[0.5]}],"outputs":["y"],"attributes":)" + attributes + R"(}]})";
    };
    CHECK(layer(inspect_json(model("float32", "{}")), "dq").dtype == wattlayer::DType::Float);
    CHECK(layer(inspect_json(model("float16", "{}")), "dq").dtype == wattlayer::DType::Float16);
    CHECK(layer(inspect_json(model("float16", "{}")), "dq").bytes_written == 8);
    CHECK(layer(inspect_json(model("float32", R"({"output_dtype":16})")), "dq").dtype == wattlayer::DType::BFloat16);
}

TEST_CASE("CastLike takes the second input's type, not the first's", "[quantize]") {
    const auto r = inspect_json(R"({"name":"m","inputs":[{"name":"x","shape":[3,5],"dtype":"float32"},{"name":"like","shape":[1],"dtype":"float16"}],
      "layers":[{"name":"c","op":"CastLike","inputs":["x","like"],"outputs":["y"]}]})");
    CHECK(layer(r, "c").dtype == wattlayer::DType::Float16);
    CHECK(out_dims(layer(r, "c")) == std::vector<int64_t>{3, 5});
    CHECK(layer(r, "c").bytes_written == 2 * 15);
}

TEST_CASE("DynamicQuantizeLinear: uint8 y of x's shape, float32 scale and uint8 zero point scalars", "[quantize]") {
    const auto r = inspect_json(R"({"name":"m","inputs":[{"name":"x","shape":[2,3],"dtype":"float32"}],
      "layers":[{"name":"dq","op":"DynamicQuantizeLinear","inputs":["x"],"outputs":["y","scale","zp"]}]})");
    const auto& l = layer(r, "dq");
    CHECK(l.shape_known);
    CHECK(l.dtype == wattlayer::DType::UInt8);
    REQUIRE(l.outputs.size() == 3);
    CHECK(dims(l.outputs[0]) == std::vector<int64_t>{2, 3});
    CHECK(l.outputs[1].known_rank);
    CHECK(l.outputs[1].dims.empty());
    CHECK(l.flops == 4 * 6);
    CHECK(l.bytes_written == 6 + 4 + 1);
}
