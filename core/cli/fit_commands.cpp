// The fitting commands: argument parsing, provenance and printing around the fit library.
#include "fit_commands.hpp"

#include <ctime>
#include <fstream>
#include <iostream>
#include <sstream>

#include "cross_validation.hpp"
#include "cv_table.hpp"
#include "profile_fit.hpp"
#include "profile_summary.hpp"
#include "wattlayer/wattlayer.hpp"
#include "transfer.hpp"

namespace wattlayer::cli {

const char* const kFitUsage = R"(  wattlayer fit [--data DIR] --out FILE [--gpu ID] [--derive-from PROFILE]
      Fits a hardware profile on the measurements in DIR (default models/data) and writes it to
      FILE; its interval comes from leave-one-architecture-out cross-validation. --gpu h100 (the
      default) fits the GPU with op-level records; another GPU is derived from the profile
      PROFILE (or, without --derive-from, from one fitted on the same data) with scales fitted
      on that GPU's whole-model records.
  wattlayer eval [--data DIR] [--subset N] [--gpu ID]
      Cross-validates the fitting procedure against two baselines: leave one architecture out
      on h100 and on the derived GPU (default h200), leave one task out, and the derived GPU
      predicted from datasheet figures alone (row "h200-ds"). --subset N uses the first N
      architectures only.
  wattlayer transfer [--data DIR] [--datasheets FILE] [--from PROFILE] --out-dir DIR
      Writes a transferred profile per GPU and precision of FILE (default
      DIR/../datasheets/gpus.json) into DIR, moved from PROFILE (default DIR/../h100.json) by
      datasheet ratios; their interval is that of the H100-to-H200 transfer, cross-validated.
)";

