// Every ONNX fixture of tests/fixtures/onnx: no layer of unknown shape at batch 1 (the detector
// excepted, which must name its data-dependent layers instead), graph outputs equal to the dims the
// file declares, and the batch carried to the outputs at batch 8. The declared outputs below were
// read once with the python onnx package (onnx.load(...).graph.output) and written down here;
// -1 marks a dim the file declares as a symbol (those must come out as the batch).
#include "test_helpers.hpp"

#include <filesystem>
#include <map>
#include <set>

using namespace wltest;

namespace {

using Dims = std::vector<int64_t>;

struct Fixture {
    std::vector<std::string> output_names;
    std::vector<Dims> declared;  // -1: symbolic in the file
    bool detector = false;
};

const std::map<std::string, Fixture>& fixtures() {
    static const std::map<std::string, Fixture> all = {
        {"hf_bert_base_b1.onnx", {{"1374"}, {{1, 2}}}},
        {"hf_bloom_small_b1.onnx", {{"1774"}, {{1, 32000}}}},
        {"timm_halonet26t_b1.onnx", {{"linear"}, {{1, 1000}}}},
        {"timm_mobilevit_s_b1.onnx", {{"1273"}, {{1, 1000}}}},
        {"timm_sequencer2d_s_b1.onnx", {{"7155"}, {{1, 1000}}}},
        {"timm_tf_efficientnet_b2_b1.onnx", {{"1382"}, {{-1, 1000}}}},
        {"timm_vit_tiny_patch16_224_b1.onnx", {{"1090"}, {{1, 1000}}}},
        {"tv_mobilenet_v3_small_b1.onnx", {{"400"}, {{1, 1000}}}},
        {"tv_resnet50_b1.onnx", {{"495"}, {{1, 1000}}}},
        {"tv_ssdlite320_mobilenet_v3_large_b1.onnx", {{"4208", "4177", "4178"}, {{-1, 4}, {-1}, {-1}}, true}},
        {"tv_swin_t_b1.onnx", {{"7723"}, {{-1, 1000}}}},
    };
    return all;
}

Report inspect_fixture(const std::string& file, std::optional<int64_t> batch = std::nullopt) {
    const std::string bytes = read_file(fixture("onnx/" + file));
    InspectOptions o;
    o.file_name = file;
    o.batch = batch;
    return inspect_bytes(bytes, o);
}

// Output `i` agrees with the declaration: same rank, same fixed dims, and `batch` where the file
// has a symbol (non-detectors) or anything (detectors: a symbol there is a data-dependent count).
void check_outputs(const Report& r, const Fixture& f, int64_t batch) {
    REQUIRE(r.graph_output_names == f.output_names);
    REQUIRE(r.graph_outputs.size() == f.declared.size());
    for (size_t i = 0; i < f.declared.size(); ++i) {
        INFO("output " << f.output_names[i]);
        const Dims got = dims(r.graph_outputs[i]);
        REQUIRE(got.size() == f.declared[i].size());
        for (size_t d = 0; d < got.size(); ++d) {
            INFO("dim " << d);
            if (f.declared[i][d] >= 0) CHECK(got[d] == (d == 0 && !f.detector ? f.declared[i][d] * batch : f.declared[i][d]));
            else if (!f.detector) CHECK(got[d] == batch);
        }
    }
}

}  // namespace

TEST_CASE("the fixture list covers every file of tests/fixtures/onnx", "[fixtures]") {
    std::set<std::string> on_disk;
    for (const auto& entry : std::filesystem::directory_iterator(fixture("onnx")))
        if (entry.path().extension() == ".onnx") on_disk.insert(entry.path().filename().string());
    std::set<std::string> listed;
    for (const auto& [name, f] : fixtures()) listed.insert(name);
    CHECK(on_disk == listed);
}

TEST_CASE("every fixture at batch 1 - all shapes known - outputs as declared", "[fixtures]") {
    for (const auto& [file, f] : fixtures()) {
        if (f.detector) continue;
        INFO(file);
        const auto r = inspect_fixture(file);
        CHECK(r.model.format == "onnx");
        CHECK(r.model.producer == "pytorch");
        CHECK(r.batch == 1);
        CHECK(r.total.layers > 0);
        CHECK(r.total.unknown_shape_layers == 0);
        CHECK(r.total.flops > 0);
        CHECK(r.total.params > 0);
        CHECK(find_warning(r, "unknown_shape") == nullptr);
        CHECK(find_warning(r, "unknown_operator") == nullptr);
        CHECK(r.total.layers + r.total.folded_nodes == r.model.nodes);
        check_outputs(r, f, 1);
    }
}

