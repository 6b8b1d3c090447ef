#include "nelder_mead.hpp"

#include <algorithm>
#include <cmath>
#include <limits>
#include <numeric>
#include <vector>

namespace wattlayer::fit {

Minimum nelder_mead(const Objective& objective, const Eigen::VectorXd& x0, double step, int iterations, double tolerance) {
    // NaN sorts last, as in numpy, so that a failed evaluation never becomes the best point.
    auto f = [&](const Eigen::VectorXd& x) {
        const double v = objective(x);
        return std::isnan(v) ? std::numeric_limits<double>::infinity() : v;
    };
    const Eigen::Index n = x0.size();
    std::vector<Eigen::VectorXd> pts{x0};
    for (Eigen::Index i = 0; i < n; ++i) {
        Eigen::VectorXd p = x0;
        p(i) += step;
        pts.push_back(p);
    }
    std::vector<double> vals;
    for (const Eigen::VectorXd& p : pts) vals.push_back(f(p));

    std::vector<size_t> order(pts.size());
    for (int it = 0; it < iterations; ++it) {
        // Best first (a stable sort, like numpy's argsort on a few elements).
        std::iota(order.begin(), order.end(), size_t{0});
        std::stable_sort(order.begin(), order.end(), [&](size_t a, size_t b) { return vals[a] < vals[b]; });
        std::vector<Eigen::VectorXd> sorted_pts;
        std::vector<double> sorted_vals;
        for (size_t i : order) {
            sorted_pts.push_back(pts[i]);
            sorted_vals.push_back(vals[i]);
        }
        pts.swap(sorted_pts);
        vals.swap(sorted_vals);
        if (std::abs(vals.back() - vals.front()) < tolerance * (1 + std::abs(vals.front())) && it > 50) break;

        Eigen::VectorXd centroid = Eigen::VectorXd::Zero(n);
        for (size_t i = 0; i + 1 < pts.size(); ++i) centroid += pts[i];
        centroid /= static_cast<double>(pts.size() - 1);
        const Eigen::VectorXd& worst = pts.back();
        const Eigen::VectorXd reflected = centroid + (centroid - worst);
        const double fr = f(reflected);
        if (fr < vals.front()) {
            const Eigen::VectorXd expanded = centroid + 2 * (centroid - worst);
            const double fe = f(expanded);
            if (fe < fr) {
                pts.back() = expanded;
                vals.back() = fe;
            } else {
                pts.back() = reflected;
                vals.back() = fr;
            }
        } else if (fr < vals[vals.size() - 2]) {
            pts.back() = reflected;
            vals.back() = fr;
        } else {
            const Eigen::VectorXd contracted = centroid + 0.5 * (worst - centroid);
            const double fc = f(contracted);
            if (fc < vals.back()) {
                pts.back() = contracted;
                vals.back() = fc;
            } else {  // shrink towards the best point
                for (size_t i = 0; i < pts.size(); ++i) {
                    pts[i] = pts.front() + 0.5 * (pts[i] - pts.front());
                    vals[i] = f(pts[i]);
                }
            }
        }
    }
    const size_t best = static_cast<size_t>(std::min_element(vals.begin(), vals.end()) - vals.begin());
    return {pts[best], vals[best]};
}

}  // namespace wattlayer::fit
