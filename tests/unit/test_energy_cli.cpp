// `wattlayer eval` and `wattlayer fit` through the command line, on the measurements in models/data.
#include "test_helpers.hpp"

#include <nlohmann/json.hpp>

#include "wattlayer/energy.hpp"

namespace fs = std::filesystem;

namespace {

using wltest::run_cli;

const std::string kData = std::string(WATTLAYER_MODELS) + "/data";

wattlayer::HardwareProfile read_profile(const std::string& path) {
    return wattlayer::profile_from_json_text(wltest::read_file(path));
}

// The shipped profile and a regenerated one agree on every fitted number.
void check_same_fit(const wattlayer::HardwareProfile& a, const wattlayer::HardwareProfile& b) {
    CHECK(a.id == b.id);
    CHECK(a.source == b.source);
    CHECK(a.idle_w == Approx(b.idle_w).epsilon(1e-9));
    CHECK(a.extra_w == Approx(b.extra_w).epsilon(1e-9));
    CHECK(a.host_scale == Approx(b.host_scale).epsilon(1e-6));
    CHECK(a.tau0_s == Approx(b.tau0_s).epsilon(1e-6));
    CHECK(a.ratio_low == Approx(b.ratio_low).epsilon(1e-6));
    CHECK(a.ratio_high == Approx(b.ratio_high).epsilon(1e-6));
    for (size_t c = 0; c < wattlayer::kEnergyClasses; ++c) {
        INFO("class " << wattlayer::energy_class_name(static_cast<wattlayer::EnergyClass>(c)));
        CHECK(a.classes[c].gamma_j == Approx(b.classes[c].gamma_j).epsilon(1e-6));
        CHECK(a.classes[c].alpha_j_per_flop == Approx(b.classes[c].alpha_j_per_flop).epsilon(1e-6));
        CHECK(a.classes[c].beta_j_per_byte == Approx(b.classes[c].beta_j_per_byte).epsilon(1e-6));
        CHECK(a.classes[c].c0_s == Approx(b.classes[c].c0_s).epsilon(1e-6));
    }
    for (size_t g = 0; g < wattlayer::kHostGroups; ++g) CHECK(a.host_s[g] == Approx(b.host_s[g]).epsilon(1e-9));
}

}  // namespace

TEST_CASE("eval on a subset prints the cross-validation table for both GPUs", "[energy][cli]") {
    const auto r = run_cli("eval --data '" + kData + "' --subset 6");
    INFO(r.err);
    REQUIRE(r.exit_code == 0);
    CHECK(r.out.find("cross-validation on 6 architectures in 3 families") != std::string::npos);
    for (const char* row : {"h100         b1    6 |", "h100         b8    6 |", "h100-fam     b1    6 |", "h100-fam     b8    6 |",
                            "loto-h100    b8    6 |", "h200         b1    6 |", "h200         b8    6 |", "h200-fam     b8    6 |",
                            "h200-ds      b1    6 |", "h200-ds      b8    6 |", "h200-ds-fam  b8    6 |"})
        CHECK(r.out.find(row) != std::string::npos);
    CHECK(r.out.find("fit choices selected inside the leave-one-family-out folds:") != std::string::npos);
}

TEST_CASE("eval rejects a bad subset and fit needs an output", "[energy][cli]") {
    CHECK(run_cli("eval --subset zero").exit_code != 0);
    CHECK(run_cli("fit --data '" + kData + "'").exit_code != 0);
}

TEST_CASE("fit regenerates the shipped h100 and h200 profiles", "[energy][cli]") {
    const fs::path dir = fs::temp_directory_path();
    const std::string h100 = (dir / "wattlayer_fit_h100.json").string(), h200 = (dir / "wattlayer_fit_h200.json").string();
    const auto measured = run_cli("fit --data '" + kData + "' --out '" + h100 + "'");
    INFO(measured.err);
    REQUIRE(measured.exit_code == 0);
    check_same_fit(read_profile(h100), read_profile(std::string(WATTLAYER_MODELS) + "/h100.json"));
    const auto derived = run_cli("fit --data '" + kData + "' --gpu h200 --derive-from '" + std::string(WATTLAYER_MODELS) + "/h100.json' --out '" + h200 + "'");
    INFO(derived.err);
    REQUIRE(derived.exit_code == 0);
    check_same_fit(read_profile(h200), read_profile(std::string(WATTLAYER_MODELS) + "/h200.json"));
}

TEST_CASE("transfer regenerates the shipped transferred profiles", "[energy][cli]") {
    const fs::path dir = fs::temp_directory_path() / "wattlayer_transfer";
    fs::remove_all(dir);
    fs::create_directories(dir);
    const auto r = run_cli("transfer --data '" + kData + "' --out-dir '" + dir.string() + "'");
    INFO(r.err);
    REQUIRE(r.exit_code == 0);
    size_t files = 0;
    for (const auto& entry : fs::directory_iterator(std::string(WATTLAYER_MODELS) + "/transferred")) {
        INFO(entry.path().filename());
        const auto shipped = read_profile(entry.path().string());
        REQUIRE(fs::exists(dir / entry.path().filename()));
        check_same_fit(read_profile((dir / entry.path().filename()).string()), shipped);
        CHECK(shipped.source == "transferred");
        ++files;
    }
    CHECK(files == static_cast<size_t>(std::distance(fs::directory_iterator(dir), fs::directory_iterator())));
    CHECK(files >= 8);
}

TEST_CASE("hardware lists at least 8 profiles - transferred ones labelled with their datasheet", "[energy][cli]") {
    const auto r = run_cli("hardware --format json");
    REQUIRE(r.exit_code == 0);
    const auto list = nlohmann::json::parse(r.out);
    size_t transferred = 0;
    for (const auto& p : list) {
        if (p["source"] != "transferred") continue;
        ++transferred;
        CHECK(p["provenance"]["transferred_from"] == "h100");
        CHECK(!p["provenance"]["datasheet"].empty());
    }
    CHECK(list.size() >= 8);
    CHECK(transferred >= 6);
    for (const char* id : {"a100_sxm", "a100_pcie", "h100_pcie", "l40s", "l4", "t4", "rtx4090", "b200"})
        CHECK(std::any_of(list.begin(), list.end(), [&](const auto& p) { return p["id"] == id; }));
}
