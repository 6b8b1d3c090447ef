#pragma once
// Everything the fits read, loaded once: the measurement records, the op rows, and the
// development architectures (those with records on the measured GPU), in name order.
#include <map>
#include <set>
#include <string>
#include <vector>

#include "architectures.hpp"
#include "measurements.hpp"
#include "op_rows.hpp"

namespace wattlayer::fit {

inline constexpr const char* kMeasuredGpu = "h100";  // the GPU with op-level records

// Architectures left out of every fit (a cross-validation fold); empty for the shipped profiles.
using Excluded = std::set<std::string>;

struct FitData {
    std::string data_dir;
    std::map<std::string, GpuMeasurements> gpus;
    OpRows ops;                       // op records of the measured GPU
    std::vector<Architecture> archs;  // sorted by name
    std::vector<int64_t> batches;     // the measured batch sizes
    std::map<std::string, std::string> families;  // architecture -> family (data_dir/families.json)

    const GpuMeasurements& gpu(const std::string& id) const;  // throws Error("bad_data")
    const Architecture* arch(const std::string& name) const;
    // An architecture's family; one the table does not list is a family of its own.
    const std::string& family_of(const std::string& name) const;
};

// `subset` > 0 keeps the first `subset` architectures (by name); op records are all kept.
FitData load_fit_data(const std::string& data_dir, size_t subset = 0);

}  // namespace wattlayer::fit
