#pragma once
// Derivative-free minimisation (Nelder-Mead simplex), as the Python prototype's fitlib.nelder_mead:
// the same start simplex, moves and stopping rule, so that the fits land where the prototype's did.
#include <functional>

#include <Eigen/Dense>

namespace wattlayer::fit {

struct Minimum {
    Eigen::VectorXd x;
    double value = 0;
};

using Objective = std::function<double(const Eigen::VectorXd&)>;

// Starts from x0 and x0 + step along each axis; stops after `iterations` moves or when the
// simplex's values agree to `tolerance` (relative), but never before 50 moves.
Minimum nelder_mead(const Objective& f, const Eigen::VectorXd& x0, double step, int iterations, double tolerance = 1e-9);

}  // namespace wattlayer::fit
