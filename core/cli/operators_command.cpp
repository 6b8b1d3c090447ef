#include "operators_command.hpp"

#include <cstdio>

#include <nlohmann/json.hpp>

#include "wattlayer/wattlayer.hpp"

namespace wattlayer::cli {
namespace {

std::string number(double v) {
    char buf[32];
    std::snprintf(buf, sizeof buf, "%g", v);
    return buf;
}

std::string positions(const std::vector<int>& inputs) {
    std::string s;
    for (int i : inputs) s += (s.empty() ? "" : ", ") + std::to_string(i);
    return s;
}

// `conv2d`, `contiguous` (host copy): a function's host group is shown where it is not the operator's.
std::string torch_list(const OperatorInfo& o) {
    std::string s;
    for (const TorchCallInfo& c : o.torch_calls) {
        s += (s.empty() ? "`" : ", `") + c.func + "`";
        if (c.host_group != o.host_group) s += " (host " + c.host_group + ")";
    }
    return s;
}

std::string domain_of(const OperatorInfo& o) { return o.domain.empty() ? "ai.onnx" : o.domain; }

void print_markdown(std::ostream& out, const std::vector<OperatorInfo>& ops) {
    out << "| Operator | Domain | Since | Category | FLOP rule | c | Memory | Shape/index inputs | Energy class | Host group | PyTorch calls |\n"
        << "|---|---|---|---|---|---|---|---|---|---|---|\n";
    const std::string none = "—";
    for (const OperatorInfo& o : ops)
        out << "| " << o.op << " | " << domain_of(o) << " | " << o.since_version << " | " << o.category << " | "
            << (o.flop_rule.empty() ? none : "`" + o.flop_rule + "`") << " | "
            << (o.flops_per_element != 0 ? number(o.flops_per_element) : none) << " | " << o.memory << " | "
            << (o.shape_inputs.empty() ? none : positions(o.shape_inputs)) << " | " << o.energy_class << " | " << o.host_group << " | "
            << (o.torch_calls.empty() ? none : torch_list(o)) << " |\n";
}

nlohmann::ordered_json torch_calls_json(const std::vector<TorchCallInfo>& calls) {
    nlohmann::ordered_json list = nlohmann::ordered_json::array();
    for (const TorchCallInfo& c : calls) list.push_back({{"func", c.func}, {"host_group", c.host_group}});
    return list;
}

void print_json(std::ostream& out, const std::vector<OperatorInfo>& ops) {
    nlohmann::ordered_json rows = nlohmann::ordered_json::array();
    for (const OperatorInfo& o : ops)
        rows.push_back({{"domain", domain_of(o)}, {"op", o.op}, {"since_version", o.since_version}, {"category", o.category},
                        {"flop_rule", o.flop_rule}, {"flops_per_element", o.flops_per_element}, {"memory", o.memory},
                        {"shape_inputs", o.shape_inputs}, {"energy_class", o.energy_class}, {"host_group", o.host_group},
                        {"torch_calls", torch_calls_json(o.torch_calls)}});
    out << rows.dump(2) << "\n";
}

void print_text(std::ostream& out, const std::vector<OperatorInfo>& ops) {
    char line[256];
    for (const OperatorInfo& o : ops) {
        std::snprintf(line, sizeof line, "%-28s %-8s %3d  %-14s %-21s %-13s %s\n", o.op.c_str(), domain_of(o).c_str(), o.since_version,
                      o.category.c_str(), o.flop_rule.empty() ? "-" : o.flop_rule.c_str(), o.energy_class.c_str(), o.host_group.c_str());
        out << line;
    }
    out << ops.size() << " registry rows\n";
}

}  // namespace

void print_operators(std::ostream& out, const std::string& format) {
    const std::vector<OperatorInfo> ops = operators();
    if (format == "markdown") print_markdown(out, ops);
    else if (format == "json") print_json(out, ops);
    else print_text(out, ops);
}

}  // namespace wattlayer::cli
