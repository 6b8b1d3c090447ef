// The precision a file computes in (Report::model.precision), and the profile an estimate picks by
// it when no precision is named. Fixtures: tests/fixtures/precision (make.py writes them).
#include "test_helpers.hpp"

#include "wattlayer/estimate.hpp"

using namespace wltest;
using wattlayer::FilePrecision;
using wattlayer::InspectOptions;
using wattlayer::Precision;
using wattlayer::Report;

namespace {

std::string precision_fixture(const std::string& name) { return read_file(fixture("precision/net_" + name + ".onnx")); }

Report estimate_fixture(const std::string& name, const std::string& hardware = "h100", const std::string& precision = "") {
    const std::string bytes = precision_fixture(name);
    InspectOptions options;
    options.file_name = "net_" + name + ".onnx";
    return wattlayer::estimate(reinterpret_cast<const uint8_t*>(bytes.data()), bytes.size(), options, hardware, precision);
}

double share(const Report& r, FilePrecision p) { return r.model.precision_shares[static_cast<size_t>(p)]; }

}  // namespace

TEST_CASE("the file's precision is read from the element types of its FLOPs", "[precision]") {
    const std::vector<std::pair<std::string, FilePrecision>> cases = {
        {"fp32", FilePrecision::FP32}, {"fp16", FilePrecision::FP16}, {"bf16", FilePrecision::BF16},
        {"qdq", FilePrecision::INT8},  {"qlinear", FilePrecision::INT8}, {"mixed", FilePrecision::Mixed}};
    for (const auto& [name, expected] : cases) {
        INFO(name);
        const Report r = inspect_bytes(precision_fixture(name));
        CHECK(r.model.precision == expected);
    }
    const Report mixed = inspect_bytes(precision_fixture("mixed"));
    CHECK(share(mixed, FilePrecision::FP32) == Approx(0.843).epsilon(0.01));  // the fp32 Conv 16->16
    CHECK(share(mixed, FilePrecision::FP16) == Approx(0.157).epsilon(0.01));
    // QDQ: the Conv and MatMul read DequantizeLinear outputs; the ReLU and pool stay fp32.
    const Report qdq = inspect_bytes(precision_fixture("qdq"));
    CHECK(share(qdq, FilePrecision::INT8) > 0.9);
    CHECK(share(qdq, FilePrecision::FP32) > 0);
    // A model without FLOPs says fp32, as exporters write by default.
    CHECK(inspect_json(R"({"name":"m","inputs":[{"name":"x","shape":[2,3]}],
      "layers":[{"name":"t","op":"Transpose","inputs":["x"],"outputs":["y"]}]})").model.precision == FilePrecision::FP32);
}

TEST_CASE("without a named precision, the estimate takes the GPU's profile for the file's", "[precision]") {
    const Report fp32 = estimate_fixture("fp32");
    CHECK(fp32.energy->hardware_id == "h100");
    CHECK(find_warning(fp32, "precision_from_file") == nullptr);

    const Report fp16 = estimate_fixture("fp16");
    CHECK(fp16.energy->hardware_id == "h100-fp16");
    CHECK(fp16.energy->precision == Precision::FP16);
    CHECK(find_warning(fp16, "precision_from_file") != nullptr);

    CHECK(estimate_fixture("bf16").energy->hardware_id == "h100-bf16");
    const Report t4 = estimate_fixture("bf16", "t4");  // the T4 has no bf16 profile: fp32, said so
    CHECK(t4.energy->hardware_id == "t4");
    CHECK(find_warning(t4, "precision_from_file")->message.find("no bf16 profile") != std::string::npos);

    for (const char* name : {"qdq", "qlinear"}) {
        INFO(name);
        const Report int8 = estimate_fixture(name);
        CHECK(int8.energy->hardware_id == "h100-fp16");  // int8 as fp16
        CHECK(find_warning(int8, "int8_as_fp16") != nullptr);
    }
    const Report mixed = estimate_fixture("mixed");
    CHECK(mixed.energy->hardware_id == "h100");  // its main precision
    CHECK(find_warning(mixed, "precision_from_file")->message.find("fp32 84%, fp16 16%") != std::string::npos);
}

TEST_CASE("a named precision is used as named, with a warning when the file's differs", "[precision]") {
    const Report fp16_as_fp32 = estimate_fixture("fp16", "h100", "fp32");
    CHECK(fp16_as_fp32.energy->hardware_id == "h100");
    CHECK(find_warning(fp16_as_fp32, "precision_mismatch") != nullptr);
    const Report half = estimate_fixture("fp32", "h100", "fp16");  // the .half() what-if
    CHECK(half.energy->hardware_id == "h100-fp16");
    CHECK(find_warning(half, "precision_mismatch")->message.find("converted to fp16") != std::string::npos);
    CHECK(find_warning(estimate_fixture("fp16", "h100", "fp16"), "precision_mismatch") == nullptr);
    CHECK(error_code_of([] { estimate_fixture("fp32", "h100", "int4"); }) == "bad_argument");
    CHECK(error_code_of([] { estimate_fixture("fp32", "tpu", ""); }) == "unknown_hardware");
}

TEST_CASE("the CLI estimates at the file's precision unless --precision says otherwise", "[precision][cli]") {
    const std::string path = fixture("precision/net_fp16.onnx");
    const auto chosen = run_cli("estimate '" + path + "' --format json");
    REQUIRE(chosen.exit_code == 0);
    CHECK(chosen.out.find("\"id\": \"h100-fp16\"") != std::string::npos);
    CHECK(chosen.out.find("\"precision\": \"fp16\"") != std::string::npos);
    const auto named = run_cli("estimate '" + path + "' --precision fp32 --format json");
    CHECK(named.out.find("precision_mismatch") != std::string::npos);
}
