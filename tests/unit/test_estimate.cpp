// The estimate path: a profile applied to an inspected model. A synthetic profile keeps the
// expected numbers independent of the shipped (refittable) ones.
#include "energy_helpers.hpp"
#include "test_helpers.hpp"

#include <numeric>
#include <sstream>

#include <nlohmann/json.hpp>

#include "wattlayer/estimate.hpp"

using namespace wltest;
using wattlayer::EnergyClass;
using wattlayer::HardwareProfile;
using wattlayer::HostGroup;

namespace {

// A tiny CNN: Conv 3x3 (with bias) -> Relu -> GlobalAveragePool -> Flatten -> Gemm.
const char* kTinyJson = R"({"name":"tiny","opset":17,"inputs":[{"name":"x","shape":[1,3,16,16]}],
  "layers":[
    {"name":"conv","op":"Conv","inputs":["x",{"name":"w","shape":[8,3,3,3],"weight":true},{"name":"b","shape":[8],"weight":true}],
     "outputs":["c"],"attributes":{"pads":[1,1,1,1]}},
    {"name":"relu","op":"Relu","inputs":["c"],"outputs":["r"]},
    {"name":"pool","op":"GlobalAveragePool","inputs":["r"],"outputs":["p"]},
    {"name":"flat","op":"Flatten","inputs":["p"],"outputs":["f"]},
    {"name":"fc","op":"Gemm","inputs":["f",{"name":"fw","shape":[4,8],"weight":true},{"name":"fb","shape":[4],"weight":true}],
     "outputs":["y"],"attributes":{"transB":1}}]})";

std::string tiny_onnx() {
    OnnxGraph g;
    g.inputs = {onnx_value_info("x", 1, {1, 3, 16, 16})};
    g.outputs = {onnx_value_info("y", 1, {1, 4})};
    g.initializers = {onnx_tensor_external("w", 1, {8, 3, 3, 3}), onnx_tensor_external("b", 1, {8}),
                      onnx_tensor_external("fw", 1, {4, 8}), onnx_tensor_external("fb", 1, {4})};
    g.nodes = {onnx_node_attrs("Conv", "conv", {"x", "w", "b"}, {"c"}, {onnx_attr_ints("pads", {1, 1, 1, 1})}),
               onnx_node("Relu", "relu", {"c"}, {"r"}), onnx_node("GlobalAveragePool", "pool", {"r"}, {"p"}),
               onnx_node("Flatten", "flat", {"p"}, {"f"}),
               onnx_node_attrs("Gemm", "fc", {"f", "fw", "fb"}, {"y"}, {onnx_attr_int("transB", 1)})};
    return onnx_model(g.bytes());
}

Report estimate_bytes(const std::string& bytes, const std::string& file_name, InspectOptions options = {}) {
    options.file_name = file_name;
    return wattlayer::estimate(reinterpret_cast<const uint8_t*>(bytes.data()), bytes.size(), options, synthetic_profile());
}

}  // namespace

TEST_CASE("per-layer energies and the overhead line add up to the total", "[estimate]") {
    const Report r = estimate_bytes(kTinyJson, "tiny.json");
    REQUIRE(r.energy);
    double layers = 0;
    for (const auto& l : r.layers) {
        REQUIRE(l.energy_j);
        CHECK(*l.energy_j >= 0);
        layers += *l.energy_j;
    }
    CHECK(layers + r.energy->overhead_energy_j == Approx(r.energy->energy_j).epsilon(1e-12));
    // The overhead is (P_idle + P_x) tau0.
    CHECK(r.energy->overhead_energy_j == Approx(110 * 50e-6));
    CHECK(r.energy->energy_j_low == Approx(0.8 * r.energy->energy_j));
    CHECK(r.energy->energy_j_high == Approx(1.3 * r.energy->energy_j));
    CHECK(r.energy->hardware_id == "test");
    CHECK_FALSE(r.energy->extrapolated_batch);
}

TEST_CASE("the JSON and ONNX forms of one model get the same estimate", "[estimate]") {
    const Report from_json = estimate_bytes(kTinyJson, "tiny.json");
    const Report from_onnx = estimate_bytes(tiny_onnx(), "tiny.onnx");
    REQUIRE(from_json.layers.size() == from_onnx.layers.size());
    for (size_t i = 0; i < from_json.layers.size(); ++i) {
        INFO(from_json.layers[i].name);
        CHECK(from_json.layers[i].flops == from_onnx.layers[i].flops);
        CHECK(*from_json.layers[i].energy_j == *from_onnx.layers[i].energy_j);
        CHECK(*from_json.layers[i].time_s == *from_onnx.layers[i].time_s);
    }
    CHECK(from_json.energy->energy_j == from_onnx.energy->energy_j);
}

TEST_CASE("estimates are deterministic and grow with the batch", "[estimate]") {
    const Report a = estimate_bytes(kTinyJson, "tiny.json");
    const Report b = estimate_bytes(kTinyJson, "tiny.json");
    CHECK(wattlayer::report_json_text(a) == wattlayer::report_json_text(b));
    InspectOptions batch8;
    batch8.batch = 8;
    const Report c = estimate_bytes(kTinyJson, "tiny.json", batch8);
    CHECK(c.energy->energy_j > a.energy->energy_j);
    CHECK_FALSE(c.energy->extrapolated_batch);
}

