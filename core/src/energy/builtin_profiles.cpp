// The profiles compiled in from models/*.json (see core/cmake/embed_profiles.cmake). Each is
// parsed the first time it is asked for: an estimate needs one of the 29, not all.
#include <memory>
#include <mutex>

#include "core_strings.hpp"
#include "energy/profile_json.hpp"
#include "wattlayer/error.hpp"
#include "wattlayer/estimate.hpp"

namespace wattlayer {

extern const char* const kBuiltinProfileJson[];
extern const char* const kBuiltinProfileIds[];
extern const size_t kBuiltinProfileCount;

namespace {

struct ParsedProfile {
    std::once_flag once;
    std::unique_ptr<HardwareProfile> profile;
};

const HardwareProfile& parsed_profile(size_t i) {
    static const std::unique_ptr<ParsedProfile[]> slots(new ParsedProfile[kBuiltinProfileCount]);
    ParsedProfile& slot = slots[i];
    std::call_once(slot.once, [&] {
        slot.profile = std::make_unique<HardwareProfile>(profile_from_json(nlohmann::json::parse(kBuiltinProfileJson[i])));
    });
    return *slot.profile;
}

}  // namespace

const std::vector<HardwareProfile>& builtin_profiles() {
    static const std::vector<HardwareProfile> profiles = [] {
        std::vector<HardwareProfile> out;
        for (size_t i = 0; i < kBuiltinProfileCount; ++i) out.push_back(parsed_profile(i));
        return out;
    }();
    return profiles;
}

// Ids are lower case; users type "H100" as often as "h100".
const HardwareProfile& builtin_profile(const std::string& requested) {
    const std::string id = lower_case(requested);
    std::string known;
    for (size_t i = 0; i < kBuiltinProfileCount; ++i) {
        if (id == kBuiltinProfileIds[i]) return parsed_profile(i);
        known += (known.empty() ? "" : ", ") + std::string(kBuiltinProfileIds[i]);
    }
    throw Error("unknown_hardware", "no hardware profile '" + requested + "' (known: " + known + ")");
}

const HardwareProfile& builtin_profile(const std::string& requested, const std::string& requested_precision) {
    const std::string id = lower_case(requested), precision = lower_case(requested_precision);
    const std::optional<Precision> known = precision_from_name(precision);
    if (!known) throw Error("bad_argument", "precision must be fp32, fp16 or bf16, not '" + requested_precision + "'");
    if (*known == Precision::FP32) return builtin_profile(requested);
    const std::string variant = id + "-" + precision;
    for (size_t i = 0; i < kBuiltinProfileCount; ++i)
        if (variant == kBuiltinProfileIds[i]) return parsed_profile(i);
    builtin_profile(requested);  // an unknown GPU is named as such
    throw Error("unknown_hardware", "no " + precision + " profile for " + id + " (its datasheet lists no " + precision + " support)");
}

}  // namespace wattlayer
