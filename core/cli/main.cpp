// wattlayer: the native command line. A thin shell over the core: it reads files, parses options
// and prints the core's report. Commands: inspect, estimate, hardware, operators, fit, eval, bench.
#include <algorithm>
#include <chrono>
#include <cmath>
#include <cstdio>
#include <cstring>
#include <filesystem>
#include <iostream>
#include <optional>

#ifdef __GLIBC__
#include <malloc.h>
#endif

#include <nlohmann/json.hpp>

#include "fit_commands.hpp"
#include "format.hpp"
#include "model_file.hpp"
#include "operators_command.hpp"
#include "wattlayer/wattlayer.hpp"

namespace fs = std::filesystem;
using namespace wattlayer;

namespace {

constexpr const char* kUsage = R"(usage:
  wattlayer inspect MODEL [--batch N] [--dim NAME=VALUE]... [--size NAME=VALUE]... [--keep-symbols]
                  [--format table|json|csv]
      Reads an ONNX or JSON model, infers every shape and prints per-layer FLOPs, parameters
      and bytes. Exit code 2 (with {"error":{...}} in JSON) when the model cannot be read.
      --dim binds a symbolic input dimension; one left unbound is assumed (224 for an image's
      height or width, else 128: see the warning dim_assumed), or with --keep-symbols stays
      symbolic. --size sets a data-dependent output size (of a layer by name, or of every layer
      of an operator: --size NonMaxSuppression=100), which is otherwise the most it can be.
  wattlayer estimate MODEL [--hardware ID [--precision fp32|fp16|bf16] | --profile FILE] [--batch N]
                   [--dim NAME=VALUE]... [--size NAME=VALUE]... [--keep-symbols] [--format table|json|csv]
                   [--prompt P] [--generate N]
      inspect, plus per-layer energy (J) and time (s) on a GPU from a hardware profile (default
      h100), the framework overhead line, an uncertainty interval and coverage of fitted classes.
      --precision picks the GPU's fp32, fp16 or bf16 profile (fp16 and bf16 are transferred; an
      fp32 file then moves 2 bytes per float). Without it, the precision the file computes in
      (fp16, bf16; int8 as fp16), named in the warning precision_from_file.
      --prompt and --generate (either, default 128 each) estimate text generation with a
      decoder's KV cache: the prefill of P tokens (the layers listed), decode steps at cache
      lengths P to P+N-2, the whole N-token answer and J per 1,000 output tokens. A decoder with
      a cache and neither flag is estimated at one decode step (see dim_assumed).
  wattlayer diff OLD NEW [--hardware ID [--precision P] | --profile FILE] [--batch N] [--dim NAME=VALUE]...
                 [--format markdown|json] [--max-increase PERCENT]
      Estimates two models (two versions of one, or two models) with the same options and prints
      the change in energy, time, FLOPs and parameters, in total and per layer (matched by name),
      as Markdown for a pull-request comment (default) or JSON. --max-increase 10% exits with
      code 3 when the energy per inference grew by more than 10%.
  wattlayer hardware [--format table|json]
      Lists the hardware profiles compiled in, with their source (measured or transferred).
  wattlayer transfer --out-dir DIR [--datasheets FILE] [--from PROFILE] [--data DIR]
      Writes transferred profiles (other GPUs and precisions) from datasheet figures.
  wattlayer operators [--format table|json|markdown]
      Lists the operator registry: per (domain, operator, since version) its category, FLOP
      rule, memory behaviour, shape inputs, energy class and host group.
  wattlayer bench DIR [--batch N] [--repeat R] [--report] [--format table|json]
      Reads, infers and counts every .onnx and .json model in DIR; prints the median
      milliseconds per file over R runs (default 5). --report: each run also writes the JSON
      report, as `inspect --format json` does.
)";
constexpr const char* kUsageLast = "  wattlayer --help | --version\n";

constexpr int kExitUsage = 1;
constexpr int kExitBadInput = 2;
constexpr int kExitOverBudget = 3;  // diff --max-increase

struct Args {
    std::string command, path, format = "table", hardware = "h100", precision, profile_file;  // precision: empty is the file's
    InspectOptions options;
    std::optional<int64_t> prompt, generate;  // estimate: generation with a KV cache
    std::string other_path;                   // diff: the new model
    std::optional<double> max_increase;       // diff: the energy's allowed growth, as a fraction
    int repeat = 5;
    bool report = false;  // bench: each run writes the JSON report too
};

