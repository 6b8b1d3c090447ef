// The WebAssembly face of the core, the only file that includes <emscripten/...>. A narrow,
// JSON-in / JSON-out API: no C++ object crosses the boundary, and errors come back as data
// ({"error":{"code","message"}}), never as an abort. The model's bytes are copied by the caller
// into the module's memory (malloc + HEAPU8.set), then passed as a pointer and a size.
#include <emscripten/bind.h>

#include <cstdint>
#include <string>

#include <nlohmann/json.hpp>

#include "wattlayer/error.hpp"
#include "wattlayer/estimate.hpp"
#include "wattlayer/inspect.hpp"

namespace {

using nlohmann::json;
using namespace wattlayer;

// Options as the page sends them: {"file_name", "batch", "dims": {NAME: V}, "hardware", "profile"}.
InspectOptions inspect_options(const json& o) {
    InspectOptions options;
    options.file_name = o.value("file_name", std::string());
    if (o.contains("batch") && !o["batch"].is_null()) options.batch = o["batch"].get<int64_t>();
    if (o.contains("dims"))
        for (const auto& [name, value] : o["dims"].items()) options.dims[name] = value.get<int64_t>();
    return options;
}

std::string error_json(const std::string& code, const std::string& message) { return error_to_json(code, message).dump(2); }

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

std::string inspect_json(uintptr_t address, size_t size, const std::string& options_json) {
    return guarded([&] {
        const json o = json::parse(options_json);
        return report_to_json(inspect(bytes_at(address), size, inspect_options(o))).dump(2);
    });
}

std::string estimate_json(uintptr_t address, size_t size, const std::string& options_json) {
    return guarded([&] {
        const json o = json::parse(options_json);
        const HardwareProfile profile = o.contains("profile") ? profile_from_json(o["profile"])
                                                              : builtin_profile(o.value("hardware", std::string("h100")));
        return report_to_json(estimate(bytes_at(address), size, inspect_options(o), profile)).dump(2);
    });
}

// The compiled-in profiles, as `wattlayer hardware --format json` lists them.
std::string hardware_json() {
    return guarded([] { return profiles_summary_json(builtin_profiles()).dump(2); });
}

std::string version() { return WATTLAYER_VERSION; }

}  // namespace

EMSCRIPTEN_BINDINGS(wattlayer) {
    emscripten::function("inspect", &inspect_json);
    emscripten::function("estimate", &estimate_json);
    emscripten::function("hardware", &hardware_json);
    emscripten::function("version", &version);
}
