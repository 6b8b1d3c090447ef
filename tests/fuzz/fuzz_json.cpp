// libFuzzer target: arbitrary bytes through the JSON model reader (layers, PyTorch call records),
// shape inference and cost counting. A wattlayer::Error is a correct answer; anything else is a bug.
#include <cstddef>
#include <cstdint>

#include "wattlayer/error.hpp"
#include "wattlayer/inspect.hpp"

extern "C" int LLVMFuzzerTestOneInput(const uint8_t* data, size_t size) {
    wattlayer::InspectOptions options;
    options.file_name = "fuzz.json";
    try {
        wattlayer::inspect(data, size, options);
    } catch (const wattlayer::Error&) {
    }
    return 0;
}
