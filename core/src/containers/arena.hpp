#pragma once
// Stable storage for what a model holds many of: names (tensors, nodes, attributes, symbols) and
// small arrays (node inputs and outputs, attribute lists). A graph holds thousands of them; keeping
// them in a few large blocks instead of one heap allocation each is what makes reading, inference
// and tear-down allocation-light.
#include <cstddef>
#include <cstring>
#include <memory>
#include <string_view>
#include <type_traits>
#include <vector>

namespace wattlayer {

// A read-only view of `size` elements stored in an Arena.
template <typename T>
class Span {
public:
    Span() = default;
    Span(const T* data, size_t size) : data_(data), size_(size) {}
    // A view of a contiguous container (std::vector, SmallVector), as std::span has; the
    // container must outlive the view.
    template <typename Container,
              typename = std::enable_if_t<std::is_convertible_v<decltype(std::declval<const Container&>().data()), const T*>>>
    Span(const Container& items) : data_(items.data()), size_(items.size()) {}
    // Not of a temporary: the view would outlive what it views.
    template <typename Container>
        requires(!std::is_lvalue_reference_v<Container> &&
                 std::is_convertible_v<decltype(std::declval<const Container&>().data()), const T*>)
    Span(Container&& items) = delete;
    const T* begin() const { return data_; }
    const T* end() const { return data_ + size_; }
    const T* data() const { return data_; }
    size_t size() const { return size_; }
    bool empty() const { return size_ == 0; }
    const T& operator[](size_t i) const { return data_[i]; }
    const T& front() const { return data_[0]; }
    const T& back() const { return data_[size_ - 1]; }
    std::vector<T> to_vector() const { return std::vector<T>(begin(), end()); }

private:
    const T* data_ = nullptr;
    size_t size_ = 0;
};

class Arena {
public:
    // A copy of `s` that lives as long as the arena.
    std::string_view store(std::string_view s) {
        if (s.empty()) return {};
        return {static_cast<const char*>(copy(s.data(), s.size(), 1)), s.size()};
    }

    // A copy of an array of trivially copyable elements.
    template <typename T>
    Span<T> store(const T* items, size_t count) {
        static_assert(std::is_trivially_copyable_v<T>, "arena arrays are copied bytewise and never destroyed");
        if (count == 0) return {};
        return {static_cast<const T*>(copy(items, count * sizeof(T), alignof(T))), count};
    }
    template <typename Container>
    auto store_all(const Container& items) { return store(items.data(), items.size()); }

    // Room for `count` elements, to be written by the caller before they are read.
    template <typename T>
    T* allocate(size_t count) {
        static_assert(std::is_trivially_copyable_v<T>, "arena arrays are never destroyed");
        if (count == 0) return nullptr;
        return static_cast<T*>(reserve(count * sizeof(T), alignof(T)));
    }

private:
    static constexpr size_t kBlockSize = 64 * 1024;

    const void* copy(const void* from, size_t bytes, size_t align) {
        void* at = reserve(bytes, align);
        std::memcpy(at, from, bytes);
        return at;
    }

    // `align` is a power of two (an alignof): the padding is a mask, not two divisions.
    static size_t padding(const char* at, size_t align) { return (0 - reinterpret_cast<uintptr_t>(at)) & (align - 1); }

    void* reserve(size_t bytes, size_t align) {
        size_t pad = padding(next_, align);
        if (bytes + pad > left_) {
            grow(bytes + align);
            pad = padding(next_, align);
        }
        char* at = next_ + pad;
        next_ = at + bytes;
        left_ -= bytes + pad;
        return at;
    }

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
