// Cross-validation must not leak: whatever a fold tests is out of every fit of that fold (the
// choices selected by the inner folds, the op level, the whole-model terms, the other GPU's
// scales and the baselines). Perturbing one architecture's measurements must leave its own fold's
// predictions exactly where they were, and move the folds that train on it.
#include <set>

#include "cross_validation.hpp"
#include "fit_data.hpp"
#include "test_helpers.hpp"
#include "transfer.hpp"

using namespace wattlayer::fit;

namespace {

const std::string kData = std::string(WATTLAYER_MODELS) + "/data";

// Every measurement of `model`, on every GPU, whole-model and op by op, scaled out of shape.
void perturb(FitData& data, const std::string& model) {
    for (auto& [id, gpu] : data.gpus)
        for (ModelRecord& r : gpu.models)
            if (r.model == model) {
                r.energy_j *= 3;
                r.time_s *= 0.5;
            }
    for (OpRow& r : data.ops.rows)
        if (r.model == model) {
            r.dynamic_j *= 3;
            r.time_s *= 2;
            r.above_idle_w = r.power_range_w - r.above_idle_w;
        }
}

CrossValidation family_folds(const FitData& data, const std::vector<wattlayer::Datasheet>& sheets) {
    CrossValidationOptions options{Grouping::Family, true, false, "h200", nullptr};
    options.transfer_from = &wattlayer::find_datasheet(sheets, "h100");
    options.transfer_to = &wattlayer::find_datasheet(sheets, "h200");
    return cross_validate(data, options);
}

}  // namespace

TEST_CASE("perturbing one architecture's measurements leaves its own fold's predictions unmoved", "[fit][leakage]") {
    // The 16 text architectures (hf_*): hf_bert_base has op records and four siblings in its family.
    const FitData clean = load_fit_data(kData, 16);
    const std::string target = "hf_bert_base";
    REQUIRE(clean.family_of(target) == "bert");
    std::set<std::string> fold;
    for (const Architecture& a : clean.archs)
        if (clean.family_of(a.name) == "bert") fold.insert(a.name);
    REQUIRE(fold.size() == 5);

    FitData perturbed = clean;
    perturb(perturbed, target);
    const auto sheets = wattlayer::datasheets_from_json(nlohmann::json::parse(wltest::read_file(std::string(WATTLAYER_MODELS) + "/datasheets/gpus.json")));
    const CrossValidation before = family_folds(clean, sheets), after = family_folds(perturbed, sheets);

    size_t in_fold = 0, moved_elsewhere = 0;
    for (auto list : {&CrossValidation::measured, &CrossValidation::derived, &CrossValidation::transferred}) {
        const std::vector<Prediction>& b = before.*list;
        const std::vector<Prediction>& a = after.*list;
        REQUIRE(a.size() == b.size());
        for (size_t i = 0; i < b.size(); ++i) {
            INFO(b[i].model << " at batch " << b[i].batch);
            REQUIRE(a[i].model == b[i].model);
            if (fold.count(b[i].model)) {
                ++in_fold;
                CHECK(a[i].ours_j == b[i].ours_j);
                CHECK(a[i].flops_proportional_j == b[i].flops_proportional_j);
                CHECK(a[i].log_linear_j == b[i].log_linear_j);
            } else if (a[i].ours_j != b[i].ours_j) {
                ++moved_elsewhere;
            }
        }
    }
    CHECK(in_fold >= 10);
    // The perturbation reaches the fits: the folds that train on hf_bert_base move.
    CHECK(moved_elsewhere >= 10);
}
