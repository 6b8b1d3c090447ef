#pragma once
// A model file's bytes: small files are read whole; larger ones are memory-mapped read-only, so the
// reader touches the graph's pages and skips the weights' without reading them: a multi-gigabyte
// file costs only what its graph needs.
#include <cstddef>
#include <cstdint>
#include <string>
#include <vector>

namespace wattlayer::cli {

class MappedFile {
public:
    // Throws wattlayer::Error("io_error") when the file cannot be opened or read.
    explicit MappedFile(const std::string& path);
    ~MappedFile();
    MappedFile(const MappedFile&) = delete;
    MappedFile& operator=(const MappedFile&) = delete;

    const uint8_t* data() const { return data_; }
    size_t size() const { return size_; }

private:
    const uint8_t* data_ = nullptr;
    size_t size_ = 0;
    bool mapped_ = false;
    std::vector<uint8_t> copy_;  // where mapping is not possible (pipes, some file systems)
};

}  // namespace wattlayer::cli
