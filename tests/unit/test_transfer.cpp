// Transferred profiles: datasheet ratios applied class by class (wattlayer/transfer.hpp), and the
// precision a profile runs at.
#include "energy_helpers.hpp"
#include "test_helpers.hpp"

#include "wattlayer/estimate.hpp"
#include "transfer.hpp"

using namespace wltest;
using wattlayer::Datasheet;
using wattlayer::EnergyClass;
using wattlayer::HardwareProfile;

namespace {

Datasheet sheet(const std::string& id, double scale_flops, double scale_bandwidth, double board_w) {
    Datasheet s;
    s.id = id;
    s.name = id;
    s.fp32_flops = 50e12 * scale_flops;
    s.tf32_flops = 400e12 * scale_flops;
    s.fp16_flops = 800e12 * scale_flops;
    s.bf16_flops = 800e12 * scale_flops;
    s.memory_bytes_per_s = 3e12 * scale_bandwidth;
    s.board_power_w = board_w;
    s.idle_w = 100;
    return s;
}

const auto& coefficients(const HardwareProfile& p, EnergyClass c) { return p.classes[static_cast<size_t>(c)]; }

}  // namespace

TEST_CASE("a transfer to the same datasheet at fp32 changes only the labels and the interval", "[transfer]") {
    const HardwareProfile base = synthetic_profile();
    const Datasheet s = sheet("base", 1, 1, 700);
    const HardwareProfile t = wattlayer::transfer_profile(base, s, s, wattlayer::Precision::FP32, {0.7, 1.6});
    CHECK(t.source == "transferred");
    CHECK(t.ratio_low == 0.7);
    CHECK(t.ratio_high == 1.6);
    for (size_t c = 0; c < wattlayer::kEnergyClasses; ++c) {
        CHECK(t.classes[c].flops_per_s == Approx(base.classes[c].flops_per_s));
        CHECK(t.classes[c].alpha_j_per_flop == Approx(base.classes[c].alpha_j_per_flop));
        CHECK(t.classes[c].gamma_j == Approx(base.classes[c].gamma_j));
    }
    CHECK(t.host_s == base.host_s);
}

TEST_CASE("twice the bandwidth at the same power halves memory time and energy per byte", "[transfer]") {
    const HardwareProfile t = wattlayer::transfer_profile(synthetic_profile(), sheet("a", 1, 1, 700), sheet("b", 1, 2, 700), wattlayer::Precision::FP32, {});
    const auto& k = coefficients(t, EnergyClass::Elementwise);
    CHECK(k.bytes_per_s == Approx(4e12));
    CHECK(k.beta_j_per_byte == Approx(0.5e-10));
    CHECK(k.flops_per_s == Approx(1e13));  // compute unchanged
    CHECK(t.id == "b");
}

TEST_CASE("half the power above idle halves per-call and per-FLOP energy - idle is the target's", "[transfer]") {
    Datasheet small = sheet("small", 1, 1, 400);  // 300 W above idle against 600 W
    small.idle_w = 60;  // 340 W above idle
    const HardwareProfile t = wattlayer::transfer_profile(synthetic_profile(), sheet("big", 1, 1, 700), small, wattlayer::Precision::FP32, {});
    const double power = 340.0 / 600.0;
    CHECK(coefficients(t, EnergyClass::MatMul).gamma_j == Approx(1e-4 * power));
    CHECK(coefficients(t, EnergyClass::MatMul).alpha_j_per_flop == Approx(1e-11 * power));
    CHECK(t.idle_w == 60);
    CHECK(t.extra_w == Approx(10 * power));
}

