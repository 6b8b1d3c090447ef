#pragma once
// The measurement files under models/data (see models/data/MEASUREMENTS.md), as records.
#include <cstdint>
#include <map>
#include <string>
#include <vector>

#include <nlohmann/json.hpp>

namespace wattlayer::fit {

// One architecture at one batch size, run whole.
struct ModelRecord {
    std::string model;
    std::string task;
    int64_t batch = 1;
    double energy_j = 0;  // per forward pass, idle power included
    double time_s = 0;
    int64_t n_calls = 0;
    int64_t params = 0;
};

// One torch call of an op-level run, measured alone.
struct OpRecord {
    std::string model;
    int64_t batch = 1;
    std::string func;    // the torch function's last component
    nlohmann::json call; // func, args, kwargs, out: a PyTorch call record (json-format.md)
    double energy_j = 0;
    double time_s = 0;
    double watts = 0;
    double idle_w = 0;   // the idle power of the run that measured it
    double power_limit_w = 0;  // the board's power limit in that run
    bool reused = false; // a repeated signature: the same measurement as an earlier record
};

// One GPU's whole-model records (GPU/models.jsonl) and, where measured, its op records (GPU/ops_b*.jsonl).
struct GpuMeasurements {
    std::string id;       // the folder name: "h100"
    std::string gpu;      // the meta line's device name
    double idle_w = 0;
    std::vector<ModelRecord> models;
    std::vector<OpRecord> ops;
    std::vector<ModelRecord> op_run_models;  // model records of the op-level runs (kept, not fitted)
    std::vector<std::string> files;          // relative to the data folder

    const ModelRecord* find(const std::string& model, int64_t batch) const;
};

// Every GPU folder under `data_dir` that has a models.jsonl. Throws Error("bad_data") on a missing
// or malformed file.
std::map<std::string, GpuMeasurements> load_measurements(const std::string& data_dir);

}  // namespace wattlayer::fit