TEST_CASE("every fixture at batch 8 - the outputs carry the batch - FLOPs scale", "[fixtures]") {
    for (const auto& [file, f] : fixtures()) {
        if (f.detector) continue;
        INFO(file);
        const auto b1 = inspect_fixture(file);
        const auto b8 = inspect_fixture(file, 8);
        CHECK(b8.batch == 8);
        CHECK(b8.total.unknown_shape_layers == 0);
        CHECK(find_warning(b8, "batch_not_rewritten") == nullptr);
        CHECK(find_warning(b8, "batch_as_passes") == nullptr);
        check_outputs(b8, f, 8);
        CHECK(b8.total.params == b1.total.params);
        // Nearly every FLOP belongs to one sample: 8x, within 1% (a few per-batch constants aside).
        const double ratio = static_cast<double>(b8.total.flops) / static_cast<double>(b1.total.flops);
        CHECK(ratio == Approx(8.0).epsilon(0.01));
    }
}

TEST_CASE("ResNet-50 fixture - known totals of the standard network", "[fixtures]") {
    const auto r = inspect_fixture("tv_resnet50_b1.onnx");
    CHECK(r.model.opset == 17);
    CHECK(r.model.nodes == 169);
    // torchvision's resnet50 has 25,557,032 parameters; the exporter folds each batch norm into its
    // convolution (2 x C parameters become a C bias), which leaves about 0.2% fewer.
    CHECK(static_cast<double>(r.total.params) == Approx(25557032.0).epsilon(0.01));
    CHECK(r.total.params < 25557032);
    // About 4.1 GMACs at 224x224: 8.2 GFLOPs.
    CHECK(static_cast<double>(r.total.flops) == Approx(8.2e9).epsilon(0.02));
    CHECK(layer(r, std::string(r.layers.front().name)).category == "conv");
    CHECK(out_dims(r.layers.front()) == Dims{1, 64, 112, 112});
}

TEST_CASE("the detector is costed at its data-dependent bounds and names their sources", "[fixtures]") {
    const std::string file = "tv_ssdlite320_mobilenet_v3_large_b1.onnx";
    const auto r = inspect_fixture(file);
    const Fixture& f = fixtures().at(file);
    // Every post-processing shape is bounded (NonZero of the scores, TopK at min(k, that bound), NMS),
    // so nothing is left unknown, and the totals say they are an upper bound.
    CHECK(r.total.unknown_shape_layers == 0);
    CHECK(r.total.bounded_layers > 0);
    CHECK_FALSE(r.total.complete());
    CHECK(find_warning(r, "data_dependent") == nullptr);
    CHECK(warning_names(r, "data_dependent_bound", "/NonZero"));
    CHECK_FALSE(warning_names(r, "data_dependent_bound", "/TopK"));  // k computed from a bound: bounded, not a source
    CHECK(layer(r, "/TopK").bounded);
    CHECK_FALSE(layer(r, std::string(r.layers.front().name)).bounded);  // the backbone is exact
    // The If on "no boxes left" takes its branch on the bound: the NMS inside is costed.
    CHECK(find_warning(r, "subgraphs") == nullptr);
    check_outputs(r, f, 1);
    // torchvision's detections_per_img (300) caps the detections.
    CHECK(dims(r.graph_outputs[0]) == Dims{300, 4});

    // Its input is a single CHW image: batch 8 is 8 passes of one image.
    const auto b8 = inspect_fixture(file, 8);
    CHECK(find_warning(b8, "batch_as_passes") != nullptr);
    CHECK(b8.batch == 8);
    CHECK(b8.total.flops == 8 * r.total.flops);
    CHECK(b8.total.params == r.total.params);
    CHECK(dims(b8.graph_outputs[0]) == Dims{300, 4});
}

TEST_CASE("the JSON sample models inspect without error", "[fixtures]") {
    const std::string dir = std::string(WATTLAYER_FIXTURES) + "/../../models/samples";
    const std::string bytes = read_file(dir + "/tiny_cnn.json");
    InspectOptions o;
    o.file_name = "tiny_cnn.json";
    const auto r = inspect_bytes(bytes, o);
    CHECK(r.model.format == "json");
    CHECK(r.model.name == "tiny_cnn");
    CHECK(r.model.producer == "hand-written example");
    CHECK(r.total.layers == 6);
    CHECK(r.total.unknown_shape_layers == 0);
    CHECK(out_dims(layer(r, "conv1")) == Dims{1, 16, 32, 32});
    CHECK(out_dims(layer(r, "pool1")) == Dims{1, 16, 16, 16});
    CHECK(out_dims(layer(r, "flatten")) == Dims{1, 16});
    CHECK(out_dims(layer(r, "fc")) == Dims{1, 10});
    // conv1: 2 x 16384 x 27 + 16384; fc: 2 x 10 x 16 + 10.
    CHECK(layer(r, "conv1").flops == 2 * 16384 * 27 + 16384);
    CHECK(layer(r, "fc").flops == 2 * 10 * 16 + 10);
    CHECK(r.total.params == 16 * 27 + 16 + 160 + 10);
    const auto b8 = inspect_json_batch(bytes, 8);
    CHECK(out_dims(layer(b8, "fc")) == Dims{8, 10});

    // Every other sample in the folder reads too.
    for (const auto& entry : std::filesystem::directory_iterator(dir)) {
        INFO(entry.path().string());
        InspectOptions each;
        each.file_name = entry.path().filename().string();
        CHECK(error_code_of([&] { inspect_bytes(read_file(entry.path().string()), each); }) == "");
    }
}
