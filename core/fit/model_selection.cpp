#include "model_selection.hpp"

#include <algorithm>
#include <cmath>
#include <map>

#include "profile_fit.hpp"

namespace wattlayer::fit {
namespace {

// The families of the architectures a fit may train on, each with its members.
std::map<std::string, std::vector<const Architecture*>> training_families(const FitData& data, const Excluded& excluded) {
    std::map<std::string, std::vector<const Architecture*>> families;
    for (const Architecture& a : data.archs)
        if (!excluded.count(a.name) && a.usable()) families[data.family_of(a.name)].push_back(&a);
    return families;
}

// Mean |log(predicted / measured)| over the inner folds; 0 with fewer than two families to train
// on (no fold would keep any), where every candidate ties and the first is kept.
double inner_score(const FitData& data, const Excluded& excluded, const FitChoices& choices, OpLevelCache& op_fits) {
    const GpuMeasurements& gpu = data.gpu(kMeasuredGpu);
    const auto families = training_families(data, excluded);
    if (families.size() < 2) return 0;
    double sum = 0;
    size_t n = 0;
    for (const auto& [family, members] : families) {
        Excluded inner = excluded;
        for (const Architecture* a : members) inner.insert(a->name);
        const HardwareProfile p = fit_profile(data, inner, choices, op_fits);
        for (const Architecture* a : members)
            for (const ArchitectureAtBatch& at : a->batches)
                if (const ModelRecord* r = gpu.find(a->name, at.batch)) {
                    sum += std::fabs(std::log(apply_profile(at.calls, at.num_layers, p).energy_j / r->energy_j));
                    ++n;
                }
    }
    return n ? sum / static_cast<double>(n) : 0;
}

}  // namespace

Selection select_choices(const FitData& data, const Excluded& excluded, OpLevelCache& op_fits) {
    Selection s;
    for (const FitChoices& c : candidate_choices()) s.scores.push_back(inner_score(data, excluded, c, op_fits));
    s.chosen = candidate_choices()[static_cast<size_t>(std::min_element(s.scores.begin(), s.scores.end()) - s.scores.begin())];
    return s;
}

HardwareProfile fit_selected_profile(const FitData& data, const Excluded& excluded, OpLevelCache& op_fits) {
    const Selection s = select_choices(data, excluded, op_fits);
    HardwareProfile p = fit_profile(data, excluded, s.chosen, op_fits);
    nlohmann::json provenance = nlohmann::json::parse(p.provenance);
    nlohmann::json scores = nlohmann::json::array();
    for (size_t i = 0; i < s.scores.size(); ++i)
        scores.push_back({{"choices", choices_json(candidate_choices()[i])}, {"inner_cv_mean_abs_log_error", s.scores[i]}});
    provenance["choices_selected_by"] = "leave-one-family-out cross-validation on the training architectures";
    provenance["choice_candidates"] = scores;
    p.provenance = provenance.dump();
    return p;
}

}  // namespace wattlayer::fit
