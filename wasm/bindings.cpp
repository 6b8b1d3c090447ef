// The WebAssembly face of the core, the only file that includes <emscripten/...>. A narrow,
// JSON-in / JSON-out API: no C++ object crosses the boundary, and errors come back as data
// ({"error":{"code","message"}}), never as an abort. The model's bytes are copied by the caller
// into the module's memory (malloc + HEAPU8.set), then passed as a pointer and a size.
#include <emscripten/bind.h>

#include <cstdint>
#include <optional>
#include <string>

#include <nlohmann/json.hpp>

#include "wattlayer/wattlayer.hpp"

namespace {

using nlohmann::json;
using namespace wattlayer;

// Options as the page sends them: {"file_name", "batch", "dims": {NAME: V}, "sizes": {NAME: V}, "keep_symbols", "hardware", "precision", "profile",
// "format", "generation": {"prompt", "generate"}}.
InspectOptions inspect_options(const json& o) {
    InspectOptions options;
    options.file_name = o.value("file_name", std::string());
    if (o.contains("batch") && !o["batch"].is_null()) options.batch = o["batch"].get<int64_t>();
    if (o.contains("dims"))
        for (const auto& [name, value] : o["dims"].items()) options.dims[name] = value.get<int64_t>();
    options.keep_symbols = o.value("keep_symbols", false);
    if (o.contains("sizes"))
        for (const auto& [name, value] : o["sizes"].items()) {
            options.sizes[name] = value.get<int64_t>();
            if (options.sizes[name] < 0) throw Error("bad_argument", "the size of " + name + " must not be negative");
        }
    return options;
}

std::string error_json(const std::string& code, const std::string& message) { return error_json_text(code, message); }

// Runs `work` and turns every failure into an error report.
template <typename Work>
std::string guarded(Work work) {
    try {
        return work();
    } catch (const Error& e) {
        return error_json(e.code(), e.what());
    } catch (const json::exception& e) {
        return error_json("bad_argument", std::string("the options are not valid JSON: ") + e.what());
    } catch (const std::bad_alloc&) {
        return error_json("out_of_memory", "the model does not fit in the WebAssembly memory");
    } catch (const std::exception& e) {
        return error_json("internal", e.what());
    }
}

const uint8_t* bytes_at(uintptr_t address) { return reinterpret_cast<const uint8_t*>(address); }

// The report as the options ask: {"format": "csv"} for the CSV export, else JSON.
std::string report_text(const Report& report, const json& o) {
    return o.value("format", std::string("json")) == "csv" ? report_csv_text(report) : report_json_text(report);
}

std::string inspect_json(uintptr_t address, size_t size, const std::string& options_json) {
    return guarded([&] {
        const json o = json::parse(options_json);
        return report_text(inspect(bytes_at(address), size, inspect_options(o)), o);
    });
}

// With "generation", estimate_generation (as `estimate --prompt --generate`), else estimate.
std::string estimate_json(uintptr_t address, size_t size, const std::string& options_json) {
    return guarded([&] {
        const json o = json::parse(options_json);
        const InspectOptions options = inspect_options(o);
        std::optional<GenerationOptions> generation;
        if (o.contains("generation") && !o["generation"].is_null()) {
            generation.emplace();
            generation->prompt_tokens = o["generation"].value("prompt", generation->prompt_tokens);
            generation->output_tokens = o["generation"].value("generate", generation->output_tokens);
        }
        if (o.contains("profile")) {
            const HardwareProfile profile = profile_from_json_text(o["profile"].dump());
            return report_text(generation ? estimate_generation(bytes_at(address), size, options, *generation, profile)
                                          : estimate(bytes_at(address), size, options, profile), o);
        }
        // No precision (or "auto"): the file's.
        std::string precision = o.value("precision", std::string());
        if (precision == "auto") precision.clear();
        const std::string hardware = o.value("hardware", std::string("h100"));
        return report_text(generation ? estimate_generation(bytes_at(address), size, options, *generation, hardware, precision)
                                      : estimate(bytes_at(address), size, options, hardware, precision), o);
    });
}

// Two models estimated with the same options and compared, as `wattlayer diff BEFORE AFTER`:
// options as estimate's, plus "before_name" (the earlier file's name; "file_name" is the later's)
// and "format": "json" (default) or "markdown".
std::string diff_text(uintptr_t before_address, size_t before_size, uintptr_t after_address, size_t after_size, const std::string& options_json) {
    return guarded([&] {
        const json o = json::parse(options_json);
        InspectOptions after_options = inspect_options(o);
        InspectOptions before_options = after_options;
        before_options.file_name = o.value("before_name", std::string("before"));
        std::string precision = o.value("precision", std::string());
        if (precision == "auto") precision.clear();
        const std::string hardware = o.value("hardware", std::string("h100"));
        std::optional<HardwareProfile> profile;
        if (o.contains("profile")) profile = profile_from_json_text(o["profile"].dump());
        auto estimated = [&](uintptr_t address, size_t size, const InspectOptions& options) {
            return profile ? estimate(bytes_at(address), size, options, *profile) : estimate(bytes_at(address), size, options, hardware, precision);
        };
        ReportDiff d = diff_reports(estimated(before_address, before_size, before_options), estimated(after_address, after_size, after_options));
        d.before_name = before_options.file_name;  // the files, as the CLI names them
        d.after_name = after_options.file_name;
        return o.value("format", std::string("json")) == "markdown" ? diff_markdown_text(d) : diff_json_text(d);
    });
}

// The core alone, as `wattlayer bench` times it (read, infer, count; no JSON): the layer count,
// or -1 when the model cannot be read. For benchmarks against the native build.
int bench_inspect(uintptr_t address, size_t size) {
    try {
        return static_cast<int>(inspect(bytes_at(address), size, InspectOptions{}).total.layers);
    } catch (const std::exception&) {
        return -1;
    }
}

// The compiled-in profiles, as `wattlayer hardware --format json` lists them.
std::string hardware_json() {
    return guarded([] { return hardware_json_text(builtin_profiles()); });
}

std::string version() { return WATTLAYER_VERSION; }

// "onnx", "json" or "unknown": the page peeks at a file before streaming it (ONNX) or reading
// it whole (JSON).
std::string format_of(uintptr_t address, size_t size, const std::string& file_name) {
    return model_format(bytes_at(address), size, file_name);
}

// What GraphScan.feed tells the page: a JavaScript object {ok, code, message}.
struct FeedResult {
    bool ok = true;
    std::string code, message;
};

// The streaming scanner as the page drives it: feed slices of nextReadSize() bytes of the File at
// nextOffset() until done(), then pass graphAddress()/graphSize() to estimate or inspect like a
// whole file.
class GraphScan {
public:
    explicit GraphScan(double file_size) : scanner_(static_cast<uint64_t>(file_size)) {}
    // {ok: true} when the bytes were taken, else {ok: false, code, message}.
    FeedResult feed(uintptr_t address, size_t size) {
        try {
            scanner_.feed(bytes_at(address), size);
            return {true, "", ""};
        } catch (const Error& e) {
            return {false, e.code(), e.what()};
        } catch (const std::bad_alloc&) {
            return {false, "out_of_memory", "the model does not fit in the WebAssembly memory"};
        } catch (const std::exception& e) {
            return {false, "internal", e.what()};
        }
    }
    double next_offset() const { return static_cast<double>(scanner_.next_offset()); }
    double next_read_size() const { return static_cast<double>(scanner_.next_read_size()); }
    bool done() const { return scanner_.done(); }
    uintptr_t graph_address() const { return reinterpret_cast<uintptr_t>(scanner_.graph().data()); }
    size_t graph_size() const { return scanner_.graph().size(); }
    double skipped_bytes() const { return static_cast<double>(scanner_.skipped_bytes()); }

private:
    OnnxGraphScanner scanner_;
};

}  // namespace

EMSCRIPTEN_BINDINGS(wattlayer) {
    emscripten::function("inspect", &inspect_json);
    emscripten::function("estimate", &estimate_json);
    emscripten::function("diff", &diff_text);
    emscripten::function("hardware", &hardware_json);
    emscripten::function("version", &version);
    emscripten::function("detectFormat", &format_of);
    emscripten::function("benchInspect", &bench_inspect);
    emscripten::value_object<FeedResult>("FeedResult")
        .field("ok", &FeedResult::ok)
        .field("code", &FeedResult::code)
        .field("message", &FeedResult::message);
    emscripten::class_<GraphScan>("GraphScan")
        .constructor<double>()
        .function("feed", &GraphScan::feed)
        .function("nextOffset", &GraphScan::next_offset)
        .function("nextReadSize", &GraphScan::next_read_size)
        .function("done", &GraphScan::done)
        .function("graphAddress", &GraphScan::graph_address)
        .function("graphSize", &GraphScan::graph_size)
        .function("skippedBytes", &GraphScan::skipped_bytes);
}
