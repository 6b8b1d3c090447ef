// Two estimates compared (wattlayer/diff.hpp, `wattlayer diff`): real pairs of development files
// and a model before and after one layer is widened.
#include <nlohmann/json.hpp>

#include "test_helpers.hpp"
#include "wattlayer/wattlayer.hpp"

using namespace wattlayer;

namespace {

const std::string kOnnx = std::string(WATTLAYER_MODELS) + "/data/onnx/";

Report estimated(const std::string& path, const std::string& name) {
    const std::string bytes = wltest::read_file(path);
    InspectOptions options;
    options.file_name = name;
    return estimate(reinterpret_cast<const uint8_t*>(bytes.data()), bytes.size(), options, builtin_profile("h100"));
}

Report estimated_json(const std::string& text) {
    InspectOptions options;
    options.file_name = "m.json";
    return estimate(reinterpret_cast<const uint8_t*>(text.data()), text.size(), options, builtin_profile("h100"));
}

// A two-layer MLP whose hidden width is `width`.
std::string mlp(int width) {
    const std::string w = std::to_string(width);
    return R"({"inputs": [{"name": "x", "shape": [8, 256], "dtype": "float32"}], "layers": [
      {"name": "fc1", "op": "MatMul", "inputs": ["x", {"name": "w1", "shape": [256, )" + w + R"(], "weight": true}], "outputs": ["h"]},
      {"name": "act", "op": "Relu", "inputs": ["h"], "outputs": ["a"]},
      {"name": "fc2", "op": "MatMul", "inputs": ["a", {"name": "w2", "shape": [)" + w + R"(, 10], "weight": true}], "outputs": ["y"]}]})";
}

}  // namespace

TEST_CASE("resnet50 against resnet101: more energy, the extra blocks added, shared names matched", "[diff]") {
    const ReportDiff d = diff_reports(estimated(kOnnx + "tv_resnet50_b1.onnx", "resnet50.onnx"), estimated(kOnnx + "tv_resnet101_b1.onnx", "resnet101.onnx"));
    REQUIRE(d.energy_j.relative());
    CHECK(*d.energy_j.relative() > 0.3);
    CHECK(d.flops.after > 1.8 * d.flops.before);
    CHECK(d.added == d.layers_after - (d.layers_before - d.removed));
    CHECK(d.added > 50);
    CHECK(d.removed == 0);
    // The layers both have are matched by name; the energy of the extra ones explains most of the change.
    double added = 0;
    for (const LayerDiff& l : d.layers) added += l.change == LayerChange::Added ? l.energy_j.after : 0;
    CHECK(added > 0.5 * (d.energy_j.after - d.energy_j.before));
    const nlohmann::json j = nlohmann::json::parse(diff_json_text(d));
    CHECK(j["total"]["energy_j"]["after"].get<double>() == d.energy_j.after);
    CHECK(j["layer_counts"]["added"] == d.added);
    const std::string md = diff_markdown_text(d);
    CHECK(md.find("| Energy per inference |") != std::string::npos);
    CHECK(md.find("added") != std::string::npos);
}

TEST_CASE("a widened layer is changed, nothing added; the same model is no change", "[diff]") {
    const ReportDiff d = diff_reports(estimated_json(mlp(512)), estimated_json(mlp(1024)));
    CHECK(d.added == 0);
    CHECK(d.removed == 0);
    CHECK(d.changed == 3);  // fc1 and fc2 twice the size, the ReLU twice the elements
    CHECK(d.params.after == 2 * d.params.before);
    REQUIRE_FALSE(d.layers.empty());
    CHECK(d.layers.front().energy_j.after > d.layers.front().energy_j.before);
    CHECK(*d.energy_j.relative() > 0);

    const ReportDiff same = diff_reports(estimated_json(mlp(512)), estimated_json(mlp(512)));
    CHECK(same.layers.empty());
    CHECK(*same.energy_j.relative() == 0);
    CHECK_THROWS_AS(diff_reports(wltest::inspect_json(mlp(512)), estimated_json(mlp(512))), Error);
}

TEST_CASE("wattlayer diff prints Markdown or JSON and exits 3 over its budget", "[diff][cli]") {
    const std::string r50 = "'" + kOnnx + "tv_resnet50_b1.onnx'", r101 = "'" + kOnnx + "tv_resnet101_b1.onnx'";
    const auto md = wltest::run_cli("diff " + r50 + " " + r101);
    INFO(md.err);
    CHECK(md.exit_code == 0);
    CHECK(md.out.find("### WattLayer:") != std::string::npos);
    const auto over = wltest::run_cli("diff " + r50 + " " + r101 + " --max-increase 10%");
    CHECK(over.exit_code == 3);
    CHECK(over.out.find("**Over budget**") != std::string::npos);
    CHECK(wltest::run_cli("diff " + r101 + " " + r50 + " --max-increase 10%").exit_code == 0);
    const auto json = wltest::run_cli("diff " + r50 + " " + r101 + " --format json --batch 8");
    REQUIRE(json.exit_code == 0);
    CHECK(nlohmann::json::parse(json.out)["batch"] == 8);
    CHECK(wltest::run_cli("diff " + r50).exit_code == 1);                              // one model
    CHECK(wltest::run_cli("estimate " + r50 + " --max-increase 5%").exit_code == 1);  // diff's flag
}
