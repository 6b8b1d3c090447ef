#include "fit_choices.hpp"

#include <cmath>

namespace wattlayer::fit {

const std::vector<FitChoices>& candidate_choices() {
    // c0: one to two kernels of a few microseconds each, or a cuDNN/cuBLAS call's several.
    static const std::vector<FitChoices> all = {
        {Loss::SquaredLog, 8e-6}, {Loss::SquaredLog, 32e-6}, {Loss::AbsoluteLog, 8e-6}, {Loss::AbsoluteLog, 32e-6}};
    return all;
}

double loss_value(Loss loss, const std::vector<double>& predicted, const std::vector<double>& measured) {
    if (measured.empty()) return 0;
    double sum = 0;
    for (size_t i = 0; i < measured.size(); ++i) {
        const double e = std::log(predicted[i]) - std::log(measured[i]);
        sum += loss == Loss::SquaredLog ? e * e : std::fabs(e);
    }
    return sum / static_cast<double>(measured.size());
}

const char* loss_name(Loss loss) { return loss == Loss::SquaredLog ? "squared log error" : "absolute log error"; }

Loss loss_named(const std::string& name) { return name == loss_name(Loss::AbsoluteLog) ? Loss::AbsoluteLog : Loss::SquaredLog; }

std::string describe(const FitChoices& c) {
    return std::string(loss_name(c.loss)) + ", c0 <= " + std::to_string(static_cast<int>(std::lround(c.c0_max_s * 1e6))) + " us";
}

nlohmann::json choices_json(const FitChoices& c) { return {{"whole_model_loss", loss_name(c.loss)}, {"c0_max_s", c.c0_max_s}}; }

}  // namespace wattlayer::fit
