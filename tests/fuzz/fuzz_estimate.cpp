// libFuzzer target: the whole estimate path (any format, a batch rewrite, a hardware profile).
// The first byte picks the batch size and the profile; the rest is the model file.
#include <cstddef>
#include <cstdint>

#include "wattlayer/error.hpp"
#include "wattlayer/estimate.hpp"

extern "C" int LLVMFuzzerTestOneInput(const uint8_t* data, size_t size) {
    if (size < 1) return 0;
    const auto& profiles = wattlayer::builtin_profiles();
    wattlayer::InspectOptions options;
    options.batch = 1 + (data[0] & 15);
    options.file_name = "fuzz";
    try {
        // Serialised too: the report's JSON text is what users get.
        wattlayer::report_json_text(wattlayer::estimate(data + 1, size - 1, options, profiles[(data[0] >> 4) % profiles.size()]));
    } catch (const wattlayer::Error&) {
    }
    return 0;
}
