#include "cross_validation.hpp"

#include <cmath>
#include <map>
#include <set>

#include "baselines.hpp"
#include "model_selection.hpp"
#include "profile_fit.hpp"
#include "statistics.hpp"

namespace wattlayer::fit {
namespace {

double predict(const HardwareProfile& p, const ArchitectureAtBatch& a) { return apply_profile(a.calls, a.num_layers, p).energy_j; }

// Predictions of `profile` and the baselines (fitted without `excluded`) for `test` at `batches`.
void predict_fold(const FitData& data, const GpuMeasurements& gpu, const HardwareProfile& profile, const Excluded& excluded,
                  const std::vector<const Architecture*>& test, const std::vector<int64_t>& batches, std::vector<Prediction>& out) {
    for (int64_t batch : batches) {
        const Baselines base = fit_baselines(data, gpu, batch, excluded);
        for (const Architecture* a : test) {
            const ModelRecord* r = gpu.find(a->name, batch);
            const ArchitectureAtBatch* at = a->at(batch);
            if (!r || !at) continue;
            const BaselineEnergy b = predict_baselines(base, *at);
            out.push_back({a->name, batch, a->at(data.batches.front())->batch_applied, at->shapes_known, r->energy_j, predict(profile, *at),
                           b.flops_proportional, b.log_linear});
        }
    }
}

bool has_records(const GpuMeasurements& gpu, const std::vector<const Architecture*>& archs) {
    for (const ModelRecord& r : gpu.models)
        for (const Architecture* a : archs)
            if (r.model == a->name) return true;
    return false;
}

}  // namespace

std::vector<std::vector<const Architecture*>> folds_of(const FitData& data, Grouping grouping) {
    std::vector<std::vector<const Architecture*>> out;
    std::map<std::string, size_t> index;
    for (const Architecture& a : data.archs) {
        const std::string& key = grouping == Grouping::Family ? data.family_of(a.name) : a.name;
        const auto [it, added] = index.emplace(key, out.size());
        if (added) out.emplace_back();
        out[it->second].push_back(&a);
    }
    return out;
}

CrossValidation cross_validate(const FitData& data, const CrossValidationOptions& options) {
    CrossValidation cv;
    OpLevelCache op_fits(data);
    const GpuMeasurements& measured = data.gpu(kMeasuredGpu);
    const GpuMeasurements* derived = options.derived_gpu.empty() ? nullptr : &data.gpu(options.derived_gpu);
    if (options.measured_gpu || derived)
        for (const std::vector<const Architecture*>& test : folds_of(data, options.grouping)) {
            if (options.progress) options.progress(test.front()->name);
            Excluded excluded;
            for (const Architecture* a : test) excluded.insert(a->name);
            const Selection selection = select_choices(data, excluded, op_fits);
            ++cv.chosen[describe(selection.chosen)];
            const HardwareProfile p = fit_profile(data, excluded, selection.chosen, op_fits);
            if (options.measured_gpu) predict_fold(data, measured, p, excluded, test, data.batches, cv.measured);
            if (derived && has_records(*derived, test)) {
                const HardwareProfile p2 = fit_derived_profile(p, data, derived->id, excluded);
                predict_fold(data, *derived, p2, excluded, test, data.batches, cv.derived);
                if (options.transfer_from && options.transfer_to)
                    predict_fold(data, *derived, transfer_profile(p, *options.transfer_from, *options.transfer_to, Precision::FP32, {p.ratio_low, p.ratio_high}),
                                 excluded, test, data.batches, cv.transferred);
            }
        }
    if (options.leave_task_out) {
        std::set<std::string> tasks;
        for (const Architecture& a : data.archs) tasks.insert(a.task);
        for (const std::string& task : tasks) {
            if (options.progress) options.progress("task " + task);
            Excluded excluded;
            std::vector<const Architecture*> test;
            for (const Architecture& a : data.archs)
                if (a.task == task) {
                    excluded.insert(a.name);
                    test.push_back(&a);
                }
            const HardwareProfile p = fit_selected_profile(data, excluded, op_fits);
            predict_fold(data, measured, p, excluded, test, {data.batches.back()}, cv.leave_task_out);
        }
    }
    return cv;
}

double error_percentile(const std::vector<Prediction>& p, double percent, int64_t batch) {
    std::vector<double> errors;
    for (const Prediction& x : p)
        if (batch == 0 || x.batch == batch) errors.push_back(std::abs(x.ours_j / x.measured_j - 1));
    return percentile(errors, percent);
}

double ratio_percentile(const std::vector<Prediction>& p, double percent) {
    std::vector<double> ratios;
    for (const Prediction& x : p)
        if (x.exact) ratios.push_back(x.measured_j / x.ours_j);
    return percentile(ratios, percent);
}

}  // namespace wattlayer::fit