int64_t parse_int(const std::string& text, const std::string& what) {
    size_t used = 0;
    long long v = 0;
    try {
        v = std::stoll(text, &used);
    } catch (const std::exception&) {
        used = 0;
    }
    if (used != text.size() || text.empty()) throw Error("usage", what + " expects an integer, got '" + text + "'");
    return v;
}

// "10%" or "10": 0.10.
double parse_percent(const std::string& text) {
    const std::string number = !text.empty() && text.back() == '%' ? text.substr(0, text.size() - 1) : text;
    size_t used = 0;
    double v = 0;
    try {
        v = std::stod(number, &used);
    } catch (const std::exception&) {
        used = 0;
    }
    if (number.empty() || used != number.size() || !std::isfinite(v)) throw Error("usage", "--max-increase expects a percentage such as 10%, got '" + text + "'");
    return v / 100;
}

Args parse_args(int argc, char** argv) {
    Args a;
    if (argc < 2) throw Error("usage", "missing command");
    a.command = argv[1];
    for (int i = 2; i < argc; ++i) {
        const std::string arg = argv[i];
        auto value = [&](const char* flag) -> std::string {
            if (i + 1 >= argc) throw Error("usage", std::string(flag) + " needs a value");
            return argv[++i];
        };
        if (arg == "--batch") a.options.batch = parse_int(value("--batch"), "--batch");
        else if (arg == "--format") a.format = value("--format");
        else if (arg == "--hardware") a.hardware = value("--hardware");
        else if (arg == "--profile") a.profile_file = value("--profile");
        else if (arg == "--precision") a.precision = value("--precision");
        else if (arg == "--report") a.report = true;
        else if (arg == "--keep-symbols") a.options.keep_symbols = true;
        else if (arg == "--prompt") a.prompt = parse_int(value("--prompt"), "--prompt");
        else if (arg == "--generate") a.generate = parse_int(value("--generate"), "--generate");
        else if (arg == "--max-increase") a.max_increase = parse_percent(value("--max-increase"));
        else if (arg == "--repeat") a.repeat = static_cast<int>(std::clamp<int64_t>(parse_int(value("--repeat"), "--repeat"), 1, 1000));
        else if (arg == "--dim" || arg == "--size") {
            const std::string binding = value(arg.c_str());
            const size_t eq = binding.rfind('=');  // a layer's name may hold '='; a number never does
            if (eq == std::string::npos || eq == 0) throw Error("usage", arg + " expects NAME=VALUE, got '" + binding + "'");
            const int64_t n = parse_int(binding.substr(eq + 1), arg + " " + binding.substr(0, eq));
            if (arg == "--size" && n < 0) throw Error("bad_argument", "--size " + binding.substr(0, eq) + " must not be negative");
            (arg == "--dim" ? a.options.dims : a.options.sizes)[binding.substr(0, eq)] = n;
        } else if (!arg.empty() && arg[0] == '-') throw Error("usage", "unknown option " + arg);
        else if (a.path.empty()) a.path = arg;
        else if (a.command == "diff" && a.other_path.empty()) a.other_path = arg;
        else throw Error("usage", "unexpected argument " + arg);
    }
    if (a.command == "operators") {
        if (a.format != "table" && a.format != "json" && a.format != "markdown") throw Error("usage", "--format must be table, json or markdown");
        return a;
    }
    if (a.command == "diff") {
        if (a.format == "table") a.format = "markdown";
        if (a.format != "markdown" && a.format != "json") throw Error("usage", "--format must be markdown or json");
        if (a.other_path.empty()) throw Error("usage", "diff needs two models: OLD NEW");
        return a;
    }
    if (a.max_increase) throw Error("usage", "--max-increase belongs to diff");
    if (a.format != "table" && a.format != "json" && a.format != "csv") throw Error("usage", "--format must be table, json or csv");
    if ((a.prompt || a.generate) && a.command != "estimate") throw Error("usage", "--prompt and --generate belong to estimate");
    if (a.path.empty() && a.command != "hardware") throw Error("usage", a.command + " needs a path");
    return a;
}

int run_inspect(const Args& a) {
    InspectOptions options = a.options;
    options.file_name = fs::path(a.path).filename().string();
    const cli::ModelFile file(a.path);
    const Report report = inspect(file.data(), file.size(), options);
    if (a.format == "json") std::cout << report_json_text(report) << "\n";
    else if (a.format == "csv") cli::print_csv(std::cout, report);
    else cli::print_table(std::cout, report);
    return 0;
}

