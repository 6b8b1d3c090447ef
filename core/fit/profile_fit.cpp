#include "profile_fit.hpp"

#include <set>

#include "wattlayer/wattlayer.hpp"

namespace wattlayer::fit {

Training training_records(const FitData& data, const GpuMeasurements& gpu, const Excluded& excluded) {
    Training t;
    for (int64_t batch : data.batches)
        for (const Architecture& a : data.archs) {
            const ModelRecord* r = gpu.find(a.name, batch);
            if (!r || excluded.count(a.name) || !a.usable()) continue;
            t.calls.push_back(&a.at(batch)->calls);
            t.time_s.push_back(r->time_s);
            t.energy_j.push_back(r->energy_j);
        }
    return t;
}

OpLevelFit op_level_of(const HardwareProfile& p) {
    OpLevelFit op;
    op.classes = p.classes;
    op.host_s = p.host_s;
    return op;
}

HardwareProfile fit_profile(const FitData& data, const Excluded& excluded, const FitChoices& choices, OpLevelCache& op_fits) {
    const OpLevelFit& op = op_fits.get(excluded, choices.c0_max_s);
    const GpuMeasurements& gpu = data.gpu(kMeasuredGpu);
    const Training training = training_records(data, gpu, excluded);
    if (training.calls.empty()) throw Error("bad_data", "no usable whole-model records to fit on");
    const PipelineFit pipe = fit_pipeline(PackedModels(training.calls, op), training.time_s, training.energy_j, gpu.idle_w, choices.loss);

    HardwareProfile p;
    p.id = gpu.id;
    p.name = gpu.gpu;
    p.source = "measured";
    p.measured_batches = data.batches;
    p.idle_w = gpu.idle_w;
    p.extra_w = pipe.extra_w;
    p.host_scale = pipe.host_scale;
    p.tau0_s = pipe.tau0_s;
    p.classes = op.classes;
    p.host_s = op.host_s;
    p.provenance = nlohmann::json{{"op_records_used", op.rows}, {"whole_model_records_used", training.calls.size()}, {"choices", choices_json(choices)}}
                       .dump();
    return p;
}

Loss loss_of(const HardwareProfile& p) {
    const nlohmann::json provenance = nlohmann::json::parse(p.provenance, nullptr, false);
    if (!provenance.is_object() || !provenance.contains("choices")) return Loss::SquaredLog;
    return loss_named(provenance["choices"].value("whole_model_loss", std::string()));
}

HardwareProfile fit_derived_profile(const HardwareProfile& base, const FitData& data, const std::string& gpu_id, const Excluded& excluded) {
    const GpuMeasurements& gpu = data.gpu(gpu_id);
    const Training training = training_records(data, gpu, excluded);
    if (training.calls.empty()) throw Error("bad_data", "no usable whole-model records of " + gpu_id + " to fit on");
    const PipelineFit pipe{base.host_scale, base.tau0_s, base.extra_w};
    const Loss loss = loss_of(base);
    const GpuScales s = fit_gpu_scales(PackedModels(training.calls, op_level_of(base)), training.energy_j, gpu.idle_w, pipe, loss);

    HardwareProfile p = base;
    p.id = gpu.id;
    p.name = gpu.gpu;
    p.source = "measured";  // fitted on this GPU's own whole-model measurements
    std::set<int64_t> batches;
    for (const ModelRecord& r : gpu.models) batches.insert(r.batch);
    p.measured_batches.assign(batches.begin(), batches.end());
    p.idle_w = gpu.idle_w;
    p.host_scale = base.host_scale * s.host;
    p.tau0_s = base.tau0_s * s.host;
    for (ClassCoefficients& k : p.classes) {
        k.gamma_j *= s.dynamic_energy;
        k.alpha_j_per_flop *= s.dynamic_energy;
        k.beta_j_per_byte *= s.dynamic_energy;
        k.c0_s *= s.gpu_time;
        k.flops_per_s /= s.gpu_time;
        k.bytes_per_s /= s.gpu_time;
    }
    p.provenance = nlohmann::json{{"derived_from", base.id},
                                  {"choices", {{"whole_model_loss", loss_name(loss)}}},
                                  {"scales", {{"host", s.host}, {"gpu_time", s.gpu_time}, {"dynamic_energy", s.dynamic_energy}}},
                                  {"whole_model_records_used", training.calls.size()}}
                       .dump();
    return p;
}

}  // namespace wattlayer::fit
