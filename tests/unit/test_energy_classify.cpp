// layer_calls (classify_layers): the ONNX layers of tiny JSON models -> the calls PyTorch eager would make.
#include "test_helpers.hpp"
#include "wattlayer/estimate.hpp"

using namespace wltest;
using wattlayer::EnergyClass;
using wattlayer::HostGroup;
using wattlayer::LayerCall;

namespace {

struct Classified {
    Report report;
    std::vector<LayerCall> calls;

    // The calls of the layer called `name` (none for a free layer).
    std::vector<LayerCall> of(const std::string& name) const {
        std::vector<LayerCall> out;
        for (const LayerCall& c : calls)
            if (report.layers[c.layer].name == name) out.push_back(c);
        return out;
    }
};

Classified classify(const std::string& layers, const std::string& inputs = R"([{"name":"x","shape":[1,16,64]}])") {
    const std::string text = R"({"name":"m","inputs":)" + inputs + R"(,"layers":[)" + layers + "]}";
    InspectOptions options;
    options.file_name = "m.json";
    auto [report, calls] = wattlayer::layer_calls(reinterpret_cast<const uint8_t*>(text.data()), text.size(), options);
    return {std::move(report), std::move(calls)};
}

const char* const kScalar = R"("shape":[],"dtype":"float32","value")";

}  // namespace

TEST_CASE("an erf GELU chain is one elementwise call at its Erf", "[energy]") {
    const auto c = classify(std::string(R"(
      {"name":"div","op":"Div","inputs":["x",{"name":"sqrt2",)") + kScalar + R"(:[1.4142135]}],"outputs":["d"]},
      {"name":"erf","op":"Erf","inputs":["d"],"outputs":["e"]},
      {"name":"add","op":"Add","inputs":["e",{"name":"one",)" + kScalar + R"(:[1.0]}],"outputs":["a"]},
      {"name":"mul","op":"Mul","inputs":["x","a"],"outputs":["m"]},
      {"name":"half","op":"Mul","inputs":["m",{"name":"h",)" + kScalar + R"(:[0.5]}],"outputs":["y"]})");
    REQUIRE(c.calls.size() == 1);
    CHECK(c.of("erf").size() == 1);
    CHECK(c.calls[0].cls == EnergyClass::Elementwise);
    CHECK(c.calls[0].host == HostGroup::Elementwise);
    CHECK(c.calls[0].flops == static_cast<double>(layer(c.report, "erf").flops));
}

TEST_CASE("SiLU as Mul of x and Sigmoid x is one call at its Sigmoid", "[energy]") {
    const auto c = classify(R"(
      {"name":"sig","op":"Sigmoid","inputs":["x"],"outputs":["s"]},
      {"name":"mul","op":"Mul","inputs":["x","s"],"outputs":["y"]},
      {"name":"other","op":"Mul","inputs":["y","s"],"outputs":["z"]})");
    CHECK(c.of("sig").size() == 1);
    CHECK(c.of("mul").empty());
    CHECK(c.of("other").size() == 1);  // not x * sigmoid(x): a call of its own
}

TEST_CASE("the bias Add after a MatMul by a weight is free - other adds are calls", "[energy]") {
    const auto c = classify(R"(
      {"name":"fc","op":"MatMul","inputs":["x",{"name":"W","shape":[64,32],"weight":true}],"outputs":["h"]},
      {"name":"bias","op":"Add","inputs":["h",{"name":"b","shape":[32],"weight":true}],"outputs":["hb"]},
      {"name":"residual","op":"Add","inputs":["hb","hb"],"outputs":["y"]})");
    REQUIRE(c.of("fc").size() == 1);
    CHECK(c.of("fc")[0].cls == EnergyClass::MatMul);
    CHECK(c.of("fc")[0].host == HostGroup::MatMul);
    CHECK(c.of("bias").empty());
    CHECK(c.of("residual").size() == 1);
}

TEST_CASE("a depthwise Conv has its own class and host group", "[energy]") {
    const auto c = classify(R"(
      {"name":"dw","op":"Conv","inputs":["x",{"name":"Wd","shape":[8,1,3,3],"weight":true}],"outputs":["h"],
       "attributes":{"group":8,"pads":[1,1,1,1]}},
      {"name":"pw","op":"Conv","inputs":["h",{"name":"Wp","shape":[16,8,1,1],"weight":true}],"outputs":["y"]})",
                            R"([{"name":"x","shape":[1,8,16,16]}])");
    REQUIRE(c.of("dw").size() == 1);
    CHECK(c.of("dw")[0].cls == EnergyClass::ConvDepthwise);
    CHECK(c.of("dw")[0].host == HostGroup::ConvDepthwise);
    REQUIRE(c.of("pw").size() == 1);
    CHECK(c.of("pw")[0].cls == EnergyClass::Conv);
}

