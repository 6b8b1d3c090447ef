// JSON-lines readers for the measurement files: a "meta" line, then "model" and "op" records.
#include "measurements.hpp"

#include <algorithm>
#include <filesystem>
#include <fstream>

#include "wattlayer/wattlayer.hpp"

namespace fs = std::filesystem;

namespace wattlayer::fit {
namespace {

using nlohmann::json;

std::vector<json> read_json_lines(const fs::path& path) {
    std::ifstream in(path);
    if (!in) throw Error("bad_data", "cannot read " + path.string());
    std::vector<json> lines;
    std::string line;
    for (size_t n = 1; std::getline(in, line); ++n) {
        if (line.find_first_not_of(" \t\r") == std::string::npos) continue;
        try {
            lines.push_back(json::parse(line));
        } catch (const json::exception& e) {
            throw Error("bad_data", path.string() + ":" + std::to_string(n) + ": " + e.what());
        }
    }
    return lines;
}

ModelRecord model_record(const json& r) {
    return {r.at("model").get<std::string>(), r.value("task", std::string()), r.at("batch").get<int64_t>(),
            r.at("energy_j").get<double>(), r.at("time_s").get<double>(), r.value("n_calls", int64_t{0}), r.value("params", int64_t{0})};
}

std::string short_func(const std::string& func) {
    const size_t dot = func.find_last_of('.');
    return dot == std::string::npos ? func : func.substr(dot + 1);
}

struct RunPower {
    double idle_w = 0;
    double power_limit_w = 0;
};

OpRecord op_record(const json& r, const RunPower& power) {
    OpRecord op;
    op.model = r.at("model").get<std::string>();
    op.batch = r.at("batch").get<int64_t>();
    op.func = short_func(r.at("func").get<std::string>());
    op.call = {{"func", r.at("func")}, {"args", r.value("args", json::array())}, {"kwargs", r.value("kwargs", json::object())},
               {"out", r.value("out", json::array())}};
    op.energy_j = r.at("energy_j").get<double>();
    op.time_s = r.at("time_s").get<double>();
    op.watts = r.at("watts").get<double>();
    op.idle_w = power.idle_w;
    op.power_limit_w = power.power_limit_w;
    op.reused = r.value("reused", false);
    return op;
}

const json& meta_line(const std::vector<json>& lines, const fs::path& path) {
    for (const json& l : lines)
        if (l.value("kind", std::string()) == "meta") return l;
    throw Error("bad_data", path.string() + " has no meta line");
}

}  // namespace

const ModelRecord* GpuMeasurements::find(const std::string& model, int64_t batch) const {
    for (const ModelRecord& r : models)
        if (r.model == model && r.batch == batch) return &r;
    return nullptr;
}

std::map<std::string, GpuMeasurements> load_measurements(const std::string& data_dir) {
    std::map<std::string, GpuMeasurements> out;
    if (!fs::is_directory(data_dir)) throw Error("bad_data", "no measurement folder " + data_dir);
    for (const fs::directory_entry& dir : fs::directory_iterator(data_dir)) {
        const fs::path models_file = dir.path() / "models.jsonl";
        if (!dir.is_directory() || !fs::exists(models_file)) continue;
        GpuMeasurements g;
        g.id = dir.path().filename().string();
        try {
            const std::vector<json> lines = read_json_lines(models_file);
            const json& meta = meta_line(lines, models_file);
            g.idle_w = meta.at("idle_w").get<double>();
            g.gpu = meta.value("gpu", std::string());
            for (const json& l : lines)
                if (l.value("kind", std::string()) == "model") g.models.push_back(model_record(l));
            g.files.push_back(g.id + "/models.jsonl");
            std::vector<fs::path> op_files;
            for (const fs::directory_entry& f : fs::directory_iterator(dir.path())) {
                const std::string name = f.path().filename().string();
                if (name.rfind("ops_b", 0) == 0 && f.path().extension() == ".jsonl") op_files.push_back(f.path());
            }
            std::sort(op_files.begin(), op_files.end());
            for (const fs::path& f : op_files) {
                const std::vector<json> op_lines = read_json_lines(f);
                const json& run = meta_line(op_lines, f);
                const RunPower power{run.at("idle_w").get<double>(), run.at("power_limit_w").get<double>()};
                for (const json& l : op_lines) {
                    const std::string kind = l.value("kind", std::string());
                    if (kind == "op") g.ops.push_back(op_record(l, power));
                    else if (kind == "model") g.op_run_models.push_back(model_record(l));
                }
                g.files.push_back(g.id + "/" + f.filename().string());
            }
        } catch (const json::exception& e) {
            throw Error("bad_data", g.id + ": a record lacks a field or has the wrong type: " + e.what());
        }
        out.emplace(g.id, std::move(g));
    }
    if (out.empty()) throw Error("bad_data", "no GPU folder with a models.jsonl under " + data_dir);
    return out;
}

}  // namespace wattlayer::fit
