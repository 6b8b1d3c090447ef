#pragma once
// Tensor name -> value id, as one flat open-addressing table: inference looks up every input and
// output name of every node, and a node-based std::unordered_map spends most of that time in malloc.
#include <cstddef>
#include <cstdint>
#include <functional>
#include <string_view>
#include <utility>
#include <vector>

namespace wattlayer {

class NameIndex {
public:
    static constexpr size_t kNone = static_cast<size_t>(-1);

    void reserve(size_t names) {
        size_t capacity = 16;
        while (capacity < names * 2) capacity *= 2;  // at most half full
        if (capacity > slots_.size()) rehash(capacity);
    }

    // The id of `name`, inserting `next_id` when it is new; `.second` tells whether it was.
    std::pair<size_t, bool> insert(std::string_view name, size_t next_id) {
        if ((size_ + 1) * 2 > slots_.size()) rehash(slots_.empty() ? 16 : slots_.size() * 2);
        Slot& slot = find_slot(name);
        if (slot.id != kNone) return {slot.id, false};
        slot = {name, next_id};
        ++size_;
        return {next_id, true};
    }

    size_t find(std::string_view name) const {
        if (slots_.empty()) return kNone;
        return const_cast<NameIndex*>(this)->find_slot(name).id;
    }

private:
    struct Slot {
        std::string_view name;
        size_t id = kNone;
    };

    Slot& find_slot(std::string_view name) {
        const size_t mask = slots_.size() - 1;
        for (size_t i = std::hash<std::string_view>()(name) & mask;; i = (i + 1) & mask)
            if (slots_[i].id == kNone || slots_[i].name == name) return slots_[i];
    }

    void rehash(size_t capacity) {
        std::vector<Slot> old = std::move(slots_);
        slots_.assign(capacity, Slot{});
        for (const Slot& s : old)
            if (s.id != kNone) find_slot(s.name) = s;
    }

    std::vector<Slot> slots_;
    size_t size_ = 0;
};

}  // namespace wattlayer
