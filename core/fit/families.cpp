#include "families.hpp"

#include <filesystem>
#include <fstream>

#include <nlohmann/json.hpp>

#include "wattlayer/wattlayer.hpp"

namespace wattlayer::fit {

std::map<std::string, std::string> load_families(const std::string& path) {
    std::map<std::string, std::string> family_of;
    if (!std::filesystem::exists(path)) return family_of;
    std::ifstream in(path);
    try {
        const nlohmann::json file = nlohmann::json::parse(in);
        for (const auto& [family, members] : file.at("families").items())
            for (const auto& member : members) {
                const std::string name = member.get<std::string>();
                if (!family_of.emplace(name, family).second) throw Error("bad_data", path + ": " + name + " is in two families");
            }
    } catch (const nlohmann::json::exception& e) {
        throw Error("bad_data", path + " is not a family table: " + e.what());
    }
    return family_of;
}

}  // namespace wattlayer::fit
