// Lawson-Hanson active-set NNLS, as the Python prototype (fitlib.nnls), with the original guard
// against a column that only rounding makes attractive (it looped forever on exact data).
#include "nnls.hpp"

#include <algorithm>
#include <cmath>
#include <vector>

namespace wattlayer::fit {

Eigen::VectorXd least_squares(const Eigen::MatrixXd& a, const Eigen::VectorXd& b) {
    if (a.rows() == 0 || a.cols() == 0) return Eigen::VectorXd::Zero(a.cols());
    return a.completeOrthogonalDecomposition().solve(b);
}

namespace {

// Least squares on the passive columns only; the others stay zero.
Eigen::VectorXd solve_on(const Eigen::MatrixXd& a, const Eigen::VectorXd& b, const std::vector<bool>& passive) {
    std::vector<Eigen::Index> cols;
    for (Eigen::Index j = 0; j < a.cols(); ++j)
        if (passive[static_cast<size_t>(j)]) cols.push_back(j);
    Eigen::MatrixXd sub(a.rows(), static_cast<Eigen::Index>(cols.size()));
    for (size_t k = 0; k < cols.size(); ++k) sub.col(static_cast<Eigen::Index>(k)) = a.col(cols[k]);
    const Eigen::VectorXd zs = least_squares(sub, b);
    Eigen::VectorXd z = Eigen::VectorXd::Zero(a.cols());
    for (size_t k = 0; k < cols.size(); ++k) z(cols[k]) = zs(static_cast<Eigen::Index>(k));
    return z;
}

}  // namespace

Eigen::VectorXd nnls(const Eigen::MatrixXd& a, const Eigen::VectorXd& b, int max_iterations) {
    const Eigen::Index n = a.cols();
    Eigen::VectorXd x = Eigen::VectorXd::Zero(n);
    if (a.rows() == 0) return x;
    std::vector<bool> passive(static_cast<size_t>(n), false);
    // Columns whose gradient is positive only by rounding: adding them gives them no positive
    // weight. Lawson and Hanson skip them until the solution moves (exact data reaches this).
    std::vector<bool> rejected(static_cast<size_t>(n), false);
    Eigen::VectorXd w = a.transpose() * (b - a * x);
    for (int it = 0; it < max_iterations; ++it) {
        Eigen::Index j = -1;
        for (Eigen::Index k = 0; k < n; ++k)
            if (!passive[static_cast<size_t>(k)] && !rejected[static_cast<size_t>(k)] && (j < 0 || w(k) > w(j))) j = k;
        if (j < 0 || !(w(j) > 1e-12 * std::max(1.0, w.cwiseAbs().maxCoeff()))) break;
        passive[static_cast<size_t>(j)] = true;
        Eigen::VectorXd z = solve_on(a, b, passive);
        if (!(z(j) > 0)) {
            passive[static_cast<size_t>(j)] = false;
            rejected[static_cast<size_t>(j)] = true;
            continue;
        }
        // Each pass drops at least one column, so n + 1 passes always suffice.
        for (Eigen::Index pass = 0; pass <= n; ++pass) {
            bool all_positive = true;
            for (Eigen::Index k = 0; k < n; ++k)
                if (passive[static_cast<size_t>(k)] && z(k) <= 0) all_positive = false;
            if (all_positive) {
                x = z;
                break;
            }
            // Step back towards x until the first passive coefficient reaches zero, and drop it.
            double alpha = 1;
            for (Eigen::Index k = 0; k < n; ++k)
                if (passive[static_cast<size_t>(k)] && z(k) <= 0) {
                    const double gap = x(k) - z(k);
                    alpha = std::min(alpha, gap > 0 ? x(k) / gap : 0.0);
                }
            x += alpha * (z - x);
            for (Eigen::Index k = 0; k < n; ++k) {
                if (x(k) <= 1e-15) passive[static_cast<size_t>(k)] = false;
                if (!passive[static_cast<size_t>(k)]) x(k) = 0;
            }
            z = solve_on(a, b, passive);
        }
        std::fill(rejected.begin(), rejected.end(), false);
        w = a.transpose() * (b - a * x);
    }
    return x;
}

}  // namespace wattlayer::fit
