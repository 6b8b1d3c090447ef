#pragma once
// Op records -> fitting rows: each call goes through the core as a one-layer JSON model (the torch
// call translation, shapes, costs and classify_layers), so that the fitted coefficients see the
// same FLOPs and bytes as the layers they are later applied to.
#include <string>
#include <vector>

#include "measurements.hpp"
#include "wattlayer/wattlayer.hpp"

namespace wattlayer::fit {

struct OpRow {
    std::string model;
    int64_t batch = 1;
    std::string func;
    EnergyClass cls = EnergyClass::Free;
    HostGroup host = HostGroup::None;  // the group whose isolated host cost this call measures
    double flops = 0;
    double bytes = 0;
    double time_s = 0;
    double dynamic_j = 0;  // energy above idle: energy - P_idle * time
    double above_idle_w = 0;  // average power above idle while it ran
    bool reused = false;
};

struct OpRows {
    std::vector<OpRow> rows;
    size_t skipped = 0;  // records the core could not translate, and multi-head attention
};

OpRows op_rows(const std::vector<OpRecord>& records);

}  // namespace wattlayer::fit
