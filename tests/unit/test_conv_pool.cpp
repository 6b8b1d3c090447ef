// Convolutions and pooling: output sizes from kernel, strides, pads, dilations, auto_pad and
// ceil_mode; FLOPs = 2 x outputs x (Cin/group x kernel area) (+ outputs for a bias) for Conv,
// outputs x window (+ outputs for the average) for pools, input elements for global pools.
#include "test_helpers.hpp"

using namespace wltest;

namespace {

// A Conv on input `x_shape` with weight `w_shape`, attributes `attrs` (a JSON object), optional bias.
std::string conv_model(const std::string& x_shape, const std::string& w_shape, const std::string& attrs,
                       const std::string& bias_shape = "") {
    std::string inputs = R"("x",{"name":"w","shape":)" + w_shape + R"(,"weight":true})";
    if (!bias_shape.empty()) inputs += R"(,{"name":"b","shape":)" + bias_shape + R"(,"weight":true})";
    return R"({"name":"m","inputs":[{"name":"x","shape":)" + x_shape + R"(}],
      "layers":[{"name":"conv","op":"Conv","inputs":[)" + inputs + R"(],"outputs":["y"],"attributes":)" + attrs + "}]}";
}

std::string pool_model(const std::string& op, const std::string& x_shape, const std::string& attrs) {
    return R"({"name":"m","inputs":[{"name":"x","shape":)" + x_shape + R"(}],
      "layers":[{"name":"pool","op":")" + op + R"(","inputs":["x"],"outputs":["y"],"attributes":)" + attrs + "}]}";
}

}  // namespace

TEST_CASE("Conv 3x3 - pad 1 - with bias", "[conv]") {
    const auto r = inspect_json(conv_model("[1,3,32,32]", "[16,3,3,3]", R"({"kernel_shape":[3,3],"pads":[1,1,1,1]})", "[16]"));
    const auto& l = layer(r, "conv");
    CHECK(l.category == "conv");
    CHECK(out_dims(l) == std::vector<int64_t>{1, 16, 32, 32});
    // 16384 outputs x 27 multiply-adds x 2, plus one bias add per output.
    CHECK(l.flops == 2 * 16384 * 27 + 16384);
    CHECK(l.params == 16 * 27 + 16);
    CHECK(l.bytes_read == (3 * 32 * 32 + 432 + 16) * 4);
    CHECK(l.weight_bytes == (432 + 16) * 4);
    CHECK(l.bytes_written == 16384 * 4);
}

TEST_CASE("Conv stride 2 without pads - kernel taken from the weight", "[conv]") {
    const auto r = inspect_json(conv_model("[1,3,8,8]", "[4,3,3,3]", R"({"strides":[2,2]})"));
    const auto& l = layer(r, "conv");
    CHECK(out_dims(l) == std::vector<int64_t>{1, 4, 3, 3});  // (8 - 3) / 2 + 1
    CHECK(l.flops == 2 * 36 * 27);
    CHECK(l.params == 108);
}

TEST_CASE("depthwise Conv counts Cin/group", "[conv]") {
    const auto r = inspect_json(conv_model("[1,8,10,10]", "[8,1,3,3]", R"({"group":8,"pads":[1,1,1,1]})"));
    const auto& l = layer(r, "conv");
    CHECK(out_dims(l) == std::vector<int64_t>{1, 8, 10, 10});
    CHECK(l.flops == 2 * 800 * 9);
    CHECK(l.params == 72);
}

TEST_CASE("dilated Conv", "[conv]") {
    const auto r = inspect_json(conv_model("[1,1,10,10]", "[2,1,3,3]", R"({"dilations":[2,2]})"));
    const auto& l = layer(r, "conv");
    CHECK(out_dims(l) == std::vector<int64_t>{1, 2, 6, 6});  // effective kernel 5
    CHECK(l.flops == 2 * 72 * 9);
}

