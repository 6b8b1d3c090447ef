#pragma once
// The layer-wise energy model (equations in models/README.md). A model's layers become calls, as
// PyTorch eager would launch them; each call has a GPU time and a dynamic (above-idle) energy from
// its class's coefficients, and a host (dispatch) time from its host group. The host queues kernels
// ahead of the GPU, so the wall time is a two-stage pipeline; the board draws idle power (plus a
// little) for all of it:
//   e_l = gamma_c + alpha_c F_l + beta_c B_l            g_l = c0_c + F_l / R_c + B_l / BW_c
//   h_l = a * host_s[group_l]                            T = tau0 + max_k (sum_{j<=k} h_j + sum_{j>=k} g_j)
//   E   = (P_idle + P_x) T + sum_l e_l
#include <array>
#include <cstddef>
#include <cstdint>
#include <limits>
#include <string>
#include <string_view>
#include <vector>

#include "wattlayer/dtype.hpp"

namespace wattlayer {

// What a layer costs like. Free: folded into another call or computed only from constants.
enum class EnergyClass : uint8_t {
    Conv, ConvDepthwise, MatMul, Attention, Normalization, Elementwise, Pooling, Reduction, Copy, View, Free,
};
inline constexpr size_t kEnergyClasses = 11;
std::string_view energy_class_name(EnergyClass c);

// Which host-side dispatch cost a call pays (measured per PyTorch function family). None: no call.
enum class HostGroup : uint8_t {
    Conv, ConvDepthwise, BatchNorm, MatMul, LayerNorm, Softmax, Elementwise, Pooling, Reduction, Copy, View, None,
};
inline constexpr size_t kHostGroups = 12;
std::string_view host_group_name(HostGroup g);
// The host group that a measured PyTorch call (its short function name, "conv2d") belongs to,
// from the operator registry; `cls`, the call's class from layer_calls, tells a depthwise
// convolution from a dense one. None: the call is left out of the host costs.
HostGroup torch_host_group(std::string_view func, EnergyClass cls);

struct ClassCoefficients {
    double gamma_j = 0;           // dynamic energy per call
    double alpha_j_per_flop = 0;  // dynamic energy per FLOP
    double beta_j_per_byte = 0;   // dynamic energy per byte read or written
    double c0_s = 0;              // GPU time per call
    double flops_per_s = std::numeric_limits<double>::infinity();
    double bytes_per_s = std::numeric_limits<double>::infinity();
};

// A hardware profile: data under models/<id>.json, fitted by `wattlayer fit`.
struct HardwareProfile {
    std::string id;          // "h100"
    std::string name;        // "NVIDIA H100 80GB HBM3 (SXM)"
    std::string source;      // "measured" or "transferred"
    std::string runtime = "pytorch-eager";
    Precision precision = Precision::FP32;
    std::vector<int64_t> measured_batches;             // other batch sizes are extrapolated
    double idle_w = 0;                                  // P_idle
    double extra_w = 0;                                 // P_x: board power above idle while a model runs
    double host_scale = 1;                              // a: host time of a call in a model / alone
    double tau0_s = 0;                                  // fixed wall time per forward pass
    std::array<ClassCoefficients, kEnergyClasses> classes{};
    std::array<double, kHostGroups> host_s{};          // host time of one isolated call, per group
    // Cross-validated ratio measured / predicted at the 5th and 95th percentiles: the interval.
    double ratio_low = 1, ratio_high = 1;
    std::string provenance = "{}";  // JSON text (an object in shipped profiles): data files, date, method, CV error
};

// A profile from its JSON text (models/<id>.json). Throws Error("bad_profile").
HardwareProfile profile_from_json_text(std::string_view text);
// The profile as JSON text, indented by 2, keys sorted: what `wattlayer fit` writes to models/.
std::string profile_json_text(const HardwareProfile& p);
// The list `wattlayer hardware` prints, as JSON text: id, name, source, runtime, precision,
// batches, provenance of each profile.
std::string hardware_json_text(const std::vector<HardwareProfile>& profiles);

// One call (a kernel launch in PyTorch eager) behind a layer of a report. A layer may have none
// (a view the exporter spelled as a node, a bias add fused into its matmul, a subgraph of
// constants) or two (a convolution the exporter fused with its BatchNorm).
struct LayerCall {
    size_t layer = 0;  // index into report.layers
    EnergyClass cls = EnergyClass::Free;
    HostGroup host = HostGroup::None;
    double flops = 0;
    double bytes = 0;  // read + written
};

struct LayerEnergy {
    double energy_j = 0;
    double time_s = 0;
};

struct ModelEnergy {
    std::vector<LayerEnergy> layers;  // per report layer; they add up, with the overhead, to the totals
    double energy_j = 0;
    double time_s = 0;
    double overhead_energy_j = 0;     // (P_idle + P_x) tau0: framework work outside every layer
    double overhead_time_s = 0;
};

// Per-layer share of the pipeline: with f_k = max(f_{k-1}, sum_{j<=k} h_j) + g_k, call k takes
// dt_k = f_k - f_{k-1} of wall time (waiting for the host, then running) and energy
// (P_idle + P_x) dt_k + e_k; the overhead line is (P_idle + P_x) tau0.
ModelEnergy apply_profile(const std::vector<LayerCall>& calls, size_t num_layers, const HardwareProfile& profile);

}  // namespace wattlayer
