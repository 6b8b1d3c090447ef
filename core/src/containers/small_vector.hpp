#pragma once
// A vector of trivially copyable elements that keeps its first N elements inline. Inference makes
// a shape for every tensor and many temporaries besides; tensors rarely have more than 8 axes, so
// with this most of them never touch the heap.
#include <algorithm>
#include <cstddef>
#include <cstdint>
#include <cstring>
#include <initializer_list>
#include <iterator>
#include <memory>
#include <new>
#include <stdexcept>
#include <type_traits>

namespace wattlayer {

template <typename T, size_t N>
class SmallVector {
    static_assert(std::is_trivially_copyable_v<T>, "elements are moved with memcpy");

public:
    using value_type = T;
    using iterator = T*;
    using const_iterator = const T*;

    // User-provided so that value-initialising a holder (`Value()`, `resize`) never zeroes the
    // inline buffer, which every Value holds.
    SmallVector() noexcept {}
    explicit SmallVector(size_t count, const T& value = T()) { assign(count, value); }
    SmallVector(std::initializer_list<T> items) { append(items.begin(), items.end()); }
    template <typename It, typename = std::enable_if_t<!std::is_integral_v<It>>>
    SmallVector(It first, It last) { append(first, last); }
    SmallVector(const SmallVector& other) { append(other.begin(), other.end()); }
    SmallVector(SmallVector&& other) noexcept { steal(other); }
    ~SmallVector() { release(); }
    SmallVector& operator=(const SmallVector& other) {
        if (this != &other) {
            clear();
            append(other.begin(), other.end());
        }
        return *this;
    }
    SmallVector& operator=(SmallVector&& other) noexcept {
        if (this != &other) {
            release();
            steal(other);
        }
        return *this;
    }

    size_t size() const { return size_; }
    bool empty() const { return size_ == 0; }
    T* data() { return data_; }
    const T* data() const { return data_; }
    T* begin() { return data(); }
    T* end() { return data() + size_; }
    const T* begin() const { return data(); }
    const T* end() const { return data() + size_; }
    std::reverse_iterator<const T*> rbegin() const { return std::reverse_iterator<const T*>(end()); }
    std::reverse_iterator<const T*> rend() const { return std::reverse_iterator<const T*>(begin()); }
    // Checked in the fuzzing and sanitizer builds: an index past the size reads inline storage that
    // no sanitizer sees as out of bounds (a rule indexing an axis a tensor does not have).
    size_t checked_index(size_t i) const {
#ifdef WATTLAYER_BOUNDS_CHECKS
        if (i >= size_) __builtin_trap();
#endif
        return i;
    }
    T& operator[](size_t i) { return data()[checked_index(i)]; }
    const T& operator[](size_t i) const { return data()[checked_index(i)]; }
    T& front() { return data()[0]; }
    const T& front() const { return data()[0]; }
    T& back() { return data()[size_ - 1]; }
    const T& back() const { return data()[size_ - 1]; }

