#pragma once
// Profiles for GPUs and precisions nobody measured, moved from a measured profile by public
// datasheet ratios (models/README.md, "Transferred profiles"). Per energy class, in PyTorch eager's
// defaults (convolutions in TF32, matmuls in FP32 unless the precision is fp16/bf16):
//   flops_per_s *= peak_to / peak_from          bytes_per_s *= bandwidth_to / bandwidth_from
//   alpha *= (dynamic power / peak) ratio        beta *= (dynamic power / bandwidth) ratio
//   gamma, P_x *= dynamic power ratio            idle power: the target's
// where dynamic power is board power minus idle. Host terms stay: the host CPU is not on a datasheet.
#include <string>
#include <vector>

#include <nlohmann/json.hpp>

#include "wattlayer/wattlayer.hpp"

namespace wattlayer {

struct Datasheet {
    std::string id;
    std::string name;
    double fp32_flops = 0;  // CUDA cores
    double tf32_flops = 0;  // tensor cores, dense
    double fp16_flops = 0;  // tensor cores, dense, FP32 accumulate
    double bf16_flops = 0;  // 0: not supported
    double memory_bytes_per_s = 0;
    double board_power_w = 0;
    double idle_w = 0;      // not on datasheets: a share of board power (models/datasheets/gpus.json)
    nlohmann::json sources = nlohmann::json::array();

    // The peak of "fp32", "tf32", "fp16" or "bf16"; 0 when the GPU lacks it.
    double peak(const std::string& unit) const;
};

// Every GPU of a datasheet file (models/datasheets/gpus.json). Throws Error("bad_profile").
std::vector<Datasheet> datasheets_from_json(const nlohmann::json& file);
const Datasheet& find_datasheet(const std::vector<Datasheet>& sheets, const std::string& id);

// The precisions a GPU's datasheet supports, fp32 first.
std::vector<Precision> supported_precisions(const Datasheet& sheet);

// `base` (measured on `from`, in fp32) moved to `to` at `precision`, with the interval of a
// validated transfer: the measured/predicted ratios of H100-to-H200 predictions from datasheets
// (`wattlayer transfer` computes them). Throws Error("bad_profile") for a precision `to` lacks.
struct TransferInterval {
    double ratio_low = 1;
    double ratio_high = 1;
};
HardwareProfile transfer_profile(const HardwareProfile& base, const Datasheet& from, const Datasheet& to,
                                 Precision precision, const TransferInterval& interval);

}  // namespace wattlayer
