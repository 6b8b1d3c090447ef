// The public API as a user of the library sees it, built with core/include as its only include
// directory (no core/src, no JSON library): if a public header names a core container or an
// nlohmann type, this stops compiling. Estimates a model file on the H100 profile and prints the
// total, the costliest layer and the report's size.
//
//     estimate_example MODEL
#include <fstream>
#include <iostream>
#include <iterator>
#include <string>
#include <vector>

#include "wattlayer/wattlayer.hpp"

int main(int argc, char** argv) {
    if (argc != 2) {
        std::cerr << "usage: estimate_example MODEL\n";
        return 2;
    }
    std::ifstream in(argv[1], std::ios::binary);
    const std::vector<uint8_t> bytes((std::istreambuf_iterator<char>(in)), std::istreambuf_iterator<char>());
    try {
        wattlayer::InspectOptions options;
        options.file_name = argv[1];
        options.batch = 8;
        const wattlayer::Report report = wattlayer::estimate(bytes.data(), bytes.size(), options, wattlayer::builtin_profile("h100"));
        const wattlayer::LayerReport* costliest = nullptr;
        for (const wattlayer::LayerReport& layer : report.layers)
            if (!costliest || layer.energy_j.value_or(0) > costliest->energy_j.value_or(0)) costliest = &layer;
        std::cout << report.model.name << ": " << report.energy->energy_j << " J per batch of " << report.batch << " on "
                  << report.energy->hardware_id << ", " << report.layers.size() << " layers";
        if (costliest) std::cout << ", costliest " << costliest->name << " (" << costliest->op << ", " << *costliest->energy_j << " J)";
        std::cout << "; JSON report " << wattlayer::report_json_text(report).size() << " bytes\n";
        for (const wattlayer::Warning& w : report.warnings) std::cout << "warning " << wattlayer::warning_code_name(w.code) << "\n";
        return report.energy->energy_j > 0 ? 0 : 1;
    } catch (const wattlayer::Error& e) {
        std::cerr << e.code() << ": " << e.what() << "\n";
        return 1;
    }
}