TEST_CASE("a batch size that was not measured is flagged as extrapolated", "[estimate]") {
    InspectOptions batch32;
    batch32.batch = 32;
    const Report r = estimate_bytes(kTinyJson, "tiny.json", batch32);
    CHECK(r.energy->extrapolated_batch);
    CHECK(find_warning(r, "extrapolated_batch") != nullptr);
    const auto json = nlohmann::json::parse(wattlayer::report_json_text(r));
    CHECK(json["hardware"]["extrapolated_batch"] == true);
    CHECK(json["total"].contains("energy_j_low"));
    CHECK(json["layers"][0].contains("energy_j"));
}

TEST_CASE("an unknown operator is covered by a fallback and reported", "[estimate]") {
    const Report r = estimate_bytes(R"({"name":"m","inputs":[{"name":"x","shape":[1,64]}],
      "layers":[{"name":"mystery","op":"FancyOp","domain":"com.example","inputs":["x"],"outputs":[{"name":"y","shape":[1,64]}]},
                {"name":"relu","op":"Relu","inputs":["y"],"outputs":["z"]}]})", "m.json");
    CHECK(r.energy->fitted_layers_share == Approx(0.5));
    CHECK(warning_names(r, "unfitted_layers", "mystery"));
}

TEST_CASE("profiles survive a JSON round trip and unknown ids are clear errors", "[estimate]") {
    const HardwareProfile p = synthetic_profile();
    const HardwareProfile q = wattlayer::profile_from_json_text(wattlayer::profile_json_text(p));
    CHECK(wattlayer::profile_json_text(q) == wattlayer::profile_json_text(p));
    CHECK(error_code_of([] { wattlayer::builtin_profile("no-such-gpu"); }) == "unknown_hardware");
    CHECK(error_code_of([] { wattlayer::profile_from_json_text(R"({"id": "x"})"); }) == "bad_profile");
    CHECK(error_code_of([] { wattlayer::profile_from_json_text("{not json"); }) == "bad_profile");
}

TEST_CASE("the CSV keeps every energy at full precision: each number reads back to the report's", "[estimate]") {
    const Report r = estimate_bytes(kTinyJson, "tiny.json", {});
    const std::string csv = wattlayer::report_csv_text(r);
    std::istringstream lines(csv);
    std::string line;
    std::getline(lines, line);
    CHECK(line == "name,op,category,dtype,inputs,outputs,flops,params,bytes_read,weight_bytes,bytes_written,shape_known,energy_j,time_s");
    for (const auto& l : r.layers) {
        REQUIRE(std::getline(lines, line));
        const size_t energy_at = line.rfind(',', line.rfind(',') - 1) + 1;
        CHECK(line.substr(0, line.find(',')) == l.name);
        CHECK(std::stod(line.substr(energy_at)) == *l.energy_j);
        CHECK(std::stod(line.substr(line.rfind(',') + 1)) == *l.time_s);
    }
    CHECK_FALSE(std::getline(lines, line));
}

TEST_CASE("an incomplete estimate says so - and nothing costed is an error, not a number", "[estimate]") {
    const HardwareProfile p = synthetic_profile();
    auto run = [&](const std::string& layers) {
        const std::string text = R"({"name":"m","inputs":[{"name":"x","shape":[1,16]}],"layers":[)" + layers + "]}";
        InspectOptions options;
        options.file_name = "m.json";
        return wattlayer::estimate(reinterpret_cast<const uint8_t*>(text.data()), text.size(), options, p);
    };
    const std::string relu = R"({"name":"relu","op":"Relu","inputs":["x"],"outputs":["r"]})";
    const auto complete = run(relu);
    CHECK(complete.total.complete());
    CHECK(nlohmann::json::parse(wattlayer::report_json_text(complete))["total"]["complete"] == true);
    // An operator outside the registry, its output declared: known shape, unknown operator.
    const auto partial = run(relu + R"(,{"name":"mix","op":"TokenMixer","domain":"com.example","inputs":["r"],"outputs":[{"name":"y","shape":[1,16]}]})");
    CHECK_FALSE(partial.total.complete());
    const auto json = nlohmann::json::parse(wattlayer::report_json_text(partial));
    CHECK(json["total"]["complete"] == false);
    CHECK(json["total"]["unknown_operator_layers"] == 1);
    // No FLOPs among the fitted layers: the FLOP share is not a confident 1.0.
    const auto views = run(R"({"name":"t","op":"Transpose","inputs":["x"],"outputs":["t"]},)"
                           R"({"name":"mix","op":"TokenMixer","domain":"com.example","inputs":["t"],"outputs":[{"name":"y","shape":[16,1]}]})");
    CHECK(views.energy->fitted_flops_share == Approx(0.5));
    // Every layer unknown: an error that says why.
    CHECK(error_code_of([&] { run(R"({"name":"mix","op":"TokenMixer","domain":"com.example","inputs":["x"],"outputs":["y"]})"); }) == "nothing_costed");
    CHECK(run_cli("inspect " + std::string(WATTLAYER_MODELS) + "/samples/tiny_cnn.json").out.find("partial:") == std::string::npos);
}
