#pragma once
// An append-only list whose elements never move, so that views into it (a node's attribute
// tensors, a subgraph, a constant's values) stay valid while it grows. Elements live in blocks of
// 64: std::deque's 512-byte blocks hold four tensors, one allocation per four constants.
#include <cstddef>
#include <memory>
#include <new>
#include <utility>
#include <vector>

namespace wattlayer {

template <typename T, size_t kBlock = 64>
class StableList {
public:
    StableList() = default;
    StableList(const StableList&) = delete;
    StableList& operator=(const StableList&) = delete;
    // A move takes the blocks: the elements stay where they are, and so do views of them.
    StableList(StableList&& other) noexcept : blocks_(std::move(other.blocks_)), size_(std::exchange(other.size_, 0)) {}
    StableList& operator=(StableList&& other) noexcept {
        if (this != &other) {
            destroy_all();
            blocks_ = std::move(other.blocks_);
            size_ = std::exchange(other.size_, 0);
        }
        return *this;
    }
    ~StableList() { destroy_all(); }

    template <typename... Args>
    T& emplace_back(Args&&... args) {
        if (size_ % kBlock == 0) blocks_.emplace_back(new Slot[kBlock]);
        // With no arguments, default-initialised (`T`, not `T()`): value-initialising a struct
        // without a constructor of its own zeroes all of it before its members' initialisers run.
        // The types kept in stable lists give every member an initialiser.
        T* item;
        if constexpr (sizeof...(Args) == 0) item = new (&at(size_)) T;
        else item = new (&at(size_)) T(std::forward<Args>(args)...);
        ++size_;
        return *item;
    }
    size_t size() const { return size_; }

private:
    struct alignas(T) Slot {
        unsigned char bytes[sizeof(T)];
    };
    void destroy_all() {
        for (size_t i = size_; i-- > 0;) at(i).~T();
        size_ = 0;
    }
    T& at(size_t i) { return *std::launder(reinterpret_cast<T*>(blocks_[i / kBlock][i % kBlock].bytes)); }

    std::vector<std::unique_ptr<Slot[]>> blocks_;
    size_t size_ = 0;
};

}  // namespace wattlayer
