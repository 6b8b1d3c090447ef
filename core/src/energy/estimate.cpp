// estimate: bytes -> reader -> graph -> shapes -> costs -> calls -> energy -> report.
#include "wattlayer/estimate.hpp"

#include <algorithm>
#include <cmath>

#include <nlohmann/json.hpp>

#include "energy/classify.hpp"
#include "energy/file_precision.hpp"
#include "infer/control_flow.hpp"
#include "io/readers.hpp"
#include "ops/op_table.hpp"
#include "pipeline.hpp"
#include "wattlayer/error.hpp"

namespace wattlayer {
namespace {

// A class the profile has coefficients for (views and free calls legitimately cost ~nothing).
bool is_fitted(const HardwareProfile& p, EnergyClass c) {
    if (c == EnergyClass::View || c == EnergyClass::Free) return true;
    const ClassCoefficients& k = p.classes[static_cast<size_t>(c)];
    return k.gamma_j > 0 || k.alpha_j_per_flop > 0 || k.beta_j_per_byte > 0 || k.c0_s > 0;
}

std::string joined_batches(const std::vector<int64_t>& batches) {
    std::string s;
    for (int64_t b : batches) s += (s.empty() ? "" : ", ") + std::to_string(b);
    return s;
}

// Coverage: the layers (and their FLOPs) whose operator the registry knows and whose calls all
// have fitted classes. The others got the fallback the classifier gave them; a warning names them.
void add_coverage(const Inference& inf, const LayerCosts& costs, const std::vector<LayerCall>& calls, const HardwareProfile& profile,
                  EnergyTotals& t, Report& report) {
    std::vector<bool> covered(costs.layers.size(), true);
    for (size_t i = 0; i < costs.layers.size(); ++i) covered[i] = inf.nodes[costs.layers[i].node].rule != nullptr;
    for (const LayerCall& c : calls) covered[c.layer] = covered[c.layer] && is_fitted(profile, c.cls);
    double flops = 0, covered_flops = 0;
    int64_t covered_layers = 0;
    Warning fallback{WarningCode::UnfittedLayers, "layers outside the fitted operator classes: estimated with a fallback class", {}};
    for (size_t i = 0; i < report.layers.size(); ++i) {
        const double f = static_cast<double>(report.layers[i].flops);
        flops += f;
        if (covered[i]) {
            covered_flops += f;
            ++covered_layers;
        } else if (fallback.layers.size() < 100) {
            fallback.layers.emplace_back(report.layers[i].name);
        }
    }
    t.fitted_layers_share = report.layers.empty() ? 1 : static_cast<double>(covered_layers) / static_cast<double>(report.layers.size());
    // Without FLOPs (every layer a view, or none costed) the share of FLOPs is that of layers.
    t.fitted_flops_share = flops > 0 ? covered_flops / flops : t.fitted_layers_share;
    if (!fallback.layers.empty()) report.warnings.push_back(std::move(fallback));
}

// A profile of another precision than the model's float32 tensors (fp16, bf16): the model as it
// would run after .half() or .bfloat16(), so its float tensors move 2 bytes per element. The
// report's byte columns stay those of the file.
void cast_to_precision(std::vector<LayerCall>& calls, const Report& report, const HardwareProfile& profile) {
    if (profile.precision == Precision::FP32) return;
    for (LayerCall& c : calls)
        if (report.layers[c.layer].dtype == DType::Float) c.bytes *= 0.5;
}

// An estimate needs at least one layer whose shape and operator are known: a number built from
// none of them would look like an answer.
void reject_nothing_costed(const Inference& inf, const LayerCosts& costs) {
    if (costs.layers.empty()) return;
    for (const LayerCost& l : costs.layers)
        if (inf.nodes[l.node].shape_known && inf.nodes[l.node].rule) return;
    const Totals& t = costs.total;
    throw Error("nothing_costed", "none of the " + std::to_string(t.layers) + " layers could be costed (" + std::to_string(t.unknown_shape_layers) +
                                      " with unknown shapes, " + std::to_string(t.unknown_operator_layers) +
                                      " of unknown operators): `inspect` lists them with the reasons");
}

// The name of the GPU a transferred profile was moved from, as its provenance records it.
std::string transferred_from(const HardwareProfile& profile) {
    const nlohmann::json provenance = nlohmann::json::parse(profile.provenance, nullptr, false);
    return provenance.is_object() ? provenance.value("transferred_from", std::string("another GPU")) : std::string("another GPU");
}

// The profile the caller named, else the GPU's at the file's main precision (int8 at fp16: no
// profile has int8 rates).
const HardwareProfile& profile_for_file(const ProfileChoice& choice, FilePrecision main) {
    if (choice.profile) return *choice.profile;
    if (!choice.precision.empty()) return builtin_profile(choice.hardware, choice.precision);
    const Precision p = main == FilePrecision::FP16 || main == FilePrecision::INT8 ? Precision::FP16
                        : main == FilePrecision::BF16                             ? Precision::BF16
                                                                                  : Precision::FP32;
    for (const HardwareProfile& profile : builtin_profiles())  // a GPU without that precision (T4: no bf16) keeps fp32
        if (profile.id == choice.hardware + "-" + std::string(precision_name(p))) return profile;
    return builtin_profile(choice.hardware);
}

// "fp16" for a file of one precision; "mixed precision (fp32 84%, fp16 16% of the FLOPs)" else.
std::string file_precision_text(const FileCompute& file) {
    if (file.precision != FilePrecision::Mixed) return std::string(file_precision_name(file.precision));
    std::string shares;
    for (size_t i = 0; i < kFilePrecisions; ++i)
        if (file.shares[i] > 0)
            shares += (shares.empty() ? "" : ", ") + std::string(file_precision_name(static_cast<FilePrecision>(i))) + " " +
                      std::to_string(static_cast<int>(file.shares[i] * 100 + 0.5)) + "%";
    return "mixed precision (" + shares + " of the FLOPs)";
}

// What the report says about the file's precision against the profile's.
void warn_precision(const FileCompute& file, const ProfileChoice& choice, const HardwareProfile& profile, Report& report) {
    const std::string profile_name(precision_name(profile.precision));
    const FilePrecision main = file.main();
    if (main == FilePrecision::INT8)
        report.warnings.push_back({WarningCode::Int8AsFp16, "int8 layers (quantized operators, or float ones fed by DequantizeLinear) are estimated "
                                                            "as fp16 ones: no profile has int8 rates, so the figure is an upper bound on GPUs with "
                                                            "int8 tensor cores", {}});
    const FilePrecision matching = main == FilePrecision::INT8 ? FilePrecision::FP16 : main;
    const bool chosen = !choice.profile && choice.precision.empty();
    const bool has_matching = file_precision_name(matching) == profile_name;
    if (chosen) {
        if (matching != FilePrecision::FP32 || file.precision == FilePrecision::Mixed)
            report.warnings.push_back({WarningCode::PrecisionFromFile, "the file computes in " + file_precision_text(file) + ": estimated with " + choice.hardware +
                                                                           "'s " + profile_name + " profile" +
                                                                           (has_matching ? "" : " (it has no " + std::string(file_precision_name(matching)) + " profile)") +
                                                                           "; --precision chooses another", {}});
    } else if (!has_matching) {
        report.warnings.push_back({WarningCode::PrecisionMismatch, "the file computes in " + file_precision_text(file) + " but the profile is " + profile_name +
                                                                       (profile.precision == Precision::FP32 ? std::string(": fp32 rates are applied to its layers")
                                                                                                             : ": estimated as the model would run converted to " + profile_name), {}});
    }
}

// Each layer's bound: FLOPs over its class's rate against bytes over its bandwidth, summed over its
// calls (classes without a rate, such as elementwise kernels, are memory-bound).
void mark_bounds(const std::vector<LayerCall>& calls, const HardwareProfile& profile, Report& report) {
    std::vector<std::pair<double, double>> seconds(report.layers.size());  // compute, memory
    for (const LayerCall& c : calls) {
        if (c.cls == EnergyClass::Free || c.cls == EnergyClass::View || c.layer >= seconds.size()) continue;
        const ClassCoefficients& k = profile.classes[static_cast<size_t>(c.cls)];
        if (std::isfinite(k.flops_per_s) && k.flops_per_s > 0) seconds[c.layer].first += c.flops / k.flops_per_s;
        if (std::isfinite(k.bytes_per_s) && k.bytes_per_s > 0) seconds[c.layer].second += c.bytes / k.bytes_per_s;
    }
    for (size_t i = 0; i < report.layers.size(); ++i) {
        const auto [compute, memory] = seconds[i];
        if (compute > 0 || memory > 0) report.layers[i].bound = compute > memory ? "compute" : "memory";
    }
}

}  // namespace

Report estimate_model(const Model& given, const InspectOptions& options, const ProfileChoice& choice) {
    std::optional<Model> rewritten;
    const Inference inf = infer_resolving_control_flow(given, options, rewritten);
    const Model& model = rewritten ? *rewritten : given;
    LayerCosts costs = count_costs(model, inf);
    reject_nothing_costed(inf, costs);
    std::vector<LayerCall> calls = classify_layers(model, inf, costs);
    repeat_calls(calls, inf.passes);
    repeat_passes(costs, inf.passes);
    Report report = build_report(model, options, inf, costs);
    const FileCompute file{report.model.precision, report.model.precision_shares};  // as build_report read it
    const HardwareProfile& profile = profile_for_file(choice, file.main());
    warn_precision(file, choice, profile, report);
    cast_to_precision(calls, report, profile);
    const ModelEnergy energy = apply_profile(calls, report.layers.size(), profile);
    for (size_t i = 0; i < report.layers.size(); ++i) {
        report.layers[i].energy_j = energy.layers[i].energy_j;
        report.layers[i].time_s = energy.layers[i].time_s;
    }
    mark_bounds(calls, profile, report);

    EnergyTotals t;
    t.hardware_id = profile.id;
    t.hardware_name = profile.name;
    t.source = profile.source;
    t.runtime = profile.runtime;
    t.precision = profile.precision;
    t.energy_j = energy.energy_j;
    t.time_s = energy.time_s;
    t.energy_j_low = energy.energy_j * profile.ratio_low;
    t.energy_j_high = energy.energy_j * profile.ratio_high;
    t.overhead_energy_j = energy.overhead_energy_j;
    t.overhead_time_s = energy.overhead_time_s;
    const auto& measured = profile.measured_batches;
    // Passes of one run the calls of batch 1.
    t.extrapolated_batch = std::find(measured.begin(), measured.end(), inf.batch) == measured.end();
    if (t.extrapolated_batch)
        report.warnings.push_back({WarningCode::ExtrapolatedBatch, "batch " + std::to_string(inf.batch) + " was not measured on " + profile.id +
                                                             " (measured: " + joined_batches(measured) + "): the estimate extrapolates", {}});
    if (profile.source == "transferred")
        report.warnings.push_back({WarningCode::TransferredProfile, "the " + profile.id + " profile is transferred, not measured: derived from " +
                                                                       transferred_from(profile) + "'s measurements by datasheet ratios; its interval is wider", {}});
    else if (profile.source != "measured")
        report.warnings.push_back({WarningCode::UnmeasuredProfile, "the " + profile.id + " profile is not measured (source: " + profile.source + ")", {}});

    add_coverage(inf, costs, calls, profile, t, report);
    report.energy = std::move(t);
    return report;
}

Report estimate_model(const Model& model, const InspectOptions& options, const HardwareProfile& profile) {
    ProfileChoice choice;
    choice.profile = &profile;
    return estimate_model(model, options, choice);
}

Report estimate(const uint8_t* data, size_t size, const InspectOptions& options, const HardwareProfile& profile) {
    // The bytes outlive the model here, so its names need not be copied out of them.
    return estimate_model(read_any(data, size, options.file_name, Names::Borrow), options, profile);
}

Report estimate(const uint8_t* data, size_t size, const InspectOptions& options, const std::string& hardware, const std::string& precision) {
    if (!precision.empty()) builtin_profile(hardware, precision);  // an unknown GPU or precision fails before the model is read
    else builtin_profile(hardware);
    ProfileChoice choice;
    choice.hardware = hardware;
    choice.precision = precision;
    return estimate_model(read_any(data, size, options.file_name, Names::Borrow), options, choice);
}

ModelCalls layer_calls(const uint8_t* data, size_t size, const InspectOptions& options) {
    const Model read = read_any(data, size, options.file_name, Names::Borrow);
    std::optional<Model> rewritten;
    const Inference inf = infer_resolving_control_flow(read, options, rewritten);
    const Model& model = rewritten ? *rewritten : read;
    LayerCosts costs = count_costs(model, inf);
    std::vector<LayerCall> calls = classify_layers(model, inf, costs);
    repeat_calls(calls, inf.passes);
    repeat_passes(costs, inf.passes);
    return {build_report(model, options, inf, costs), std::move(calls)};
}

}  // namespace wattlayer
