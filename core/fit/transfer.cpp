// Transferred profiles: a measured profile moved to another GPU or precision by datasheet ratios.
#include "transfer.hpp"

#include "wattlayer/wattlayer.hpp"

namespace wattlayer {
namespace {

using nlohmann::json;

// The peak a class runs at in PyTorch eager: cuDNN convolutions may use TF32, matmuls may not
// (the defaults); at fp16/bf16 both use tensor cores. Everything else is memory-bound work on the
// CUDA cores, whose FLOPs count at the FP32 peak.
std::string compute_unit(EnergyClass c, Precision precision) {
    const bool tensor_core = c == EnergyClass::Conv || c == EnergyClass::MatMul || c == EnergyClass::Attention;
    if (!tensor_core) return "fp32";
    if (precision != Precision::FP32) return std::string(precision_name(precision));
    return c == EnergyClass::Conv ? "tf32" : "fp32";
}

double dynamic_w(const Datasheet& s) { return s.board_power_w - s.idle_w; }

std::string teraflops(double flops) { return std::to_string(static_cast<int64_t>(flops / 1e12)) + " TFLOPS"; }

}  // namespace

double Datasheet::peak(const std::string& unit) const {
    if (unit == "fp32") return fp32_flops;
    if (unit == "tf32") return tf32_flops;
    if (unit == "fp16") return fp16_flops;
    if (unit == "bf16") return bf16_flops;
    return 0;
}

std::vector<Datasheet> datasheets_from_json(const json& file) {
    try {
        const double idle_share = file.at("idle_share_of_board_power").get<double>();
        std::vector<Datasheet> out;
        for (const json& g : file.at("gpus")) {
            Datasheet s;
            s.id = g.at("id").get<std::string>();
            s.name = g.at("name").get<std::string>();
            s.fp32_flops = g.at("fp32_flops").get<double>();
            s.tf32_flops = g.at("tf32_flops").get<double>();
            s.fp16_flops = g.at("fp16_flops").get<double>();
            s.bf16_flops = g.at("bf16_flops").get<double>();
            s.memory_bytes_per_s = g.at("memory_bytes_per_s").get<double>();
            s.board_power_w = g.at("board_power_w").get<double>();
            s.idle_w = idle_share * s.board_power_w;
            s.sources = g.at("sources");
            if (s.fp32_flops <= 0 || s.tf32_flops <= 0 || s.fp16_flops <= 0 || s.memory_bytes_per_s <= 0 || s.board_power_w <= s.idle_w)
                throw Error("bad_profile", "datasheet '" + s.id + "' lacks a peak, a bandwidth or a board power");
            out.push_back(std::move(s));
        }
        return out;
    } catch (const json::exception& e) {
        throw Error("bad_profile", std::string("the datasheet file is not valid: ") + e.what());
    }
}

const Datasheet& find_datasheet(const std::vector<Datasheet>& sheets, const std::string& id) {
    for (const Datasheet& s : sheets)
        if (s.id == id) return s;
    throw Error("unknown_hardware", "no datasheet for '" + id + "'");
}

std::vector<Precision> supported_precisions(const Datasheet& sheet) {
    std::vector<Precision> out;
    for (Precision p : kPrecisions)
        if (sheet.peak(std::string(precision_name(p))) > 0) out.push_back(p);
    return out;
}

HardwareProfile transfer_profile(const HardwareProfile& base, const Datasheet& from, const Datasheet& to,
                                 Precision precision, const TransferInterval& interval) {
    const std::string name(precision_name(precision));
    if (base.precision != Precision::FP32) throw Error("bad_profile", "transfers start from an fp32 profile, not " + std::string(precision_name(base.precision)));
    if (to.peak(name) <= 0) throw Error("bad_profile", to.name + " has no " + name + " support");
    HardwareProfile p = base;
    p.id = precision == Precision::FP32 ? to.id : to.id + "-" + name;
    p.name = to.name;
    p.source = "transferred";
    p.precision = precision;
    const double power = dynamic_w(to) / dynamic_w(from);
    const double bandwidth = to.memory_bytes_per_s / from.memory_bytes_per_s;
    for (size_t i = 0; i < kEnergyClasses; ++i) {
        const auto cls = static_cast<EnergyClass>(i);
        const double compute = to.peak(compute_unit(cls, precision)) / from.peak(compute_unit(cls, Precision::FP32));
        ClassCoefficients& k = p.classes[i];
        k.flops_per_s *= compute;  // infinity stays infinity
        k.bytes_per_s *= bandwidth;
        k.alpha_j_per_flop *= power / compute;
        k.beta_j_per_byte *= power / bandwidth;
        k.gamma_j *= power;
    }
    p.idle_w = to.idle_w;
    p.extra_w = base.extra_w * power;
    p.ratio_low = interval.ratio_low;
    p.ratio_high = interval.ratio_high;
    p.provenance = nlohmann::json{
        {"transferred_from", base.id},
        {"method", "wattlayer transfer: the " + base.id + " profile (measured, fp32) moved by datasheet ratios of peak rate per class (" +
                       teraflops(to.peak(compute_unit(EnergyClass::MatMul, precision))) + " for matmuls), memory bandwidth and board power above idle; "
                       "host terms unchanged (same host CPU assumed); interval: the cross-validated measured/predicted ratios (5th, 95th percentile) "
                       "of the same transfer from H100 to H200, where both are measured, and at least the base profile's"},
        {"datasheet", to.sources},
        {"datasheet_figures", {{"fp32_flops", to.fp32_flops}, {"tf32_flops", to.tf32_flops}, {"fp16_flops", to.fp16_flops},
                               {"bf16_flops", to.bf16_flops}, {"memory_bytes_per_s", to.memory_bytes_per_s},
                               {"board_power_w", to.board_power_w}, {"idle_w_assumed", to.idle_w}}},
    }.dump();
    return p;
}

}  // namespace wattlayer
