// Every input fuzzing ever broke the core with (tests/fuzz/regressions/) goes through the paths
// of the fuzz targets again: the readers, the whole estimate path (its first byte picks batch and
// profile, as in fuzz_estimate.cpp) and the streaming scanner. A wattlayer::Error is a fine answer;
// anything else fails, and the sanitizer build in CI catches undefined behaviour on the way.
#include "test_helpers.hpp"

#include <filesystem>

#include "wattlayer/estimate.hpp"
#include "wattlayer/onnx_scan.hpp"

using namespace wltest;

namespace {

template <typename Work>
void survives(const std::string& what, Work work) {
    INFO(what);
    try {
        work();
    } catch (const wattlayer::Error&) {
    }
}

}  // namespace

TEST_CASE("every fuzzing regression input is answered - not crashed on", "[malformed][fuzz]") {
    const std::string dir = std::string(WATTLAYER_FIXTURES) + "/../fuzz/regressions";
    size_t files = 0;
    for (const auto& entry : std::filesystem::directory_iterator(dir)) {
        const std::string bytes = read_file(entry.path().string());
        const auto* data = reinterpret_cast<const uint8_t*>(bytes.data());
        const std::string name = entry.path().filename().string();
        for (const char* file_name : {"fuzz.onnx", "fuzz.json"})
            survives(name + " as " + file_name, [&] {
                InspectOptions options;
                options.file_name = file_name;
                wattlayer::report_json_text(wattlayer::inspect(data, bytes.size(), options));
            });
        if (!bytes.empty()) {
            survives(name + " estimated", [&] {
                const auto& profiles = wattlayer::builtin_profiles();
                InspectOptions options;
                options.batch = 1 + (data[0] & 15);
                options.file_name = "fuzz";
                wattlayer::estimate(data + 1, bytes.size() - 1, options, profiles[(data[0] >> 4) % profiles.size()]);
            });
            survives(name + " scanned", [&] {
                wattlayer::OnnxGraphScanner scanner(bytes.size() - 1);
                while (!scanner.done()) {
                    const uint64_t at = scanner.next_offset();
                    scanner.feed(data + 1 + at, static_cast<size_t>(std::min<uint64_t>(4096, bytes.size() - 1 - at)));
                    REQUIRE(scanner.next_offset() != at);
                }
            });
        }
        ++files;
    }
    CHECK(files >= 5);
}
