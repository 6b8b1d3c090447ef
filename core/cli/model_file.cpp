#include "model_file.hpp"

#include <fcntl.h>
#include <sys/mman.h>
#include <sys/stat.h>
#include <unistd.h>

#include <algorithm>
#include <cerrno>
#include <cstring>

#include "wattlayer/wattlayer.hpp"

namespace wattlayer::cli {
namespace {

constexpr off_t kReadWholeBelow = 4 << 20;  // one read beats mapping or scanning a few pages
constexpr size_t kPeekBytes = 4096;         // enough to tell ONNX from JSON

class Fd {
public:
    explicit Fd(const std::string& path) : fd_(::open(path.c_str(), O_RDONLY | O_CLOEXEC)) {
        if (fd_ >= 0) return;
        if (errno == ENOENT) throw Error("file_not_found", "there is no file '" + path + "'");
        if (errno == EACCES) throw Error("io_error", "cannot open '" + path + "': permission denied");
        throw Error("io_error", "cannot open '" + path + "': " + std::strerror(errno));
    }
    ~Fd() { ::close(fd_); }
    Fd(const Fd&) = delete;
    Fd& operator=(const Fd&) = delete;
    int get() const { return fd_; }

private:
    int fd_;
};

// Reads up to `size` bytes at `offset`; returns how many (fewer only at the end of the file).
size_t read_at(int fd, uint8_t* out, size_t size, uint64_t offset, const std::string& path) {
    size_t got = 0;
    while (got < size) {
        const ssize_t n = ::pread(fd, out + got, size - got, static_cast<off_t>(offset + got));
        if (n < 0) throw Error("io_error", "cannot read '" + path + "'");
        if (n == 0) break;
        got += static_cast<size_t>(n);
    }
    return got;
}

}  // namespace

ModelFile::ModelFile(const std::string& path) {
    const Fd fd(path);
    struct stat st {};
    const bool regular = ::fstat(fd.get(), &st) == 0 && S_ISREG(st.st_mode);
    if (S_ISDIR(st.st_mode)) throw Error("is_directory", "'" + path + "' is a folder: pass the model file inside it (.onnx or .json)");
    if (!regular || st.st_size <= kReadWholeBelow) {
        read_whole(fd.get(), path, regular ? static_cast<size_t>(st.st_size) : 0);
        return;
    }
    uint8_t head[kPeekBytes];
    const size_t peeked = read_at(fd.get(), head, sizeof head, 0, path);
    reject_non_model(head, peeked, path);  // before reading a large archive or checkpoint whole
    if (std::string(model_format(head, peeked, path)) == "onnx") {
        scan_onnx(fd.get(), path, static_cast<uint64_t>(st.st_size));
        return;
    }
    void* p = ::mmap(nullptr, static_cast<size_t>(st.st_size), PROT_READ, MAP_PRIVATE, fd.get(), 0);
    if (p == MAP_FAILED) {
        read_whole(fd.get(), path, static_cast<size_t>(st.st_size));
        return;
    }
    data_ = static_cast<const uint8_t*>(p);
    size_ = static_cast<size_t>(st.st_size);
    mapped_ = true;
}

ModelFile::~ModelFile() {
    if (mapped_) ::munmap(const_cast<uint8_t*>(data_), size_);
}

// The whole file; `expected` is the size fstat gave (0 for pipes), more is read if it grew.
// The buffer is not zeroed first: for small models that memset cost as much as the read.
void ModelFile::read_whole(int fd, const std::string& path, size_t expected) {
    size_t capacity = std::max<size_t>(expected + 1, 1 << 16);  // one byte more: the end shows without growing
    buffer_.reset(new uint8_t[capacity]);
    size_t got = 0;
    for (;;) {
        const ssize_t n = ::read(fd, buffer_.get() + got, capacity - got);
        if (n < 0) throw Error("io_error", "cannot read '" + path + "'");
        if (n == 0) break;
        got += static_cast<size_t>(n);
        // All fstat said and not the byte more asked for: the end, without a call to hear it say 0.
        if (expected > 0 && got == expected) break;
        if (got == capacity) {
            std::unique_ptr<uint8_t[]> grown(new uint8_t[capacity * 2]);
            std::memcpy(grown.get(), buffer_.get(), got);
            buffer_ = std::move(grown);
            capacity *= 2;
        }
    }
    data_ = buffer_.get();
    size_ = got;
}

void ModelFile::scan_onnx(int fd, const std::string& path, uint64_t file_size) {
    OnnxGraphScanner scanner(file_size);
    std::vector<uint8_t> slice;
    while (!scanner.done()) {
        const uint64_t at = scanner.next_offset();
        slice.resize(static_cast<size_t>(std::min<uint64_t>(scanner.next_read_size(), file_size - at)));
        const size_t got = read_at(fd, slice.data(), slice.size(), at, path);
        if (got == 0) throw Error("io_error", "'" + path + "' got shorter while it was being read");
        scanner.feed(slice.data(), got);
        if (scanner.next_offset() == at) throw Error("internal", "the ONNX scanner made no progress");
    }
    graph_ = scanner.take_graph();
    data_ = graph_.data();
    size_ = graph_.size();
}

}  // namespace wattlayer::cli
