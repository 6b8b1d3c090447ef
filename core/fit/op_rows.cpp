#include "op_rows.hpp"

#include "wattlayer/wattlayer.hpp"

namespace wattlayer::fit {
namespace {

// The call as the core sees it; false when it cannot be translated or costed.
bool classify_call(const OpRecord& r, LayerCall& out) {
    nlohmann::json call = r.call;
    call["name"] = "call";
    const std::string text = nlohmann::json{{"layers", nlohmann::json::array({call})}}.dump();
    try {
        InspectOptions options;
        options.file_name = "call.json";
        const std::vector<LayerCall> calls = layer_calls(reinterpret_cast<const uint8_t*>(text.data()), text.size(), options).calls;
        out = calls.empty() ? LayerCall{} : calls.front();  // no call: a constant (Free)
        return true;
    } catch (const Error&) {
        return false;
    } catch (const nlohmann::json::exception&) {  // a record with oddly typed arguments
        return false;
    }
}

}  // namespace

OpRows op_rows(const std::vector<OpRecord>& records) {
    OpRows out;
    out.rows.reserve(records.size());
    for (const OpRecord& r : records) {
        // nn.MultiheadAttention is three layers in the core but one measurement: it fits no class.
        LayerCall call;
        if (r.func == "multi_head_attention_forward" || !classify_call(r, call)) {
            ++out.skipped;
            continue;
        }
        OpRow row;
        row.model = r.model;
        row.batch = r.batch;
        row.func = r.func;
        row.cls = call.cls;
        row.host = torch_host_group(r.func, call.cls);
        row.flops = call.flops;
        row.bytes = call.bytes;
        row.time_s = r.time_s;
        row.dynamic_j = r.energy_j - r.idle_w * r.time_s;
        row.above_idle_w = r.watts - r.idle_w;
        row.power_range_w = r.power_limit_w - r.idle_w;
        row.reused = r.reused;
        out.rows.push_back(std::move(row));
    }
    return out;
}

}  // namespace wattlayer::fit
