// libFuzzer target: the streaming ONNX scanner, differentially. The first byte picks the slice
// size (32 to 8192 bytes), the rest is the file. The scanner must never crash, and whenever both
// the scanned graph and the whole file can be read, their reports must be identical: the scanner
// keeps exactly what the reader reads.
#include <cstddef>
#include <cstdint>
#include <cstdlib>
#include <optional>
#include <string>
#include <vector>

#include "wattlayer/error.hpp"
#include "wattlayer/inspect.hpp"
#include "wattlayer/onnx_scan.hpp"

namespace {

std::optional<std::string> report_of(const uint8_t* data, size_t size) {
    wattlayer::InspectOptions options;
    options.file_name = "fuzz.onnx";
    try {
        return wattlayer::report_json_text(wattlayer::inspect(data, size, options));
    } catch (const wattlayer::Error&) {
        return std::nullopt;
    }
}

std::optional<std::vector<uint8_t>> scanned(const uint8_t* data, size_t size, size_t slice) {
    try {
        wattlayer::OnnxGraphScanner scanner(size);
        while (!scanner.done()) {
            const uint64_t at = scanner.next_offset();
            const size_t n = std::min<uint64_t>(slice, size - at);
            scanner.feed(data + at, n);
            if (scanner.next_offset() == at) std::abort();  // no progress with a full slice: a hang
        }
        return scanner.take_graph();
    } catch (const wattlayer::Error&) {
        return std::nullopt;
    }
}

}  // namespace

extern "C" int LLVMFuzzerTestOneInput(const uint8_t* data, size_t size) {
    if (size < 1) return 0;
    const size_t slice = 32 + static_cast<size_t>(data[0]) * 32;
    const auto graph = scanned(data + 1, size - 1, slice);
    if (!graph) return 0;
    const auto from_scan = report_of(graph->data(), graph->size());
    const auto from_whole = report_of(data + 1, size - 1);
    if (from_scan && from_whole && *from_scan != *from_whole) std::abort();  // the two reads disagree
    return 0;
}
