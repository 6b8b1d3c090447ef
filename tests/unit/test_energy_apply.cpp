// apply_profile: the host->GPU pipeline and each layer's share, checked by hand on three calls.
#include <cmath>
#include <limits>

#include "test_helpers.hpp"
#include "wattlayer/estimate.hpp"

using wattlayer::ClassCoefficients;
using wattlayer::EnergyClass;
using wattlayer::HardwareProfile;
using wattlayer::HostGroup;
using wattlayer::LayerCall;

namespace {

constexpr double kInf = std::numeric_limits<double>::infinity();

HardwareProfile hand_profile(double view_host_s) {
    HardwareProfile p;
    p.idle_w = 100;
    p.extra_w = 10;
    p.host_scale = 2;
    p.tau0_s = 50e-6;
    p.classes[static_cast<size_t>(EnergyClass::Conv)] = ClassCoefficients{1e-3, 1e-12, 1e-10, 2e-6, 1e12, 1e9};
    p.classes[static_cast<size_t>(EnergyClass::Elementwise)] = ClassCoefficients{1e-4, 0, 2e-10, 1e-6, kInf, 1e9};
    p.host_s[static_cast<size_t>(HostGroup::Conv)] = 10e-6;
    p.host_s[static_cast<size_t>(HostGroup::Elementwise)] = 5e-6;
    p.host_s[static_cast<size_t>(HostGroup::View)] = view_host_s;
    return p;
}

// conv (layer 0), a view (layer 1), an elementwise kernel (layer 2); layer 3 has no call.
const std::vector<LayerCall> kCalls = {
    {0, EnergyClass::Conv, HostGroup::Conv, 1e7, 1e5},
    {1, EnergyClass::View, HostGroup::View, 0, 0},
    {2, EnergyClass::Elementwise, HostGroup::Elementwise, 0, 1e6},
};

}  // namespace

TEST_CASE("apply_profile on three GPU-bound calls matches the hand computation", "[energy]") {
    const auto e = wattlayer::apply_profile(kCalls, 4, hand_profile(1e-6));
    // conv: g = 2us + 1e7/1e12 + 1e5/1e9 = 112us, e = 1e-3 + 1e-5 + 1e-5; issued at 20us, done at 132us.
    // view: host done at 22us < 132us: no wait, no time. elementwise: g = 1us + 1000us = 1001us, e = 1e-4 + 2e-4.
    REQUIRE(e.layers.size() == 4);
    CHECK(e.layers[0].time_s == Approx(132e-6));
    CHECK(e.layers[0].energy_j == Approx(110 * 132e-6 + 1.02e-3));
    CHECK(e.layers[1].time_s == Approx(0).margin(1e-15));
    CHECK(e.layers[1].energy_j == Approx(0).margin(1e-15));
    CHECK(e.layers[2].time_s == Approx(1001e-6));
    CHECK(e.layers[2].energy_j == Approx(110 * 1001e-6 + 3e-4));
    CHECK(e.layers[3].energy_j == 0);
    CHECK(e.overhead_time_s == Approx(50e-6));
    CHECK(e.overhead_energy_j == Approx(110 * 50e-6));
    CHECK(e.time_s == Approx(50e-6 + 1133e-6));
    CHECK(e.energy_j == Approx(110 * 1183e-6 + 1.32e-3));
}

TEST_CASE("a slow host call makes the GPU wait - the wait is the waiting layer's time", "[energy]") {
    const auto e = wattlayer::apply_profile(kCalls, 3, hand_profile(200e-6));
    // The view's host work ends at 20 + 400 = 420us, after the conv (132us): it takes 288us.
    // The elementwise kernel is issued at 430us and runs 1001us: T = 50 + 1431us, the pipeline's
    // max_k (H_k + G_k) = 430 + 1001us.
    CHECK(e.layers[1].time_s == Approx(288e-6));
    CHECK(e.layers[2].time_s == Approx(1011e-6));
    CHECK(e.time_s == Approx(50e-6 + 1431e-6));
}

TEST_CASE("layers and the overhead add up to the totals", "[energy]") {
    const auto e = wattlayer::apply_profile(kCalls, 3, hand_profile(200e-6));
    double energy = e.overhead_energy_j, time = e.overhead_time_s;
    for (const auto& l : e.layers) {
        energy += l.energy_j;
        time += l.time_s;
    }
    CHECK(energy == e.energy_j);
    CHECK(time == e.time_s);
}

TEST_CASE("two calls of one layer add up and free calls cost nothing", "[energy]") {
    const HardwareProfile p = hand_profile(1e-6);
    const std::vector<LayerCall> split = {{0, EnergyClass::Conv, HostGroup::Conv, 1e7, 1e5}, {0, EnergyClass::Elementwise, HostGroup::Elementwise, 0, 1e6},
                                          {0, EnergyClass::Free, HostGroup::None, 1e9, 1e9}};
    const auto e = wattlayer::apply_profile(split, 1, p);
    CHECK(e.layers[0].time_s == Approx(132e-6 + 1001e-6));
    CHECK(e.energy_j == Approx(110 * (50e-6 + 1133e-6) + 1.32e-3));
}

TEST_CASE("the shipped profiles apply to a shipped sample model", "[energy]") {
    const std::string bytes = wltest::read_file(std::string(WATTLAYER_MODELS) + "/samples/tiny_cnn.json");
    for (const char* id : {"h100", "h200"}) {
        const auto profile = wattlayer::profile_from_json_text(wltest::read_file(std::string(WATTLAYER_MODELS) + "/" + id + ".json"));
        for (int64_t batch : {1, 8}) {
            wattlayer::InspectOptions options;
            options.batch = batch;
            options.file_name = "tiny_cnn.json";
            const auto model = wattlayer::layer_calls(reinterpret_cast<const uint8_t*>(bytes.data()), bytes.size(), options);
            const auto e = wattlayer::apply_profile(model.calls, model.report.layers.size(), profile);
            double sum = e.overhead_energy_j;
            for (const auto& l : e.layers) sum += l.energy_j;
            CHECK(sum == Approx(e.energy_j).epsilon(1e-12));
            CHECK(e.energy_j > 0);
            CHECK(e.time_s > profile.tau0_s);
        }
    }
}
