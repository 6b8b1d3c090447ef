#pragma once
// Non-negative least squares (Lawson and Hanson, 1974): min ||A x - b|| subject to x >= 0.
#include <Eigen/Dense>

namespace wattlayer::fit {

Eigen::VectorXd nnls(const Eigen::MatrixXd& a, const Eigen::VectorXd& b, int max_iterations = 500);

// Unconstrained least squares, the minimum-norm solution when A is rank deficient.
Eigen::VectorXd least_squares(const Eigen::MatrixXd& a, const Eigen::VectorXd& b);

}  // namespace wattlayer::fit
