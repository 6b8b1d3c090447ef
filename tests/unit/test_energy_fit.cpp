// The fitting library on synthetic data with known coefficients: NNLS, the simplex, the op-level
// fits and the whole-model pipeline fit must give the coefficients back.
#include <cmath>
#include <random>

#include "nelder_mead.hpp"
#include "nnls.hpp"
#include "op_level_fit.hpp"
#include "packed_models.hpp"
#include "statistics.hpp"
#include "test_helpers.hpp"
#include "whole_model_fit.hpp"

using namespace wattlayer::fit;
using wattlayer::EnergyClass;
using wattlayer::HostGroup;
using wattlayer::LayerCall;

namespace {

// Log-uniform samples, like kernel sizes spanning decades.
double log_uniform(std::mt19937& rng, double lo, double hi) {
    return std::exp(std::uniform_real_distribution<double>(std::log(lo), std::log(hi))(rng));
}

OpRow row(EnergyClass cls, double flops, double bytes, double time_s, double dynamic_j, double above_idle_w = 300) {
    OpRow r;
    r.model = "synthetic";
    r.cls = cls;
    r.flops = flops;
    r.bytes = bytes;
    r.time_s = time_s;
    r.dynamic_j = dynamic_j;
    r.above_idle_w = above_idle_w;
    r.power_range_w = 582;  // an H100: 700 W limit, 118 W idle
    return r;
}

std::vector<const OpRow*> pointers(const std::vector<OpRow>& rows) {
    std::vector<const OpRow*> out;
    for (const OpRow& r : rows) out.push_back(&r);
    return out;
}

}  // namespace

TEST_CASE("NNLS recovers non-negative coefficients exactly", "[fit]") {
    std::mt19937 rng(1);
    Eigen::MatrixXd a(40, 3);
    for (Eigen::Index i = 0; i < a.rows(); ++i) a.row(i) << 1, log_uniform(rng, 1, 1e3), log_uniform(rng, 1, 1e3);
    const Eigen::Vector3d truth(2.5, 0.75, 0.125);
    const Eigen::VectorXd x = nnls(a, a * truth);
    CHECK(x(0) == Approx(2.5).epsilon(1e-9));
    CHECK(x(1) == Approx(0.75).epsilon(1e-9));
    CHECK(x(2) == Approx(0.125).epsilon(1e-9));
}

TEST_CASE("NNLS clamps a negative coefficient at zero and satisfies the optimality conditions", "[fit]") {
    std::mt19937 rng(2);
    Eigen::MatrixXd a(30, 3);
    for (Eigen::Index i = 0; i < a.rows(); ++i) a.row(i) << 1, log_uniform(rng, 1, 100), log_uniform(rng, 1, 100);
    const Eigen::VectorXd b = a * Eigen::Vector3d(1, -0.5, 2);
    const Eigen::VectorXd x = nnls(a, b);
    CHECK(x.minCoeff() >= 0);
    CHECK(x(1) == 0);
    // KKT: the gradient A^T (b - A x) is zero on the positive coefficients, not positive elsewhere.
    const Eigen::VectorXd w = a.transpose() * (b - a * x);
    const double scale = (a.transpose() * b).cwiseAbs().maxCoeff();
    for (Eigen::Index j = 0; j < 3; ++j) {
        if (x(j) > 0) CHECK(std::abs(w(j)) < 1e-9 * scale);
        else CHECK(w(j) < 1e-9 * scale);
    }
}

TEST_CASE("Nelder-Mead finds the Rosenbrock minimum", "[fit]") {
    const auto rosenbrock = [](const Eigen::VectorXd& v) { return 100 * std::pow(v(1) - v(0) * v(0), 2) + std::pow(1 - v(0), 2); };
    const Minimum m = nelder_mead(rosenbrock, Eigen::Vector2d(-1.2, 1), 0.5, 5000, 1e-15);
    CHECK(m.x(0) == Approx(1).epsilon(1e-4));
    CHECK(m.x(1) == Approx(1).epsilon(1e-4));
}

TEST_CASE("the dynamic energy fit recovers gamma - alpha and beta per class", "[fit]") {
    std::mt19937 rng(3);
    std::vector<OpRow> rows;
    for (int i = 0; i < 200; ++i) {
        const double f = log_uniform(rng, 1e6, 1e11), b = log_uniform(rng, 1e4, 1e9);
        rows.push_back(row(EnergyClass::Conv, f, b, 1e-4, 1e-4 + 3e-12 * f + 2e-10 * b));
        rows.push_back(row(EnergyClass::Elementwise, f / 1000, b, 1e-5, 4e-5 + 3e-11 * b));
    }
    OpLevelFit fit;
    fit_dynamic_energy(pointers(rows), fit);
    const auto& conv = fit.classes[static_cast<size_t>(EnergyClass::Conv)];
    CHECK(conv.gamma_j == Approx(1e-4).epsilon(1e-6));
    CHECK(conv.alpha_j_per_flop == Approx(3e-12).epsilon(1e-6));
    CHECK(conv.beta_j_per_byte == Approx(2e-10).epsilon(1e-6));
    const auto& elementwise = fit.classes[static_cast<size_t>(EnergyClass::Elementwise)];
    CHECK(elementwise.gamma_j == Approx(4e-5).epsilon(1e-6));
    CHECK(elementwise.alpha_j_per_flop == Approx(0).margin(1e-18));
    CHECK(elementwise.beta_j_per_byte == Approx(3e-11).epsilon(1e-6));
}

