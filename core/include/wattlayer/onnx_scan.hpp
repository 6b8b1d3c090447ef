#pragma once
// Streaming ONNX reading, for files too big to hold (up to the 2 GB of one protobuf file, with all
// weights inline). The bytes are fed in file order, piece by piece; the scanner keeps what the ONNX
// reader reads (names, nodes, attributes, declared types, small tensors) and asks to skip every
// large tensor payload by offset, so that the caller never reads it. The kept bytes form a compact
// ModelProto that `inspect` and `estimate` take like any ONNX file.
//
//     OnnxGraphScanner scan(file_size);
//     while (!scan.done()) scan.feed(read(file, scan.next_offset(), scan.next_read_size()));
//     estimate(scan.graph().data(), scan.graph().size(), options, profile);
#include <cstddef>
#include <cstdint>
#include <utility>
#include <vector>

namespace wattlayer {

class OnnxGraphScanner {
public:
    // A feed shorter than this makes progress only at the end of the file: a field's key and
    // length must arrive in one piece.
    static constexpr size_t kMinFeedBytes = 32;
    // Tensor payloads above this are skipped: no tensor whose values the reader decodes
    // (kMaxDecodedElements) is this large.
    static constexpr uint64_t kMaxKeptPayloadBytes = 64 << 10;
    static constexpr size_t kMaxGraphBytes = size_t{128} << 20;  // the graph without its weights
    static constexpr size_t kMaxFieldBytes = size_t{16} << 20;   // one name, attribute or type
    static constexpr size_t kMaxDepth = 64;                      // nested messages
    static constexpr size_t kFirstReadBytes = 64 << 10;
    static constexpr size_t kMaxReadBytes = 32 << 20;

    explicit OnnxGraphScanner(uint64_t file_size);

    // Consumes bytes that start at file offset next_offset(). Throws wattlayer::Error on malformed
    // or oversized input.
    void feed(const uint8_t* data, size_t size);
    // Where the next bytes are wanted: past a skipped payload, it jumps ahead.
    uint64_t next_offset() const { return offset_; }
    // How many bytes to read there: 64 KiB after a skip (the next field is usually another tensor's
    // header), doubling up to 32 MiB while the graph's own bytes keep coming.
    size_t next_read_size() const { return read_size_; }
    bool done() const;
    // The compact ModelProto; complete once done().
    const std::vector<uint8_t>& graph() const { return out_; }
    std::vector<uint8_t> take_graph() { return std::move(out_); }
    uint64_t file_size() const { return file_size_; }
    uint64_t skipped_bytes() const { return skipped_; }  // tensor payloads never read

    enum class Message : uint8_t { Model, Graph, Node, Attribute, Tensor, SparseTensor };

private:
    struct Frame {
        Message message;
        uint64_t end;      // file offset where the message ends
        size_t length_at;  // where its length goes in out_
    };
    struct Field;
    void feed_piece(const uint8_t* data, size_t size);
    bool read_field(const uint8_t* p, const uint8_t* end, Field& f) const;
    void close_finished_messages();
    void keep(const uint8_t* p, size_t n);

    uint64_t file_size_;
    uint64_t offset_ = 0;
    uint64_t copy_left_ = 0;  // bytes of a kept field still to copy
    uint64_t skipped_ = 0;
    size_t read_size_ = kFirstReadBytes;
    std::vector<Frame> stack_;
    std::vector<uint8_t> out_;
};

}  // namespace wattlayer