    void clear() { size_ = 0; }
    void reserve(size_t wanted) {
        if (wanted <= capacity_) return;
        if (wanted > UINT32_MAX) throw std::length_error("SmallVector: more than 4 G elements");
        T* grown = new T[wanted];
        std::memcpy(static_cast<void*>(grown), data_, size_ * sizeof(T));
        release();
        data_ = grown;
        capacity_ = static_cast<uint32_t>(wanted);
    }
    void push_back(const T& value) {
        if (size_ == capacity_) {
            const T copy = value;  // `value` may live in this vector
            reserve(size_t{capacity_} * 2);
            data()[size_++] = copy;
            return;
        }
        data()[size_++] = value;
    }
    // Constructs in place: a temporary then a copy makes GCC store a large element field by field
    // and reload it whole, a store-forwarding stall per element.
    template <typename... Args>
    T& emplace_back(Args&&... args) {
        if constexpr (sizeof...(Args) > 0) {
            if (size_ == capacity_) {
                const T item{std::forward<Args>(args)...};  // the arguments may live in this vector
                push_back(item);
                return back();
            }
        } else if (size_ == capacity_) {
            reserve(size_t{capacity_} * 2);
        }
        return *new (static_cast<void*>(data_ + size_++)) T{std::forward<Args>(args)...};
    }
    void pop_back() { --size_; }
    void resize(size_t count, const T& value = T()) {
        reserve(count);
        for (size_t i = size_; i < count; ++i) data()[i] = value;
        size_ = static_cast<uint32_t>(count);
    }
    void assign(size_t count, const T& value) {
        clear();
        resize(count, value);
    }
    template <typename It>
    void append(It first, It last) {
        if constexpr (std::is_pointer_v<It> && std::is_same_v<std::remove_cv_t<std::remove_pointer_t<It>>, T>) {
            // Contiguous elements of this type (a copy of a shape): one block copy. The range may
            // not lie in this vector, whose storage the reserve can move.
            const size_t count = static_cast<size_t>(last - first);
            reserve(std::max<size_t>(size_ + count, capacity_));
            if (count) std::memcpy(static_cast<void*>(data_ + size_), first, count * sizeof(T));
            size_ += static_cast<uint32_t>(count);
        } else {
            for (; first != last; ++first) push_back(*first);
        }
    }
    T* insert(const T* pos, const T& value) { return insert(pos, &value, &value + 1); }
    template <typename It>
    T* insert(const T* pos, It first, It last) {
        const size_t at = static_cast<size_t>(pos - begin());
        SmallVector items(first, last);  // the range may alias this vector
        const size_t count = items.size();
        reserve(std::max<size_t>(size_ + count, capacity_));
        T* base = data();
        std::memmove(static_cast<void*>(base + at + count), base + at, (size_ - at) * sizeof(T));
        std::memcpy(static_cast<void*>(base + at), items.data(), count * sizeof(T));
        size_ += static_cast<uint32_t>(count);
        return base + at;
    }
    T* erase(const T* pos) { return erase(pos, pos + 1); }
    T* erase(const T* first, const T* last) {
        const size_t at = static_cast<size_t>(first - begin());
        const size_t count = static_cast<size_t>(last - first);
        T* base = data();
        std::memmove(static_cast<void*>(base + at), base + at + count, (size_ - at - count) * sizeof(T));
        size_ -= static_cast<uint32_t>(count);
        return base + at;
    }

    bool operator==(const SmallVector& other) const { return size_ == other.size_ && std::equal(begin(), end(), other.begin()); }
    bool operator!=(const SmallVector& other) const { return !(*this == other); }

private:
    T* inline_data() { return reinterpret_cast<T*>(inline_); }
    bool on_heap() const { return data_ != reinterpret_cast<const T*>(inline_); }
    void release() {
        if (on_heap()) delete[] data_;
        data_ = inline_data();
    }
    // Takes `other`'s elements; this vector holds none (and no heap block) on entry.
    void steal(SmallVector& other) {
        size_ = other.size_;
        capacity_ = other.capacity_;
        if (other.on_heap()) {
            data_ = other.data_;
            other.data_ = other.inline_data();
        } else if constexpr (sizeof(inline_) <= 128) {
            // The whole buffer, a constant size: a few wide moves, where a copy of size_ elements
            // is a loop or a call. Bytes past size_ are
            // raw storage, copied, never read: GCC's warning about them does not apply.
#if defined(__GNUC__) && !defined(__clang__)
#pragma GCC diagnostic push
#pragma GCC diagnostic ignored "-Wmaybe-uninitialized"
#pragma GCC diagnostic ignored "-Wuninitialized"
#endif
            std::memcpy(static_cast<void*>(inline_), other.inline_, sizeof(inline_));
#if defined(__GNUC__) && !defined(__clang__)
#pragma GCC diagnostic pop
#endif
        } else {
            std::memcpy(static_cast<void*>(inline_), other.inline_, size_ * sizeof(T));
        }
        other.size_ = 0;
        other.capacity_ = N;
    }

    // Where the elements are: `inline_` or a heap block. A pointer rather than a test on every
    // access, which shape code makes for every axis it reads.
    T* data_ = inline_data();
    alignas(T) unsigned char inline_[N * sizeof(T)];  // raw: elements are written before they are read
    uint32_t size_ = 0;  // 32 bits: a shape is 16 bytes smaller, and every Value holds one
    uint32_t capacity_ = N;
};

}  // namespace wattlayer
