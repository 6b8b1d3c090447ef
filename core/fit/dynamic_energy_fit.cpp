#include <algorithm>
#include <cmath>

#include "nnls.hpp"
#include "op_level_fit.hpp"

namespace wattlayer::fit {

void fit_dynamic_energy(const std::vector<const OpRow*>& rows, OpLevelFit& fit) {
    for (EnergyClass c : {EnergyClass::Conv, EnergyClass::ConvDepthwise, EnergyClass::MatMul, EnergyClass::Attention, EnergyClass::Normalization,
                          EnergyClass::Elementwise, EnergyClass::Pooling, EnergyClass::Reduction, EnergyClass::Copy}) {
        std::vector<const OpRow*> of_class;
        for (const OpRow* r : rows)
            if (r->cls == c) of_class.push_back(r);
        const Eigen::Index n = static_cast<Eigen::Index>(of_class.size());
        Eigen::MatrixXd a(n, 3);
        Eigen::VectorXd e(n);
        for (Eigen::Index i = 0; i < n; ++i) {
            const OpRow& r = *of_class[static_cast<size_t>(i)];
            const double energy = std::max(r.dynamic_j, 1e-6);
            const double w = 1 / std::sqrt(energy);
            a.row(i) << w, w * r.flops, w * r.bytes;
            e(i) = w * energy;
        }
        const Eigen::VectorXd x = nnls(a, e);
        ClassCoefficients& k = fit.classes[static_cast<size_t>(c)];
        k.gamma_j = x(0);
        k.alpha_j_per_flop = x(1);
        k.beta_j_per_byte = x(2);
    }
}

}  // namespace wattlayer::fit
