// Files that are not models get their own error code and a message that says what to do, in the
// core (so the page and the widget say the same) and in the CLI (a folder, a missing file).
#include "test_helpers.hpp"

using namespace wltest;

namespace {

std::string code_for(const std::string& bytes, const std::string& file_name) {
    InspectOptions options;
    options.file_name = file_name;
    return error_code_of([&] { inspect_bytes(bytes, options); });
}

std::string message_for(const std::string& bytes, const std::string& file_name) {
    InspectOptions options;
    options.file_name = file_name;
    try {
        inspect_bytes(bytes, options);
    } catch (const wattlayer::Error& e) {
        return e.what();
    }
    return "";
}

std::string safetensors() {
    const std::string header = R"({"w":{"dtype":"F32","shape":[2],"data_offsets":[0,8]}})";
    std::string bytes(8, '\0');
    for (size_t i = 0; i < 8; ++i) bytes[i] = static_cast<char>((header.size() >> (8 * i)) & 0xff);
    return bytes + header + std::string(8, '\0');
}

}  // namespace

TEST_CASE("files that are not models are named, with what to do instead", "[not-a-model]") {
    CHECK(code_for("version https://git-lfs.github.com/spec/v1\noid sha256:0123\nsize 98765\n", "model.onnx") == "lfs_pointer");
    CHECK(message_for("version https://git-lfs.github.com/spec/v1\n", "model.onnx").find("git lfs pull") != std::string::npos);
    CHECK(code_for(std::string("\x1f\x8b\x08\x00", 4) + std::string(32, '\0'), "model.onnx.gz") == "compressed_file");
    // torch.save writes a zip whose entries are under "<name>/data.pkl".
    const std::string checkpoint = std::string("PK\x03\x04", 4) + std::string(26, '\0') + "archive/data.pkl" + std::string(64, '\0');
    CHECK(code_for(checkpoint, "weights.bin") == "pytorch_checkpoint");
    CHECK(message_for(checkpoint, "x").find("torch.onnx.export") != std::string::npos);
    CHECK(code_for(std::string("PK\x03\x04", 4) + std::string(26, '\0') + "readme.txt", "bundle.zip") == "zip_archive");
    CHECK(code_for("\n<!DOCTYPE html>\n<html><body>Sign in</body></html>", "model.onnx") == "html_page");
    CHECK(code_for("<\n ir_version: 8,\n opset_import: [\"\" : 17]\n>\nagraph (float[N] X) => (float[N] Y) { Y = Relu(X) }", "m.onnxtxt") == "onnx_text");
    CHECK(code_for(std::string("\x1c\0\0\0TFL3", 8) + std::string(64, '\0'), "model.tflite") == "tflite_model");
    CHECK(code_for(safetensors(), "model.safetensors") == "weights_file");
    CHECK(code_for(std::string(300, '\x03'), "model.onnx.data") == "weights_file");
    CHECK(code_for(std::string(300, '\x03'), "pytorch_model.pt") == "pytorch_checkpoint");
    CHECK(code_for(R"({"model_type":"gpt2","architectures":["GPT2LMHeadModel"],"n_layer":12})", "config.json") == "not_a_model");
    CHECK(code_for(R"({"version":"1.0","added_tokens":[],"model":{"type":"BPE"}})", "tokenizer.json") == "not_a_model");
    CHECK(code_for(R"({"eos_token_id":2,"max_new_tokens":64})", "generation_config.json") == "not_a_model");
    CHECK(code_for(R"({"name":"m"})", "other.json") == "invalid_model");  // any other JSON without layers
    // No check mistakes a real model for one of these.
    CHECK(code_for(read_file(fixture("onnx/hf_bert_base_b1.onnx")), "model.bin") == "");
}

TEST_CASE("the CLI names a folder and a missing file - exit 2, no protobuf jargon", "[not-a-model]") {
    const auto folder = run_cli("inspect '" + std::string(WATTLAYER_FIXTURES) + "' --format json");
    CHECK(folder.exit_code == 2);
    CHECK(nlohmann::json::parse(folder.out)["error"]["code"] == "is_directory");
    const auto missing = run_cli("estimate /no/such/model.onnx");
    CHECK(missing.exit_code == 2);
    CHECK(missing.err.find("there is no file") != std::string::npos);
}