TEST_CASE("Conv with auto_pad SAME_UPPER and stride 2 rounds up", "[conv]") {
    const auto r = inspect_json(conv_model("[1,3,7,7]", "[4,3,3,3]", R"({"auto_pad":"SAME_UPPER","strides":[2,2]})"));
    const auto& l = layer(r, "conv");
    CHECK(out_dims(l) == std::vector<int64_t>{1, 4, 4, 4});
    CHECK(l.flops == 2 * 64 * 27);
}

TEST_CASE("1-D Conv", "[conv]") {
    const auto r = inspect_json(conv_model("[2,4,20]", "[6,4,5]", R"({"pads":[2,2]})", "[6]"));
    const auto& l = layer(r, "conv");
    CHECK(out_dims(l) == std::vector<int64_t>{2, 6, 20});
    CHECK(l.flops == 2 * 240 * 20 + 240);
}

TEST_CASE("ConvTranspose stride 2", "[conv]") {
    const auto r = inspect_json(R"({"name":"m","inputs":[{"name":"x","shape":[1,4,5,5]}],
      "layers":[{"name":"up","op":"ConvTranspose","inputs":["x",{"name":"w","shape":[4,2,3,3],"weight":true}],
                 "outputs":["y"],"attributes":{"strides":[2,2]}}]})");
    const auto& l = layer(r, "up");
    CHECK(l.category == "conv");
    CHECK(out_dims(l) == std::vector<int64_t>{1, 2, 11, 11});  // 2 x (5 - 1) + 3
    // Every input element meets Cout x kh x kw weights.
    CHECK(l.flops == 2 * 100 * 18);
    CHECK(l.params == 72);
}

TEST_CASE("MaxPool 2x2 stride 2", "[pool]") {
    const auto r = inspect_json(pool_model("MaxPool", "[1,16,32,32]", R"({"kernel_shape":[2,2],"strides":[2,2]})"));
    const auto& l = layer(r, "pool");
    CHECK(l.category == "pooling");
    CHECK(out_dims(l) == std::vector<int64_t>{1, 16, 16, 16});
    CHECK(l.flops == 4096 * 4);
    CHECK(l.bytes_read == 16384 * 4);
    CHECK(l.bytes_written == 4096 * 4);
}

TEST_CASE("AveragePool adds one divide per output", "[pool]") {
    const auto r = inspect_json(pool_model("AveragePool", "[1,2,5,5]", R"({"kernel_shape":[3,3],"pads":[1,1,1,1]})"));
    const auto& l = layer(r, "pool");
    CHECK(out_dims(l) == std::vector<int64_t>{1, 2, 5, 5});
    CHECK(l.flops == 50 * 9 + 50);
}

TEST_CASE("MaxPool ceil_mode rounds the output up", "[pool]") {
    const auto ceil = inspect_json(pool_model("MaxPool", "[1,1,6,6]", R"({"kernel_shape":[3,3],"strides":[2,2],"ceil_mode":1})"));
    CHECK(out_dims(layer(ceil, "pool")) == std::vector<int64_t>{1, 1, 3, 3});
    CHECK(layer(ceil, "pool").flops == 9 * 9);
    const auto floor = inspect_json(pool_model("MaxPool", "[1,1,6,6]", R"({"kernel_shape":[3,3],"strides":[2,2]})"));
    CHECK(out_dims(layer(floor, "pool")) == std::vector<int64_t>{1, 1, 2, 2});
    CHECK(layer(floor, "pool").flops == 4 * 9);
}

TEST_CASE("GlobalAveragePool costs one FLOP per input element", "[pool]") {
    const auto r = inspect_json(pool_model("GlobalAveragePool", "[2,16,7,7]", "{}"));
    const auto& l = layer(r, "pool");
    CHECK(l.category == "pooling");
    CHECK(out_dims(l) == std::vector<int64_t>{2, 16, 1, 1});
    CHECK(l.flops == 2 * 16 * 49);
    CHECK(l.bytes_written == 32 * 4);
}

TEST_CASE("a kernel larger than the padded input leaves the layer unknown", "[conv]") {
    const auto r = inspect_json(conv_model("[1,3,2,2]", "[4,3,5,5]", "{}"));
    CHECK_FALSE(layer(r, "conv").shape_known);
    CHECK(r.total.unknown_shape_layers == 1);
}
