// The profiles compiled in from models/*.json (see core/cmake/embed_profiles.cmake), parsed once.
#include "wattlayer/estimate.hpp"

namespace wattlayer {

extern const char* const kBuiltinProfileJson[];
extern const size_t kBuiltinProfileCount;

const std::vector<HardwareProfile>& builtin_profiles() {
    static const std::vector<HardwareProfile> profiles = [] {
        std::vector<HardwareProfile> out;
        for (size_t i = 0; i < kBuiltinProfileCount; ++i)
            out.push_back(profile_from_json(nlohmann::json::parse(kBuiltinProfileJson[i])));
        return out;
    }();
    return profiles;
}

}  // namespace wattlayer