HardwareProfile profile_from_file(const Args& a) {
    const cli::ModelFile file(a.profile_file);
    try {
        return profile_from_json_text({reinterpret_cast<const char*>(file.data()), file.size()});
    } catch (const Error& e) {
        throw Error(e.code(), "'" + a.profile_file + "': " + e.what());
    }
}

int run_estimate(const Args& a) {
    InspectOptions options = a.options;
    options.file_name = fs::path(a.path).filename().string();
    std::optional<HardwareProfile> profile;
    if (!a.profile_file.empty()) profile = profile_from_file(a);
    else if (!a.precision.empty()) builtin_profile(a.hardware, a.precision);  // a bad id or precision fails before the file is read
    else builtin_profile(a.hardware);
    const cli::ModelFile file(a.path);
    Report report;
    if (a.prompt || a.generate) {
        GenerationOptions generation;
        generation.prompt_tokens = a.prompt.value_or(generation.prompt_tokens);
        generation.output_tokens = a.generate.value_or(generation.output_tokens);
        report = profile ? estimate_generation(file.data(), file.size(), options, generation, *profile)
                         : estimate_generation(file.data(), file.size(), options, generation, a.hardware, a.precision);
    } else {
        report = profile ? estimate(file.data(), file.size(), options, *profile) : estimate(file.data(), file.size(), options, a.hardware, a.precision);
    }
    if (a.format == "json") std::cout << report_json_text(report) << "\n";
    else if (a.format == "csv") cli::print_csv(std::cout, report);
    else cli::print_table(std::cout, report);
    return 0;
}

// Both models estimated with the same options, then compared; over the budget, exit code 3.
int run_diff(const Args& a) {
    std::optional<HardwareProfile> profile;
    if (!a.profile_file.empty()) profile = profile_from_file(a);
    else if (!a.precision.empty()) builtin_profile(a.hardware, a.precision);
    else builtin_profile(a.hardware);
    auto estimate_file = [&](const std::string& path) {
        InspectOptions options = a.options;
        options.file_name = fs::path(path).filename().string();
        const cli::ModelFile file(path);
        return profile ? estimate(file.data(), file.size(), options, *profile) : estimate(file.data(), file.size(), options, a.hardware, a.precision);
    };
    ReportDiff d = diff_reports(estimate_file(a.path), estimate_file(a.other_path));
    d.before_name = fs::path(a.path).filename().string();  // the files, as the user named them
    d.after_name = fs::path(a.other_path).filename().string();
    const bool over = a.max_increase && d.energy_j.relative() && *d.energy_j.relative() > *a.max_increase;
    if (a.format == "json") {
        std::cout << diff_json_text(d) << "\n";
    } else {
        std::cout << diff_markdown_text(d);
        if (a.max_increase) {
            char line[160];
            std::snprintf(line, sizeof line, "\n%s: energy per inference %+.1f%%, budget %+.1f%%.\n", over ? "**Over budget**" : "Within budget",
                          100 * d.energy_j.relative().value_or(0), 100 * *a.max_increase);
            std::cout << line;
        }
    }
    return over ? kExitOverBudget : 0;
}

int run_hardware(const Args& a) {
    const std::string text = hardware_json_text(builtin_profiles());
    if (a.format == "json") {
        std::cout << text << "\n";
        return 0;
    }
    const nlohmann::json list = nlohmann::json::parse(text);
    for (const auto& p : list)
        std::printf("%-15s %-36s %-12s %s, %s\n", p["id"].get<std::string>().c_str(), p["name"].get<std::string>().c_str(),
                    p["source"].get<std::string>().c_str(), p["runtime"].get<std::string>().c_str(), p["precision"].get<std::string>().c_str());
    return 0;
}