namespace {

using fit::FitData;

constexpr int kExitUsage = 1;
constexpr int kExitBadData = 2;

struct Options {
    std::string data = "models/data";
    std::string out;
    std::string gpu;
    std::string derive_from;
    std::string datasheets;  // default: DATA/../datasheets/gpus.json
    std::string from;        // default: DATA/../h100.json
    std::string out_dir;
    size_t subset = 0;
};

enum class Command { Fit, Eval, Transfer };

Options parse(const std::vector<std::string>& args, Command command) {
    const bool is_fit = command == Command::Fit;
    Options o;
    for (size_t i = 0; i < args.size(); ++i) {
        const std::string& arg = args[i];
        auto value = [&]() -> std::string {
            if (i + 1 >= args.size()) throw Error("usage", arg + " needs a value");
            return args[++i];
        };
        if (arg == "--data") o.data = value();
        else if (arg == "--gpu") o.gpu = value();
        else if (is_fit && arg == "--out") o.out = value();
        else if (is_fit && arg == "--derive-from") o.derive_from = value();
        else if (command != Command::Fit && arg == "--datasheets") o.datasheets = value();
        else if (command == Command::Transfer && arg == "--from") o.from = value();
        else if (command == Command::Transfer && arg == "--out-dir") o.out_dir = value();
        else if (command == Command::Eval && arg == "--subset") {
            const std::string n = value();
            if (n.empty() || n.find_first_not_of("0123456789") != std::string::npos || std::stoull(n) == 0)
                throw Error("usage", "--subset expects a positive integer, got '" + n + "'");
            o.subset = static_cast<size_t>(std::stoull(n));
        } else throw Error("usage", "unexpected argument " + arg);
    }
    if (is_fit && o.out.empty()) throw Error("usage", "fit needs --out FILE");
    if (command == Command::Transfer && o.out_dir.empty()) throw Error("usage", "transfer needs --out-dir DIR");
    // The datasheets and the measured profile sit beside the data (models/data -> models/).
    if (o.datasheets.empty()) o.datasheets = o.data + "/../datasheets/gpus.json";
    if (o.from.empty()) o.from = o.data + "/../h100.json";
    if (!o.derive_from.empty() && (o.gpu.empty() || o.gpu == fit::kMeasuredGpu)) throw Error("usage", "--derive-from needs --gpu naming another GPU");
    return o;
}

std::string today_utc() {
    const std::time_t now = std::time(nullptr);
    char date[16];
    std::strftime(date, sizeof date, "%Y-%m-%d", std::gmtime(&now));
    return date;
}

nlohmann::json read_json(const std::string& path) {
    std::ifstream in(path);
    if (!in) throw Error("bad_data", "cannot read " + path);
    try {
        return nlohmann::json::parse(in);
    } catch (const nlohmann::json::exception& e) {
        throw Error("bad_profile", path + " is not JSON: " + e.what());
    }
}

HardwareProfile read_profile(const std::string& path) { return profile_from_json_text(read_json(path).dump()); }

// Interval and provenance from the cross-validated predictions of this profile's GPU.
void add_validation(HardwareProfile& p, const FitData& data, const std::vector<fit::Prediction>& cv, const std::string& method) {
    p.ratio_low = fit::ratio_percentile(cv, 5);
    p.ratio_high = fit::ratio_percentile(cv, 95);
    nlohmann::json errors = nlohmann::json::object();
    for (int64_t b : data.batches)
        errors["batch_" + std::to_string(b)] = {{"median", fit::error_percentile(cv, 50, b)}, {"p90", fit::error_percentile(cv, 90, b)}};
    nlohmann::json files = nlohmann::json::array();
    for (const std::string& f : data.gpu(fit::kMeasuredGpu).files) files.push_back(f);
    if (p.id != fit::kMeasuredGpu)
        for (const std::string& f : data.gpu(p.id).files) files.push_back(f);
    files.push_back("onnx/NAME_b1.onnx (" + std::to_string(data.archs.size()) + " architectures)");
    nlohmann::json provenance = nlohmann::json::parse(p.provenance);
    provenance["data"] = files;
    provenance["date"] = today_utc();
    provenance["method"] = method;
    provenance["cv_leave_one_architecture_out"] = errors;
    p.provenance = provenance.dump();
}

void write_profile(const HardwareProfile& p, const std::string& path) {
    std::ofstream out(path);
    out << profile_json_text(p) << "\n";
    if (!out) throw Error("bad_data", "cannot write " + path);
}

int fit_command(const Options& o) {
    const FitData data = fit::load_fit_data(o.data);
    const std::string gpu = o.gpu.empty() ? fit::kMeasuredGpu : o.gpu;
    HardwareProfile p;
    if (gpu == fit::kMeasuredGpu) {
        p = fit::fit_profile(data);
        const fit::CrossValidation cv = fit::cross_validate(data, {true, false, "", nullptr});
        add_validation(p, data, cv.measured,
                       "wattlayer fit: dynamic energy per class by weighted NNLS and GPU time per class by bounded Nelder-Mead on op records; "
                       "host cost per group as the median host-bound batch-1 op time; host scale and tau0 by least absolute log error of time, "
                       "P_x on a grid by least absolute log error of energy, on whole-model records; interval = 5th/95th percentile of "
                       "measured/predicted under leave-one-architecture-out cross-validation, over the estimates that are not bounds");
    } else {
        const HardwareProfile base = o.derive_from.empty() ? fit::fit_profile(data) : read_profile(o.derive_from);
        p = fit::fit_derived_profile(base, data, gpu);
        const fit::CrossValidation cv = fit::cross_validate(data, {false, false, gpu, nullptr});
        add_validation(p, data, cv.derived,
                       "wattlayer fit --gpu " + gpu + ": the " + base.id + " profile with host, GPU-time and dynamic-energy scales fitted by "
                       "least absolute log error of energy on " + gpu + " whole-model records, and " + gpu + "'s idle power; interval from "
                       "leave-one-architecture-out cross-validation refitting both profiles, over the estimates that are not bounds");
    }
    write_profile(p, o.out);
    std::cout << fit::profile_summary(p) << "written to " << o.out << "\n";
    return 0;
}

int eval_command(const Options& o) {
    const FitData data = fit::load_fit_data(o.data, o.subset);
    const std::string derived = o.gpu.empty() ? "h200" : o.gpu;
    const std::vector<Datasheet> sheets = datasheets_from_json(read_json(o.datasheets));
    fit::CrossValidationOptions options{true, true, data.gpus.count(derived) ? derived : "", nullptr};
    options.transfer_from = &find_datasheet(sheets, fit::kMeasuredGpu);
    options.transfer_to = &find_datasheet(sheets, derived);
    const fit::CrossValidation cv = fit::cross_validate(data, options);
    size_t without_axis = 0;
    for (const fit::Architecture& a : data.archs) without_axis += a.at(data.batches.front())->batch_applied ? 0 : 1;
    std::cout << "cross-validation on " << data.archs.size() << " architectures (median, p90 of |pred/meas - 1|)\n"
              << fit::cv_table(cv, fit::kMeasuredGpu, derived, false);
    std::cout << derived << "-ds: " << derived << " predicted from the " << fit::kMeasuredGpu
              << " fit and datasheet figures alone (no " << derived << " measurement used); its baseline columns repeat the " << derived << " row's\n";
    if (without_axis > 0)
        std::cout << "excluding the " << without_axis << " graphs without a batch axis (detection: batch b = b single-image passes)\n"
                  << fit::cv_table(cv, fit::kMeasuredGpu, derived, true);
    const std::string bounds = fit::bound_rows(cv.measured);
    if (!bounds.empty())
        std::cout << "estimates that are upper bounds (data-dependent sizes at their maximum), on " << fit::kMeasuredGpu
                  << "; left out of the interval:\n" << bounds;
    return 0;
}

// Every GPU and precision of the datasheets that no profile measured, moved from the measured one.
int transfer_command(const Options& o) {
    const FitData data = fit::load_fit_data(o.data);
    const HardwareProfile base = read_profile(o.from);
    const std::vector<Datasheet> sheets = datasheets_from_json(read_json(o.datasheets));
    const Datasheet& from = find_datasheet(sheets, base.id);
    const std::string check = "h200";  // the one other GPU measured: where the transfer is validated
    fit::CrossValidationOptions options{false, false, check, nullptr};
    options.transfer_from = &from;
    options.transfer_to = &find_datasheet(sheets, check);
    const fit::CrossValidation cv = fit::cross_validate(data, options);
    const TransferInterval interval{std::min(base.ratio_low, fit::ratio_percentile(cv.transferred, 5)),
                                    std::max(base.ratio_high, fit::ratio_percentile(cv.transferred, 95))};
    std::cout << "H100-to-H200 transfer from datasheets, cross-validated: median error b1 " << 100 * fit::error_percentile(cv.transferred, 50, 1)
              << "%, b8 " << 100 * fit::error_percentile(cv.transferred, 50, 8) << "%; interval x" << interval.ratio_low << " to x"
              << interval.ratio_high << "\n";
    for (const Datasheet& to : sheets)
        for (const Precision precision : supported_precisions(to)) {
            if (to.id == base.id && precision == Precision::FP32) continue;  // measured
            if (data.gpus.count(to.id) && precision == Precision::FP32) continue;  // measured too (derived from op-level data)
            HardwareProfile p = transfer_profile(base, from, to, precision, interval);
            nlohmann::json provenance = nlohmann::json::parse(p.provenance);
            provenance["date"] = today_utc();
            provenance["transfer_validation"] = {{"gpu", check},
                                                 {"batch_1", {{"median", fit::error_percentile(cv.transferred, 50, 1)}, {"p90", fit::error_percentile(cv.transferred, 90, 1)}}},
                                                 {"batch_8", {{"median", fit::error_percentile(cv.transferred, 50, 8)}, {"p90", fit::error_percentile(cv.transferred, 90, 8)}}}};
            p.provenance = provenance.dump();
            const std::string path = o.out_dir + "/" + p.id + ".json";
            write_profile(p, path);
            std::cout << "written " << path << " (" << p.name << ", " << precision_name(precision) << ")\n";
        }
    return 0;
}

template <typename Run>
int guarded(const std::vector<std::string>& args, Command which, Run command) {
    if (args.size() == 1 && (args[0] == "--help" || args[0] == "-h")) {
        std::cout << "usage:\n" << kFitUsage;
        return 0;
    }
    Options o;
    try {
        o = parse(args, which);
    } catch (const Error& e) {
        std::cerr << "wattlayer: " << e.what() << "\nusage:\n" << kFitUsage;
        return kExitUsage;
    }
    try {
        return command(o);
    } catch (const Error& e) {
        std::cerr << "wattlayer: " << e.code() << ": " << e.what() << "\n";
        return kExitBadData;
    }
}

}  // namespace

int run_fit(const std::vector<std::string>& args) { return guarded(args, Command::Fit, fit_command); }
int run_eval(const std::vector<std::string>& args) { return guarded(args, Command::Eval, eval_command); }
int run_transfer(const std::vector<std::string>& args) { return guarded(args, Command::Transfer, transfer_command); }

}  // namespace wattlayer::cli
