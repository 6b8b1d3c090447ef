#pragma once
// Tensor name -> value id, as one flat open-addressing table: inference looks up every input and
// output name of every node, and a node-based std::unordered_map spends most of that time in malloc.
#include <cstddef>
#include <cstdint>
#include <cstring>
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

    // Eight bytes per step, then a final avalanche so that the low bits (the slot) depend on all of
    // them: tensor names are long and share prefixes, and std::hash spends most of inference here.
    static uint64_t hash(std::string_view s) {
        uint64_t h = 0x9E3779B97F4A7C15ull ^ s.size();
        const char* p = s.data();
        size_t n = s.size();
        for (; n >= 8; n -= 8, p += 8) {
            uint64_t word;
            std::memcpy(&word, p, 8);
            h = ((h << 5 | h >> 59) ^ word) * 0x517CC1B727220A95ull;
        }
        uint64_t tail = 0;
        if (n > 0) std::memcpy(&tail, p, n);  // an empty name may have no data pointer
        h = ((h << 5 | h >> 59) ^ tail) * 0x517CC1B727220A95ull;
        h ^= h >> 33;
        h *= 0xFF51AFD7ED558CCDull;
        h ^= h >> 33;
        return h;
    }

    Slot& find_slot(std::string_view name) {
        const size_t mask = slots_.size() - 1;
        for (size_t i = static_cast<size_t>(hash(name)) & mask;; i = (i + 1) & mask)
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