TEST_CASE("the GPU time fit recovers launch time and rates - host-bound records only bound it", "[fit]") {
    std::mt19937 rng(4);
    std::vector<OpRow> rows;
    for (int i = 0; i < 300; ++i) {
        const double f = log_uniform(rng, 1e6, 1e12), b = log_uniform(rng, 1e4, 1e10);
        rows.push_back(row(EnergyClass::MatMul, f, b, 5e-6 + f / 40e12 + b / 2e12, 0));
        rows.push_back(row(EnergyClass::Pooling, f, b, 2e-6 + b / 1.5e12, 0));
        // A host-bound record took longer than its kernel: it must not pull the fit up.
        rows.push_back(row(EnergyClass::MatMul, f, b, 50e-6 + 2 * (5e-6 + f / 40e12 + b / 2e12), 0, 10));
    }
    OpLevelFit fit;
    fit_gpu_time(pointers(rows), 8e-6, fit);
    const auto& mm = fit.classes[static_cast<size_t>(EnergyClass::MatMul)];
    CHECK(mm.c0_s == Approx(5e-6).epsilon(1e-3));
    CHECK(mm.flops_per_s == Approx(40e12).epsilon(1e-3));
    CHECK(mm.bytes_per_s == Approx(2e12).epsilon(1e-3));
    const auto& pool = fit.classes[static_cast<size_t>(EnergyClass::Pooling)];
    CHECK(pool.c0_s == Approx(2e-6).epsilon(1e-3));
    CHECK(std::isinf(pool.flops_per_s));
    CHECK(pool.bytes_per_s == Approx(1.5e12).epsilon(1e-3));
}

TEST_CASE("host costs are medians of host-bound batch-1 records per torch function family", "[fit]") {
    std::vector<OpRow> rows;
    for (double t : {10e-6, 30e-6, 20e-6}) {
        OpRow r = row(EnergyClass::Conv, 1, 1, t, 0, 5);
        r.host = HostGroup::Conv;
        rows.push_back(r);
    }
    OpRow gpu_bound = rows[0];
    gpu_bound.above_idle_w = 300;
    gpu_bound.time_s = 1;
    rows.push_back(gpu_bound);
    OpLevelFit fit;
    fit_host_floors(pointers(rows), fit);
    CHECK(fit.host_s[static_cast<size_t>(HostGroup::Conv)] == Approx(20e-6));
    CHECK(fit.host_s[static_cast<size_t>(HostGroup::None)] == 0);
    CHECK(percentile({1, 2, 3, 4}, 90) == Approx(3.7));
}

TEST_CASE("the pipeline fit recovers the host scale - tau0 and the extra power", "[fit]") {
    OpLevelFit op;
    op.classes[static_cast<size_t>(EnergyClass::MatMul)] = {1e-4, 1e-11, 0, 5e-6, 1e13, 1e12};
    op.host_s[static_cast<size_t>(HostGroup::MatMul)] = 20e-6;
    op.host_s[static_cast<size_t>(HostGroup::View)] = 3e-6;
    // Models from host-bound (small kernels) to GPU-bound (large ones).
    std::vector<std::vector<LayerCall>> models;
    for (int m = 0; m < 12; ++m) {
        std::vector<LayerCall> calls;
        for (int i = 0; i < 20 + 10 * m; ++i) {
            calls.push_back({static_cast<size_t>(i), EnergyClass::MatMul, HostGroup::MatMul, std::pow(10.0, 6 + m * 0.5), 1e5});
            calls.push_back({static_cast<size_t>(i), EnergyClass::View, HostGroup::View, 0, 0});
        }
        models.push_back(calls);
    }
    std::vector<const std::vector<LayerCall>*> pointers_to;
    for (const auto& m : models) pointers_to.push_back(&m);
    const PackedModels packed(pointers_to, op);
    std::vector<double> time_s, energy_j;
    packed.times(1.6, 60e-6, 1.0, time_s);
    for (size_t i = 0; i < time_s.size(); ++i) energy_j.push_back((118 + 12.5) * time_s[i] + packed.dynamic_j()[i]);
    const PipelineFit fit = fit_pipeline(packed, time_s, energy_j, 118, Loss::SquaredLog);
    CHECK(fit.host_scale == Approx(1.6).epsilon(1e-4));
    CHECK(fit.tau0_s == Approx(60e-6).epsilon(1e-3));
    CHECK(fit.extra_w == 12.5);
}