int run_bench(const Args& a) {
    std::vector<fs::path> files;
    for (const auto& entry : fs::directory_iterator(a.path)) {
        const auto ext = entry.path().extension();
        if (entry.is_regular_file() && (ext == ".onnx" || ext == ".json")) files.push_back(entry.path());
    }
    std::sort(files.begin(), files.end());
    nlohmann::ordered_json rows = nlohmann::ordered_json::array();
    for (const auto& file : files) {
        std::vector<double> ms;
        int64_t layers = 0;
        size_t json_bytes = 0;  // read after the runs, so that the text is not optimised away
        std::string error;
        InspectOptions options = a.options;  // set up once: the runs time reading and inspecting
        options.file_name = file.filename().string();
        const std::string path = file.string();
        for (int r = 0; r < a.repeat; ++r) {
            const auto start = std::chrono::steady_clock::now();
            try {
                const cli::ModelFile bytes(path);
                const Report report = inspect(bytes.data(), bytes.size(), options);
                layers = report.total.layers;
                if (a.report) json_bytes = report_json_text(report).size();
            } catch (const Error& e) {
                error = e.code();
            }
            ms.push_back(std::chrono::duration<double, std::milli>(std::chrono::steady_clock::now() - start).count());
        }
        std::sort(ms.begin(), ms.end());
        rows.push_back({{"file", file.filename().string()}, {"ms", ms[ms.size() / 2]}, {"layers", layers}, {"error", error}});
        if (a.report) rows.back()["report_bytes"] = json_bytes;
    }
    if (a.format == "json") {
        std::cout << rows.dump(2, ' ', false, nlohmann::ordered_json::error_handler_t::replace) << "\n";
        return 0;
    }
    std::vector<double> all;
    for (const auto& row : rows) {
        std::printf("%-52s %9.3f ms %6lld layers %s\n", row["file"].get<std::string>().c_str(), row["ms"].get<double>(),
                    static_cast<long long>(row["layers"].get<int64_t>()), row["error"].get<std::string>().c_str());
        all.push_back(row["ms"].get<double>());
    }
    std::sort(all.begin(), all.end());
    if (!all.empty()) std::printf("%zu files, median %.3f ms per file\n", all.size(), all[all.size() / 2]);
    return 0;
}

// glibc hands every block above 128 KiB back to the kernel when it is freed, so each model read
// in a loop (bench, scripts driving the CLI on folders) pays its page faults again. Keeping
// freed memory in the heap costs nothing for a one-shot run.
void keep_freed_memory() {
#ifdef __GLIBC__
    mallopt(M_MMAP_THRESHOLD, 32 << 20);  // glibc's largest allowed value
    mallopt(M_TRIM_THRESHOLD, 64 << 20);
#endif
}

}  // namespace

int main(int argc, char** argv) {
    keep_freed_memory();
    if (argc >= 2 && (!std::strcmp(argv[1], "--help") || !std::strcmp(argv[1], "-h") || !std::strcmp(argv[1], "help"))) {
        std::cout << kUsage << cli::kFitUsage << kUsageLast;
        return 0;
    }
    if (argc >= 2 && !std::strcmp(argv[1], "--version")) {
        std::cout << "wattlayer " << WATTLAYER_VERSION << "\n";
        return 0;
    }
    if (argc >= 2 && (!std::strcmp(argv[1], "fit") || !std::strcmp(argv[1], "eval") || !std::strcmp(argv[1], "transfer"))) {  // their own flags
        const std::vector<std::string> rest(argv + 2, argv + argc);
        if (!std::strcmp(argv[1], "fit")) return cli::run_fit(rest);
        return !std::strcmp(argv[1], "eval") ? cli::run_eval(rest) : cli::run_transfer(rest);
    }
    Args args;
    try {
        args = parse_args(argc, argv);
        if (args.command == "inspect") return run_inspect(args);
        if (args.command == "estimate") return run_estimate(args);
        if (args.command == "diff") return run_diff(args);
        if (args.command == "hardware") return run_hardware(args);
        if (args.command == "bench") return run_bench(args);
        if (args.command == "operators") {
            cli::print_operators(std::cout, args.format);
            return 0;
        }
        throw Error("usage", "unknown command '" + args.command + "'");
    } catch (const Error& e) {
        if (e.code() == "usage") {
            std::cerr << "wattlayer: " << e.what() << "\n\n" << kUsage << cli::kFitUsage << kUsageLast;
            return kExitUsage;
        }
        if (args.format == "json") std::cout << error_json_text(e.code(), e.what()) << "\n";
        else std::cerr << "wattlayer: error [" << e.code() << "]: " << e.what() << "\n";
        return kExitBadInput;
    } catch (const std::exception& e) {  // a bug in the core: still a clear message, never an abort
        if (args.format == "json") std::cout << error_json_text("internal", e.what()) << "\n";
        else std::cerr << "wattlayer: internal error: " << e.what() << "\n";
        return kExitBadInput;
    }
}
