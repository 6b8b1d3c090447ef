#include "shape/context.hpp"

namespace wattlayer {

int64_t NodeContext::attr_int(std::string_view name, int64_t fallback) const {
    const Attribute* a = attr(name);
    return a ? a->i : fallback;
}

double NodeContext::attr_float(std::string_view name, double fallback) const {
    const Attribute* a = attr(name);
    return a ? a->f : fallback;
}

std::string_view NodeContext::attr_string(std::string_view name, std::string_view fallback) const {
    const Attribute* a = attr(name);
    return a ? a->s : fallback;
}

Ints NodeContext::attr_ints(std::string_view name) const {
    const Attribute* a = attr(name);
    return a ? Ints(a->ints.begin(), a->ints.end()) : Ints{};
}

std::optional<Ints> NodeContext::ints_from_attr_or_input(std::string_view name, size_t input_index) const {
    if (const Value* v = in(input_index)) return v->ints();
    return attr_ints(name);
}

}  // namespace wattlayer
