#include "cross_validation.hpp"

#include <cmath>
#include <map>
#include <set>

#include "baselines.hpp"
#include "profile_fit.hpp"
#include "statistics.hpp"

namespace wattlayer::fit {
namespace {

// Op-level fits depend only on which of the op-recorded architectures a fold leaves out: most
// folds share the fit on all op records.
class OpLevelCache {
public:
    explicit OpLevelCache(const FitData& data) : data_(data) {
        for (const OpRow& r : data.ops.rows) recorded_.insert(r.model);
    }
    const OpLevelFit& get(const Excluded& excluded) {
        Excluded key;
        for (const std::string& m : excluded)
            if (recorded_.count(m)) key.insert(m);
        auto it = fits_.find(key);
        if (it == fits_.end()) it = fits_.emplace(key, fit_op_level(data_.ops.rows, key)).first;
        return it->second;
    }

private:
    const FitData& data_;
    std::set<std::string> recorded_;
    std::map<Excluded, OpLevelFit> fits_;
};

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

}  // namespace

CrossValidation cross_validate(const FitData& data, const CrossValidationOptions& options) {
    CrossValidation cv;
    OpLevelCache op_cache(data);
    const GpuMeasurements& measured = data.gpu(kMeasuredGpu);
    const GpuMeasurements* derived = options.derived_gpu.empty() ? nullptr : &data.gpu(options.derived_gpu);
    if (options.measured_gpu || derived)
        for (const Architecture& a : data.archs) {
            if (options.progress) options.progress(a.name);
            const Excluded excluded{a.name};
            const HardwareProfile p = fit_profile(data, excluded, &op_cache.get(excluded));
            if (options.measured_gpu) predict_fold(data, measured, p, excluded, {&a}, data.batches, cv.measured);
            bool has_derived_records = false;
            if (derived)
                for (const ModelRecord& r : derived->models) has_derived_records = has_derived_records || r.model == a.name;
            if (has_derived_records) {
                const HardwareProfile p2 = fit_derived_profile(p, data, derived->id, excluded);
                predict_fold(data, *derived, p2, excluded, {&a}, data.batches, cv.derived);
                if (options.transfer_from && options.transfer_to)
                    predict_fold(data, *derived, transfer_profile(p, *options.transfer_from, *options.transfer_to, Precision::FP32, {p.ratio_low, p.ratio_high}), excluded, {&a},
                                 data.batches, cv.transferred);
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
            const HardwareProfile p = fit_profile(data, excluded, &op_cache.get(excluded));
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
