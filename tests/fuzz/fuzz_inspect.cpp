// libFuzzer target: arbitrary bytes through a reader (the file name FUZZ_FILE_NAME, "fuzz.onnx" or
// "fuzz.json", picks it when the bytes do not), shape inference and cost counting. A
// wattlayer::Error is a correct answer to hostile input; anything else (a crash, another
// exception, a sanitizer report, a hang) is a bug. The report is serialised as the CLI prints it.
#include <cstddef>
#include <cstdint>

#include "wattlayer/error.hpp"
#include "wattlayer/inspect.hpp"

extern "C" int LLVMFuzzerTestOneInput(const uint8_t* data, size_t size) {
    wattlayer::InspectOptions options;
    options.file_name = FUZZ_FILE_NAME;
    try {
        wattlayer::report_json_text(wattlayer::inspect(data, size, options));  // as users get it
    } catch (const wattlayer::Error&) {
    }
    return 0;
}
