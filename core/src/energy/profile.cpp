// Hardware profiles as JSON: the one place that knows their field names.
#include <cmath>

#include "core_strings.hpp"
#include "energy/profile_json.hpp"
#include "wattlayer/error.hpp"

namespace wattlayer {
namespace {

using nlohmann::json;

constexpr EnergyClass kAllClasses[] = {
    EnergyClass::Conv, EnergyClass::ConvDepthwise, EnergyClass::MatMul, EnergyClass::Attention, EnergyClass::Normalization,
    EnergyClass::Elementwise, EnergyClass::Pooling, EnergyClass::Reduction, EnergyClass::Copy, EnergyClass::View, EnergyClass::Free,
};
constexpr HostGroup kAllGroups[] = {
    HostGroup::Conv, HostGroup::ConvDepthwise, HostGroup::BatchNorm, HostGroup::MatMul, HostGroup::LayerNorm, HostGroup::Softmax,
    HostGroup::Elementwise, HostGroup::Pooling, HostGroup::Reduction, HostGroup::Copy, HostGroup::View, HostGroup::None,
};
static_assert(std::size(kAllClasses) == kEnergyClasses && std::size(kAllGroups) == kHostGroups);

// Rates of "infinity" (a term the fit dropped) are written as null.
json rate(double v) { return std::isfinite(v) ? json(v) : json(nullptr); }
double rate(const json& j) { return j.is_null() ? std::numeric_limits<double>::infinity() : j.get<double>(); }

}  // namespace

std::string_view energy_class_name(EnergyClass c) {
    switch (c) {
        case EnergyClass::Conv: return "conv";
        case EnergyClass::ConvDepthwise: return "conv_depthwise";
        case EnergyClass::MatMul: return "matmul";
        case EnergyClass::Attention: return "attention";
        case EnergyClass::Normalization: return "normalization";
        case EnergyClass::Elementwise: return "elementwise";
        case EnergyClass::Pooling: return "pooling";
        case EnergyClass::Reduction: return "reduction";
        case EnergyClass::Copy: return "copy";
        case EnergyClass::View: return "view";
        case EnergyClass::Free: return "free";
    }
    return "free";
}

std::string_view host_group_name(HostGroup g) {
    switch (g) {
        case HostGroup::Conv: return "conv";
        case HostGroup::ConvDepthwise: return "conv_depthwise";
        case HostGroup::BatchNorm: return "batch_norm";
        case HostGroup::MatMul: return "matmul";
        case HostGroup::LayerNorm: return "layer_norm";
        case HostGroup::Softmax: return "softmax";
        case HostGroup::Elementwise: return "elementwise";
        case HostGroup::Pooling: return "pooling";
        case HostGroup::Reduction: return "reduction";
        case HostGroup::Copy: return "copy";
        case HostGroup::View: return "view";
        case HostGroup::None: return "none";
    }
    return "none";
}

json profile_to_json(const HardwareProfile& p) {
    json classes = json::object();
    for (EnergyClass c : kAllClasses) {
        const ClassCoefficients& k = p.classes[static_cast<size_t>(c)];
        classes[std::string(energy_class_name(c))] = {{"gamma_j", k.gamma_j}, {"alpha_j_per_flop", k.alpha_j_per_flop},
                                                      {"beta_j_per_byte", k.beta_j_per_byte}, {"c0_s", k.c0_s},
                                                      {"flops_per_s", rate(k.flops_per_s)}, {"bytes_per_s", rate(k.bytes_per_s)}};
    }
    json host = json::object();
    for (HostGroup g : kAllGroups) host[std::string(host_group_name(g))] = p.host_s[static_cast<size_t>(g)];
    return {{"id", p.id}, {"name", p.name}, {"source", p.source}, {"runtime", p.runtime}, {"precision", precision_name(p.precision)},
            {"measured_batches", p.measured_batches}, {"idle_w", p.idle_w}, {"extra_w", p.extra_w},
            {"host_scale", p.host_scale}, {"tau0_s", p.tau0_s}, {"ratio_low", p.ratio_low}, {"ratio_high", p.ratio_high},
            {"classes", classes}, {"host_s", host}, {"provenance", json::parse(p.provenance)}};
}

std::string profile_json_text(const HardwareProfile& p) { return profile_to_json(p).dump(2); }

std::string hardware_json_text(const std::vector<HardwareProfile>& profiles) {
    nlohmann::ordered_json list = nlohmann::ordered_json::array();
    for (const HardwareProfile& p : profiles)
        list.push_back({{"id", p.id}, {"name", p.name}, {"source", p.source}, {"runtime", p.runtime}, {"precision", precision_name(p.precision)},
                        {"measured_batches", p.measured_batches}, {"provenance", json::parse(p.provenance)}});
    return list.dump(2);
}

HardwareProfile profile_from_json_text(std::string_view text) {
    json j;
    try {
        j = json::parse(text);
    } catch (const json::parse_error& e) {
        throw Error("bad_profile", "the hardware profile is not JSON: " + json_error_text(e.what()));
    }
    return profile_from_json(j);
}

HardwareProfile profile_from_json(const json& j) {
    try {
        HardwareProfile p;
        p.id = j.at("id").get<std::string>();
        p.name = j.at("name").get<std::string>();
        p.source = j.at("source").get<std::string>();
        p.runtime = j.at("runtime").get<std::string>();
        const std::string precision = j.at("precision").get<std::string>();
        const std::optional<Precision> known = precision_from_name(precision);
        if (!known) throw Error("bad_profile", "precision must be fp32, fp16 or bf16, not '" + precision + "'");
        p.precision = *known;
        p.measured_batches = j.at("measured_batches").get<std::vector<int64_t>>();
        p.idle_w = j.at("idle_w").get<double>();
        p.extra_w = j.at("extra_w").get<double>();
        p.host_scale = j.at("host_scale").get<double>();
        p.tau0_s = j.at("tau0_s").get<double>();
        p.ratio_low = j.at("ratio_low").get<double>();
        p.ratio_high = j.at("ratio_high").get<double>();
        for (EnergyClass c : kAllClasses) {
            const json& k = j.at("classes").at(std::string(energy_class_name(c)));
            p.classes[static_cast<size_t>(c)] = {k.at("gamma_j").get<double>(), k.at("alpha_j_per_flop").get<double>(),
                                                 k.at("beta_j_per_byte").get<double>(), k.at("c0_s").get<double>(),
                                                 rate(k.at("flops_per_s")), rate(k.at("bytes_per_s"))};
        }
        for (HostGroup g : kAllGroups) p.host_s[static_cast<size_t>(g)] = j.at("host_s").at(std::string(host_group_name(g))).get<double>();
        p.provenance = j.value("provenance", json::object()).dump();
        return p;
    } catch (const json::exception& e) {
        throw Error("bad_profile", "the hardware profile is not valid: " + json_error_text(e.what()));
    }
}

}  // namespace wattlayer