TEST_CASE("a Conv with a folded BatchNorm is two calls - the second reads and writes the output", "[energy]") {
    const auto c = classify(R"(
      {"name":"conv","op":"Conv","inputs":["x",{"name":"onnx::Conv_7","shape":[16,8,3,3],"weight":true},
                                             {"name":"onnx::Conv_8","shape":[16],"weight":true}],
       "outputs":["y"],"attributes":{"pads":[1,1,1,1]}})",
                            R"([{"name":"x","shape":[1,8,16,16]}])");
    const auto calls = c.of("conv");
    REQUIRE(calls.size() == 2);
    CHECK(calls[0].cls == EnergyClass::Conv);
    CHECK(calls[1].cls == EnergyClass::Normalization);
    CHECK(calls[1].host == HostGroup::BatchNorm);
    const auto& l = layer(c.report, "conv");
    CHECK(calls[1].flops == 2.0 * 16 * 16 * 16);
    CHECK(calls[1].bytes == 2.0 * static_cast<double>(l.bytes_written));
    CHECK(calls[0].bytes == static_cast<double>(l.bytes_read + l.bytes_written));
}

TEST_CASE("nodes computed only from weights are free - also through an Identity alias", "[energy]") {
    const auto c = classify(R"(
      {"name":"alias","op":"Identity","inputs":[{"name":"W","shape":[32,64],"weight":true}],"outputs":["Wa"]},
      {"name":"wt","op":"Transpose","inputs":["Wa"],"outputs":["Wt"],"attributes":{"perm":[1,0]}},
      {"name":"scaled","op":"Mul","inputs":["Wt",{"name":"s",)" + std::string(kScalar) + R"(:[0.5]}],"outputs":["Ws"]},
      {"name":"fc","op":"MatMul","inputs":["x","Ws"],"outputs":["y"]})");
    CHECK(c.of("wt").empty());
    CHECK(c.of("scaled").empty());
    REQUIRE(c.of("fc").size() == 1);
    CHECK(c.of("fc")[0].cls == EnergyClass::MatMul);
}

TEST_CASE("views - copies - casts and the other families", "[energy]") {
    const auto c = classify(R"(
      {"name":"reshape","op":"Reshape","inputs":["x",{"name":"shape","shape":[2],"dtype":"int64","value":[16,64]}],"outputs":["r"]},
      {"name":"transpose","op":"Transpose","inputs":["r"],"outputs":["t"],"attributes":{"perm":[1,0]}},
      {"name":"cast","op":"Cast","inputs":["t"],"outputs":["h"],"attributes":{"to":10}},
      {"name":"softmax","op":"Softmax","inputs":["x"],"outputs":["s"]},
      {"name":"ln","op":"LayerNormalization","inputs":["x",{"name":"g","shape":[64],"weight":true}],"outputs":["n"]},
      {"name":"mean","op":"ReduceMean","inputs":["x"],"outputs":["m"],"attributes":{"axes":[2]}},
      {"name":"concat","op":"Concat","inputs":["x","x"],"outputs":["cc"],"attributes":{"axis":1}})");
    auto only = [&](const std::string& name) {
        const auto calls = c.of(name);
        REQUIRE(calls.size() == 1);
        return calls[0];
    };
    CHECK(only("reshape").cls == EnergyClass::View);
    CHECK(only("reshape").host == HostGroup::View);
    CHECK(only("transpose").cls == EnergyClass::Copy);
    CHECK(only("transpose").host == HostGroup::Copy);
    CHECK(only("cast").cls == EnergyClass::Elementwise);
    CHECK(only("softmax").host == HostGroup::Softmax);
    CHECK(only("ln").cls == EnergyClass::Normalization);
    CHECK(only("ln").host == HostGroup::LayerNorm);
    CHECK(only("mean").cls == EnergyClass::Reduction);
    CHECK(only("concat").cls == EnergyClass::Copy);
}

TEST_CASE("calls follow the report's layer order", "[energy]") {
    const auto c = classify(R"(
      {"name":"a","op":"Relu","inputs":["x"],"outputs":["h"]},
      {"name":"b","op":"Tanh","inputs":["h"],"outputs":["y"]})");
    REQUIRE(c.calls.size() == 2);
    CHECK(c.calls[0].layer < c.calls[1].layer);
}
