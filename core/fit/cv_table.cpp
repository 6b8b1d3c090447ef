#include "cv_table.hpp"

#include <algorithm>
#include <cmath>
#include <tuple>
#include <cstdio>
#include <set>

#include "statistics.hpp"

namespace wattlayer::fit {
namespace {

using Member = double Prediction::*;

std::string row(const std::string& setting, int64_t batch, const std::vector<Prediction>& all, bool with_batch_axis_only) {
    std::vector<double> errors[3];
    const Member columns[3] = {&Prediction::ours_j, &Prediction::flops_proportional_j, &Prediction::log_linear_j};
    size_t n = 0;
    for (const Prediction& p : all) {
        if (p.batch != batch || (with_batch_axis_only && !p.batch_axis)) continue;
        ++n;
        for (int c = 0; c < 3; ++c) errors[c].push_back(100 * std::abs(p.*columns[c] / p.measured_j - 1));
    }
    char line[160];
    std::snprintf(line, sizeof line, "%-12s b%-2lld %3zu | %5.1f%% %5.1f%% | %6.1f%% %6.1f%% | %5.1f%% %5.1f%%\n", setting.c_str(),
                  static_cast<long long>(batch), n, median(errors[0]), percentile(errors[0], 90), median(errors[1]), percentile(errors[1], 90),
                  median(errors[2]), percentile(errors[2], 90));
    return line;
}

std::set<int64_t> batches_of(const std::vector<Prediction>& p) {
    std::set<int64_t> b;
    for (const Prediction& x : p) b.insert(x.batch);
    return b;
}

}  // namespace

std::string cv_table(const CrossValidation& by_architecture, const CrossValidation& by_family, const std::string& measured_id,
                     const std::string& derived_id, bool with_batch_axis_only) {
    std::string out = "setting      b     n |  ours med   p90 | E~FLOPs med    p90 | log-lin med   p90\n";
    const std::pair<std::string, const std::vector<Prediction>*> settings[] = {
        {measured_id, &by_architecture.measured},        {measured_id + "-fam", &by_family.measured},
        {"loto-" + measured_id, &by_family.leave_task_out}, {derived_id, &by_architecture.derived},
        {derived_id + "-fam", &by_family.derived},          {derived_id + "-ds", &by_architecture.transferred},
        {derived_id + "-ds-fam", &by_family.transferred}};
    for (const auto& [name, predictions] : settings)
        for (int64_t batch : batches_of(*predictions)) out += row(name, batch, *predictions, with_batch_axis_only);
    return out;
}

std::string bound_rows(const std::vector<Prediction>& predictions) {
    std::vector<const Prediction*> bounds;
    for (const Prediction& p : predictions)
        if (!p.exact) bounds.push_back(&p);
    std::sort(bounds.begin(), bounds.end(), [](const Prediction* a, const Prediction* b) { return std::tie(a->model, a->batch) < std::tie(b->model, b->batch); });
    std::string out;
    for (const Prediction* x : bounds) {
        const Prediction& p = *x;
        char line[200];
        std::snprintf(line, sizeof line, "  %-40s b%-2lld measured %8.3f J, predicted %8.3f J (%+6.1f%%)\n", p.model.c_str(),
                      static_cast<long long>(p.batch), p.measured_j, p.ours_j, 100 * (p.ours_j / p.measured_j - 1));
        out += line;
    }
    return out;
}

}  // namespace wattlayer::fit
