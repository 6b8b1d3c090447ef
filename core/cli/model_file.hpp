#pragma once
// A model file's bytes as the core needs them, never with the weights of a big file in memory:
//  - small files (up to 4 MiB) are read whole;
//  - larger ONNX files are streamed through the core's scanner with pread: only the graph's bytes
//    are read, every large tensor payload is skipped by offset (up to 2 GB of inline weights);
//  - larger files of other formats (JSON) are memory-mapped.
#include <cstddef>
#include <cstdint>
#include <memory>
#include <string>
#include <vector>

namespace wattlayer::cli {

class ModelFile {
public:
    // Throws wattlayer::Error("io_error") when the file cannot be opened or read, and the scanner's
    // errors for a malformed large ONNX file.
    explicit ModelFile(const std::string& path);
    ~ModelFile();
    ModelFile(const ModelFile&) = delete;
    ModelFile& operator=(const ModelFile&) = delete;

    const uint8_t* data() const { return data_; }
    size_t size() const { return size_; }

private:
    void read_whole(int fd, const std::string& path, size_t expected);
    void scan_onnx(int fd, const std::string& path, uint64_t file_size);

    const uint8_t* data_ = nullptr;
    size_t size_ = 0;
    bool mapped_ = false;
    std::unique_ptr<uint8_t[]> buffer_;  // the whole file
    std::vector<uint8_t> graph_;         // or the scanned graph
};

}  // namespace wattlayer::cli
