// The evaluation must predict a development file exactly as `estimate` does for a user, at every
// batch: detectors without a batch axis as that many single-image passes, bounds included.
#include "architectures.hpp"
#include "test_helpers.hpp"
#include "wattlayer/wattlayer.hpp"

TEST_CASE("cross-validation predicts a file as estimate does - batch axis or not", "[fit]") {
    const wattlayer::HardwareProfile h100 = wattlayer::builtin_profile("h100");
    for (const char* name : {"tv_resnet50", "tv_fasterrcnn_mobilenet_v3_large_fpn"}) {
        const std::string path = std::string(WATTLAYER_MODELS) + "/data/onnx/" + name + "_b1.onnx";
        const std::string bytes = wltest::read_file(path);
        const wattlayer::fit::Architecture arch = wattlayer::fit::load_architecture(path, name, "task", {1, 8});
        for (int64_t batch : {1, 8}) {
            INFO(name << " at batch " << batch);
            wattlayer::InspectOptions options;
            options.batch = batch;
            options.file_name = std::string(name) + ".onnx";
            const wattlayer::Report r = wattlayer::estimate(reinterpret_cast<const uint8_t*>(bytes.data()), bytes.size(), options, h100);
            const wattlayer::fit::ArchitectureAtBatch& at = *arch.at(batch);
            CHECK(wattlayer::apply_profile(at.calls, at.num_layers, h100).energy_j == Approx(r.energy->energy_j).epsilon(1e-12));
        }
    }
}
