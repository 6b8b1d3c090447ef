#pragma once
// Stable storage for the names of a model (tensors, nodes, attributes, symbols). A graph holds
// thousands of names; keeping them as views into a few large blocks instead of one heap string
// each is what makes reading and inference allocation-light.
#include <cstring>
#include <memory>
#include <string_view>
#include <vector>

namespace wattlayer {

class StringArena {
public:
    // A copy of `s` that lives as long as the arena.
    std::string_view store(std::string_view s) {
        if (s.empty()) return {};
        if (s.size() > left_) grow(s.size());
        char* at = next_;
        std::memcpy(at, s.data(), s.size());
        next_ += s.size();
        left_ -= s.size();
        return {at, s.size()};
    }

private:
    static constexpr size_t kBlockSize = 64 * 1024;

    void grow(size_t at_least) {
        const size_t size = at_least > kBlockSize ? at_least : kBlockSize;
        blocks_.emplace_back(new char[size]);  // not zeroed: every byte is written before it is read
        next_ = blocks_.back().get();
        left_ = size;
    }

    std::vector<std::unique_ptr<char[]>> blocks_;
    char* next_ = nullptr;
    size_t left_ = 0;
};

}  // namespace wattlayer
