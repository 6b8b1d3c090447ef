// The fitting commands: argument parsing, provenance and printing around the fit library.
#include "fit_commands.hpp"

#include <ctime>
#include <fstream>
#include <iostream>
#include <sstream>

#include "bounded_coefficients.hpp"
#include "cross_validation.hpp"
#include "cv_table.hpp"
#include "model_selection.hpp"
#include "profile_fit.hpp"
#include "profile_summary.hpp"
#include "wattlayer/wattlayer.hpp"
#include "transfer.hpp"

namespace wattlayer::cli {

const char* const kFitUsage = R"(  wattlayer fit [--data DIR] --out FILE [--gpu ID] [--derive-from PROFILE]
      Fits a hardware profile on the measurements in DIR (default models/data) and writes it to
      FILE; its interval comes from leave-one-family-out cross-validation (DIR/families.json).
      --gpu h100 (the default) fits the GPU with op-level records; another GPU is derived from
      the profile PROFILE (or, without --derive-from, from one fitted on the same data) with
      scales fitted on that GPU's whole-model records.
  wattlayer eval [--data DIR] [--subset N] [--gpu ID] [--predictions FILE]
      Cross-validates the fitting procedure against two baselines: leave one architecture out
      and leave one family out (rows "-fam") on h100 and on the derived GPU (default h200),
      leave one task out, and the derived GPU predicted from datasheet figures alone (rows
      "h200-ds"). --subset N uses the first N architectures only. --predictions writes every
      held-out prediction as CSV.
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
    std::string predictions;  // eval: CSV of every held-out prediction
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
        else if (command == Command::Eval && arg == "--predictions") o.predictions = value();
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

nlohmann::json errors_by_batch(const FitData& data, const std::vector<fit::Prediction>& cv) {
    nlohmann::json errors = nlohmann::json::object();
    for (int64_t b : data.batches)
        errors["batch_" + std::to_string(b)] = {{"median", fit::error_percentile(cv, 50, b)}, {"p90", fit::error_percentile(cv, 90, b)}};
    return errors;
}

// Interval and provenance from the cross-validated predictions of this profile's GPU, leaving out
// one family (the interval) and one architecture at a time.
void add_validation(HardwareProfile& p, const FitData& data, const std::vector<fit::Prediction>& by_family,
                    const std::vector<fit::Prediction>& by_architecture, const std::string& method) {
    p.ratio_low = fit::ratio_percentile(by_family, 5);
    p.ratio_high = fit::ratio_percentile(by_family, 95);
    nlohmann::json files = nlohmann::json::array();
    for (const std::string& f : data.gpu(fit::kMeasuredGpu).files) files.push_back(f);
    if (p.id != fit::kMeasuredGpu)
        for (const std::string& f : data.gpu(p.id).files) files.push_back(f);
    files.push_back("onnx/NAME_b1.onnx (" + std::to_string(data.archs.size()) + " architectures)");
    files.push_back("families.json (" + std::to_string(fit::folds_of(data, fit::Grouping::Family).size()) + " families)");
    nlohmann::json provenance = nlohmann::json::parse(p.provenance);
    provenance["data"] = files;
    provenance["date"] = today_utc();
    provenance["method"] = method;
    provenance["cv_leave_one_family_out"] = errors_by_batch(data, by_family);
    provenance["cv_leave_one_architecture_out"] = errors_by_batch(data, by_architecture);
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
    fit::OpLevelCache op_fits(data);
    auto validate = [&](bool measured, const std::string& derived) {
        fit::CrossValidationOptions options{fit::Grouping::Family, measured, false, derived};
        const fit::CrossValidation by_family = fit::cross_validate(data, options);
        options.grouping = fit::Grouping::Architecture;
        const fit::CrossValidation by_architecture = fit::cross_validate(data, options);
        return std::make_pair(measured ? by_family.measured : by_family.derived, measured ? by_architecture.measured : by_architecture.derived);
    };
    if (gpu == fit::kMeasuredGpu) {
        p = fit::fit_selected_profile(data, {}, op_fits);
        const auto [by_family, by_architecture] = validate(true, "");
        add_validation(p, data, by_family, by_architecture,
                       "wattlayer fit: dynamic energy per class by weighted NNLS and GPU time per class by bounded Nelder-Mead on op records; "
                       "host cost per group as the median host-bound batch-1 op time; host scale and tau0 on time, P_x on a grid on energy, "
                       "on whole-model records, minimising the selected loss; the loss and the c0 ceiling selected by leave-one-family-out "
                       "cross-validation on the training architectures; interval = 5th/95th percentile of measured/predicted under "
                       "leave-one-family-out cross-validation (choices selected inside each fold), over the estimates that are not bounds");
        nlohmann::json provenance = nlohmann::json::parse(p.provenance);
        provenance["bounded_coefficients"] = fit::bounded_coefficients(p, provenance.at("choices").at("c0_max_s").get<double>());
        p.provenance = provenance.dump();
    } else {
        const HardwareProfile base = o.derive_from.empty() ? fit::fit_selected_profile(data, {}, op_fits) : read_profile(o.derive_from);
        p = fit::fit_derived_profile(base, data, gpu);
        const auto [by_family, by_architecture] = validate(false, gpu);
        add_validation(p, data, by_family, by_architecture,
                       "wattlayer fit --gpu " + gpu + ": the " + base.id + " profile with host, GPU-time and dynamic-energy scales fitted on " +
                       gpu + " whole-model records with the " + base.id + " fit's loss, and " + gpu + "'s idle power; interval from "
                       "leave-one-family-out cross-validation refitting both profiles, over the estimates that are not bounds");
    }
    write_profile(p, o.out);
    std::cout << fit::profile_summary(p) << "written to " << o.out << "\n";
    return 0;
}

// One line per held-out prediction: which fold grouping and GPU setting, the measurement, and the
// estimator's and the baselines' predictions.
void write_predictions(const std::string& path, const fit::CrossValidation& by_architecture, const fit::CrossValidation& by_family,
                       const std::string& derived) {
    std::ofstream out(path);
    out << "grouping,setting,model,batch,exact,measured_j,predicted_j,flops_proportional_j,log_linear_j\n";
    auto write = [&](const char* grouping, const std::string& setting, const std::vector<fit::Prediction>& predictions) {
        for (const fit::Prediction& p : predictions)
            out << grouping << ',' << setting << ',' << p.model << ',' << p.batch << ',' << (p.exact ? 1 : 0) << ',' << p.measured_j << ','
                << p.ours_j << ',' << p.flops_proportional_j << ',' << p.log_linear_j << '\n';
    };
    out.precision(9);
    for (const auto& [grouping, cv] : {std::pair{"architecture", &by_architecture}, std::pair{"family", &by_family}}) {
        write(grouping, fit::kMeasuredGpu, cv->measured);
        write(grouping, derived, cv->derived);
        write(grouping, derived + "-ds", cv->transferred);
    }
    write("task", fit::kMeasuredGpu, by_family.leave_task_out);
    if (!out) throw Error("bad_data", "cannot write " + path);
}

int eval_command(const Options& o) {
    const FitData data = fit::load_fit_data(o.data, o.subset);
    const std::string derived = o.gpu.empty() ? "h200" : o.gpu;
    const std::vector<Datasheet> sheets = datasheets_from_json(read_json(o.datasheets));
    fit::CrossValidationOptions options{fit::Grouping::Architecture, true, false, data.gpus.count(derived) ? derived : "", nullptr};
    options.transfer_from = &find_datasheet(sheets, fit::kMeasuredGpu);
    options.transfer_to = &find_datasheet(sheets, derived);
    const fit::CrossValidation by_architecture = fit::cross_validate(data, options);
    options.grouping = fit::Grouping::Family;
    options.leave_task_out = true;
    const fit::CrossValidation by_family = fit::cross_validate(data, options);
    size_t without_axis = 0, unlisted = 0;
    for (const fit::Architecture& a : data.archs) {
        without_axis += a.at(data.batches.front())->batch_applied ? 0 : 1;
        unlisted += data.families.count(a.name) ? 0 : 1;
    }
    std::cout << "cross-validation on " << data.archs.size() << " architectures in " << fit::folds_of(data, fit::Grouping::Family).size()
              << " families (median, p90 of |pred/meas - 1|); rows -fam leave one family out, the others one architecture\n";
    if (unlisted > 0) std::cout << unlisted << " architectures are in no family of families.json: each is a family of its own\n";
    std::cout << fit::cv_table(by_architecture, by_family, fit::kMeasuredGpu, derived, false);
    std::cout << derived << "-ds: " << derived << " predicted from the " << fit::kMeasuredGpu
              << " fit and datasheet figures alone (no " << derived << " measurement used); its baseline columns repeat the " << derived << " row's\n";
    if (without_axis > 0)
        std::cout << "excluding the " << without_axis << " graphs without a batch axis (detection: batch b = b single-image passes)\n"
                  << fit::cv_table(by_architecture, by_family, fit::kMeasuredGpu, derived, true);
    std::cout << "fit choices selected inside the leave-one-family-out folds:";
    for (const auto& [choice, folds] : by_family.chosen) std::cout << " " << choice << " (" << folds << ")";
    std::cout << "\n";
    if (!o.predictions.empty()) write_predictions(o.predictions, by_architecture, by_family, derived);
    const std::string bounds = fit::bound_rows(by_family.measured);
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
    fit::CrossValidationOptions options{fit::Grouping::Family, false, false, check, nullptr};
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
