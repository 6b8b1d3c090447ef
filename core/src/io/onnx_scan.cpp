// The streaming ONNX scanner: a protobuf walk over pieces of a file that copies the fields the ONNX
// reader uses (onnx_reader.cpp; field numbers from onnx/onnx.proto) and skips the rest by offset.
// Nested messages get their lengths rewritten, because skipping changes them: each length is
// written as a 5-byte varint (protobuf accepts padded varints) and filled in when the message ends.
#include "wattlayer/onnx_scan.hpp"

#include <algorithm>
#include <cstddef>
#include <string>

#include "wattlayer/error.hpp"

namespace wattlayer {
namespace {

using Message = OnnxGraphScanner::Message;

constexpr size_t kLengthBytes = 5;  // a padded varint holds up to 2^35: any length below 2 GB
constexpr size_t kMaxVarintBytes = 10;

enum class Action { Keep, Skip, Enter };

struct Decision {
    Action action;
    Message child = Message::Model;
};

constexpr Decision keep{Action::Keep};
constexpr Decision skip{Action::Skip};
constexpr Decision enter(Message m) { return {Action::Enter, m}; }

// What to do with field `field` of a `parent` message. Mirrors what onnx_reader.cpp reads: a field
// it ignores is skipped (doc strings, training info, sparse indices), a message it
// descends into is entered, so that large tensor payloads deep inside can be skipped too.
Decision decide(Message parent, uint32_t field, bool length_delimited, uint64_t length) {
    if (!length_delimited) return keep;  // scalars are small; a mistyped one is for the reader to name
    switch (parent) {
        case Message::Model:
            if (field == 7) return enter(Message::Graph);
            return field == 1 || field == 2 || field == 3 || field == 8 || field == 25 ? keep : skip;  // 25: functions
        case Message::Graph:
            if (field == 1) return enter(Message::Node);
            if (field == 5) return enter(Message::Tensor);
            if (field == 15) return enter(Message::SparseTensor);
            return field == 2 || field == 11 || field == 12 || field == 13 ? keep : skip;
        case Message::Node:
            if (field == 5) return enter(Message::Attribute);
            return field <= 4 || field == 7 ? keep : skip;
        case Message::Attribute:
            if (field == 5 || field == 10) return enter(Message::Tensor);
            if (field == 6 || field == 11) return enter(Message::Graph);
            if (field == 22 || field == 23) return enter(Message::SparseTensor);
            return field <= 4 || (field >= 7 && field <= 9) || field == 20 || field == 21 ? keep : skip;
        case Message::Tensor:
            switch (field) {
                case 1: case 2: case 8: case 13: case 14: return keep;  // dims, type, name, location
                case 4: case 5: case 7: case 9: case 10: case 11:     // payloads: only small ones
                    return length <= OnnxGraphScanner::kMaxKeptPayloadBytes ? keep : skip;
                default: return skip;  // string_data, segment, doc_string
            }
        case Message::SparseTensor:
            if (field == 1) return enter(Message::Tensor);
            return field == 3 ? keep : skip;  // dims kept; indices are never read
    }
    return skip;
}

// Decodes a varint at p; returns its byte count, 0 when it runs past `end`.
size_t read_varint(const uint8_t* p, const uint8_t* end, uint64_t& value) {
    value = 0;
    for (size_t i = 0; i < kMaxVarintBytes; ++i) {
        if (p + i == end) return 0;
        value |= static_cast<uint64_t>(p[i] & 0x7f) << (7 * i);
        if (!(p[i] & 0x80)) return i + 1;
    }
    throw Error("invalid_model", "not a valid ONNX file: a number in it is longer than any ONNX number");
}

void write_padded_length(uint8_t* at, uint64_t length) {
    for (size_t i = 0; i < kLengthBytes; ++i) {
        at[i] = static_cast<uint8_t>((length >> (7 * i)) & 0x7f);
        if (i + 1 < kLengthBytes) at[i] |= 0x80;
    }
}

std::string mib(uint64_t bytes) { return std::to_string(bytes >> 20) + " MiB"; }

}  // namespace

// One field's key and, for scalars, its value; for length-delimited fields, the payload's length.
struct OnnxGraphScanner::Field {
    uint32_t number = 0;
    bool length_delimited = false;
    size_t key_bytes = 0;     // the tag varint
    size_t header_bytes = 0;  // tag + length, or the whole scalar field
    uint64_t payload = 0;     // bytes after the header (length-delimited only)
};

OnnxGraphScanner::OnnxGraphScanner(uint64_t file_size) : file_size_(file_size) {
    stack_.push_back({Message::Model, file_size, 0});
}

bool OnnxGraphScanner::done() const { return offset_ == file_size_ && copy_left_ == 0 && stack_.size() == 1; }

// Reads the field at p; false when its header is not all in [p, end).
bool OnnxGraphScanner::read_field(const uint8_t* p, const uint8_t* end, Field& f) const {
    uint64_t key = 0;
    f.key_bytes = read_varint(p, end, key);
    if (!f.key_bytes) return false;
    f.number = static_cast<uint32_t>(key >> 3);
    if (f.number == 0 || (key >> 3) > 0x1fffffff) throw Error("invalid_model", "not a valid ONNX file: a field in it has an impossible number");
    uint64_t value = 0;
    size_t value_bytes = 0;
    switch (key & 7) {
        case 0: value_bytes = read_varint(p + f.key_bytes, end, value); break;
        case 1: value_bytes = end - p >= static_cast<ptrdiff_t>(f.key_bytes + 8) ? 8 : 0; break;
        case 5: value_bytes = end - p >= static_cast<ptrdiff_t>(f.key_bytes + 4) ? 4 : 0; break;
        case 2:
            value_bytes = read_varint(p + f.key_bytes, end, value);
            f.length_delimited = true;
            f.payload = value;
            break;
        default: throw Error("invalid_model", "not a valid ONNX file: a field in it has an encoding that ONNX files never use");
    }
    if (!value_bytes) return false;
    f.header_bytes = f.key_bytes + value_bytes;
    return true;
}

void OnnxGraphScanner::keep(const uint8_t* p, size_t n) {
    if (out_.size() + n > kMaxGraphBytes)
        throw Error("too_large", "the graph without its weights is over " + mib(kMaxGraphBytes) + ": not a model WattLayer can read");
    out_.insert(out_.end(), p, p + n);
}

void OnnxGraphScanner::close_finished_messages() {
    while (stack_.size() > 1 && offset_ == stack_.back().end) {
        const size_t at = stack_.back().length_at;
        write_padded_length(out_.data() + at, out_.size() - at - kLengthBytes);
        stack_.pop_back();
    }
}

void OnnxGraphScanner::feed(const uint8_t* data, size_t size) {
    const uint64_t piece_end = offset_ + size;
    feed_piece(data, size);
    read_size_ = offset_ > piece_end ? kFirstReadBytes : std::min(read_size_ * 2, kMaxReadBytes);
}

void OnnxGraphScanner::feed_piece(const uint8_t* data, size_t size) {
    const uint8_t* p = data;
    const uint8_t* const end = data + size;
    if (size > file_size_ - offset_) throw Error("bad_argument", "the scanner was fed past the end of the file");
    while (true) {
        if (copy_left_) {
            const size_t n = static_cast<size_t>(std::min<uint64_t>(copy_left_, static_cast<uint64_t>(end - p)));
            keep(p, n);
            p += n;
            offset_ += n;
            copy_left_ -= n;
            if (copy_left_) return;
        }
        close_finished_messages();
        if (offset_ == file_size_ || p == end) return;

        Field f;
        if (!read_field(p, end, f)) {
            if (offset_ + static_cast<uint64_t>(end - p) == file_size_)
                throw Error("truncated", "the ONNX file is truncated: a field runs past the end of the file");
            return;  // the caller feeds again from next_offset()
        }
        const Frame& parent = stack_.back();
        const uint64_t field_end = offset_ + f.header_bytes + f.payload;
        if (f.payload > file_size_ || field_end > parent.end) {
            if (parent.end == file_size_) throw Error("truncated", "the ONNX file is truncated: a field runs past the end of the file");
            throw Error("invalid_model", "not a valid ONNX file: a field in it runs past the end of the part that holds it");
        }
        const Decision d = decide(parent.message, f.number, f.length_delimited, f.payload);
        if (d.action == Action::Skip) {
            if (parent.message == Message::Tensor) skipped_ += f.payload;
            offset_ = field_end;
            if (f.header_bytes + f.payload > static_cast<uint64_t>(end - p)) return;  // the skip leaves this piece
            p += f.header_bytes + f.payload;
            continue;
        }
        if (d.action == Action::Enter) {
            if (stack_.size() >= kMaxDepth) throw Error("too_large", "messages nest deeper than " + std::to_string(kMaxDepth) + " levels");
            keep(p, f.key_bytes);
            const size_t length_at = out_.size();
            const uint8_t placeholder[kLengthBytes] = {};
            keep(placeholder, kLengthBytes);
            stack_.push_back({d.child, field_end, length_at});
            p += f.header_bytes;
            offset_ += f.header_bytes;
            continue;
        }
        if (f.payload > kMaxFieldBytes)
            throw Error("too_large", "a field of " + mib(f.payload) + " is over the " + mib(kMaxFieldBytes) + " a name, attribute or type may take");
        keep(p, f.header_bytes);
        p += f.header_bytes;
        offset_ += f.header_bytes;
        copy_left_ = f.payload;
    }
}

}  // namespace wattlayer