TEST_CASE("fp16 moves convolutions from TF32 and matmuls from FP32 to the FP16 tensor-core peak", "[transfer]") {
    const Datasheet s = sheet("gpu", 1, 1, 700);
    const HardwareProfile t = wattlayer::transfer_profile(synthetic_profile(), s, s, wattlayer::Precision::FP16, {});
    CHECK(t.id == "gpu-fp16");
    CHECK(t.precision == wattlayer::Precision::FP16);
    CHECK(coefficients(t, EnergyClass::Conv).flops_per_s == Approx(1e13 * 800.0 / 400.0));
    CHECK(coefficients(t, EnergyClass::MatMul).flops_per_s == Approx(1e13 * 800.0 / 50.0));
    CHECK(coefficients(t, EnergyClass::Elementwise).flops_per_s == Approx(1e13));
    Datasheet no_bf16 = s;
    no_bf16.bf16_flops = 0;
    CHECK(error_code_of([&] { wattlayer::transfer_profile(synthetic_profile(), s, no_bf16, wattlayer::Precision::BF16, {}); }) == "bad_profile");
    CHECK(wattlayer::supported_precisions(no_bf16) == std::vector<wattlayer::Precision>{wattlayer::Precision::FP32, wattlayer::Precision::FP16});
}

TEST_CASE("an fp16 profile on a float32 model counts float tensors at 2 bytes", "[transfer]") {
    HardwareProfile fp32 = synthetic_profile();
    for (auto& c : fp32.classes) c = {0, 0, 1e-10, 0, std::numeric_limits<double>::infinity(), std::numeric_limits<double>::infinity()};
    HardwareProfile fp16 = fp32;
    fp16.precision = wattlayer::Precision::FP16;
    const std::string model = R"({"inputs":[{"name":"x","shape":[1,1000]}],"layers":[{"name":"relu","op":"Relu","inputs":["x"],"outputs":["y"]}]})";
    InspectOptions options;
    options.file_name = "m.json";
    auto energy = [&](const HardwareProfile& p) {
        const Report r = wattlayer::estimate(reinterpret_cast<const uint8_t*>(model.data()), model.size(), options, p);
        return r.energy->energy_j - (p.idle_w + p.extra_w) * r.energy->time_s;  // the dynamic part: sum of e_l
    };
    CHECK(energy(fp16) == Approx(energy(fp32) / 2));  // only the per-byte energy differs: 8000 vs 4000 bytes
}

TEST_CASE("the builtin profiles resolve a GPU and a precision", "[transfer]") {
    CHECK(wattlayer::builtin_profile("h100", "fp32").id == "h100");
    CHECK(wattlayer::builtin_profile("h100", "fp16").id == "h100-fp16");
    CHECK(wattlayer::builtin_profile("a100_sxm", "bf16").source == "transferred");
    CHECK(error_code_of([] { wattlayer::builtin_profile("t4", "bf16"); }) == "unknown_hardware");
    CHECK(error_code_of([] { wattlayer::builtin_profile("nope", "fp16"); }) == "unknown_hardware");
    CHECK(error_code_of([] { wattlayer::builtin_profile("h100", "fp8"); }) == "bad_argument");
}

TEST_CASE("each builtin profile is found by its id alone (the file name it was embedded under)", "[transfer]") {
    const auto& all = wattlayer::builtin_profiles();
    REQUIRE(all.size() == 29);
    for (const auto& p : all) {
        INFO(p.id);
        CHECK(wattlayer::builtin_profile(p.id).id == p.id);
        CHECK(wattlayer::builtin_profile(p.id).name == p.name);
    }
}

TEST_CASE("hardware ids and precisions are found whatever their case", "[transfer]") {
    CHECK(wattlayer::builtin_profile("H100").id == "h100");
    CHECK(wattlayer::builtin_profile("A100_SXM", "FP16").id == "a100_sxm-fp16");
    CHECK(error_code_of([] { wattlayer::builtin_profile("H999"); }) == "unknown_hardware");
}

TEST_CASE("a profile file with a precision other than fp32, fp16 or bf16 is a bad_profile", "[transfer]") {
    nlohmann::json j = nlohmann::json::parse(wattlayer::profile_json_text(wattlayer::builtin_profile("h100")));
    CHECK(wattlayer::profile_from_json_text(j.dump()).precision == wattlayer::Precision::FP32);
    j["precision"] = "fp8";
    CHECK(error_code_of([&] { wattlayer::profile_from_json_text(j.dump()); }) == "bad_profile");
}
