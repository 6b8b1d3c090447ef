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

TEST_CASE("absurd dimensions, attributes and declared lengths are specific errors - not UB, SIGFPE or bad_alloc", "[malformed][fuzz]") {
    const std::string dir = std::string(WATTLAYER_FIXTURES) + "/../fuzz/regressions/";
    const std::pair<const char*, const char*> cases[] = {
        {"depth_to_space_blocksize_2pow32.json", "invalid_model"},     // b*b wrapped to 0, then a division
        {"space_to_depth_blocksize_square_overflow.json", "invalid_model"},
        {"maxpool_stride_int64_max_same_upper.json", "invalid_model"},
        {"conv_transpose_stride_2pow62.json", "invalid_model"},
        {"concat_int64_max_lengths.json", "overflow"},                  // each axis is at most 2^40
        {"reshape_shape_of_3e9_entries.json", "too_large"},             // a rank, checked before allocating it
        {"expand_shape_of_2e9_entries.json", "too_large"},
    };
    for (const auto& [file, code] : cases) {
        INFO(file);
        const std::string bytes = read_file(dir + file);
        InspectOptions options;
        options.file_name = file;
        CHECK(error_code_of([&] { inspect_bytes(bytes, options); }) == code);
    }
}
