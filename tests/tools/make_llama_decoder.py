"""Writes a decoder with the shapes of Llama 3.1 8B in onnxruntime-genai's form (GroupQueryAttention
with a KV cache, SimplifiedLayerNormalization, SwiGLU MLP, fp16), weights declared by their dims
only (no data): what WattLayer needs to estimate generation on a model of real size.

    /usr/bin/python3 tests/tools/make_llama_decoder.py OUT.onnx [--layers 32]

Rotary position embedding is left out (a few elementwise products per layer on q and k)."""
import argparse

import onnx
from onnx import TensorProto, helper

HIDDEN, HEADS, KV_HEADS, HEAD_DIM, MLP, VOCAB = 4096, 32, 8, 128, 14336, 128256
F16 = TensorProto.FLOAT16


def main():
    ap = argparse.ArgumentParser()
    ap.add_argument("out")
    ap.add_argument("--layers", type=int, default=32)
    args = ap.parse_args()
    inits, nodes = [], []

    def weight(name, dims):
        t = TensorProto(name=name, data_type=F16, dims=dims)  # dims only: the data would live in an external file
        t.data_location = TensorProto.EXTERNAL
        t.external_data.add(key="location", value="model.onnx.data")
        inits.append(t)
        return name

    def node(op, ins, out, name, domain=None, **attrs):
        nodes.append(helper.make_node(op, ins, [out] if isinstance(out, str) else out, name=name, domain=domain, **attrs))
        return out if isinstance(out, str) else out[0]

    def norm(x, name):
        return node("SimplifiedLayerNormalization", [x, weight(f"{name}.weight", [HIDDEN])], f"{name}/output_0", name, axis=-1, epsilon=1e-5)

    def linear(x, name, n_in, n_out):
        return node("MatMul", [x, weight(f"{name}.weight", [n_in, n_out])], f"{name}/output_0", name)

    inits.append(helper.make_tensor("one", TensorProto.INT64, [], [1]))
    inits.append(helper.make_tensor("axes_1", TensorProto.INT64, [1], [1]))
    node("ReduceSum", ["attention_mask", "axes_1"], "/mask/sum", "/mask/ReduceSum", keepdims=0)
    node("Sub", ["/mask/sum", "one"], "/mask/sub", "/mask/Sub")
    node("Cast", ["/mask/sub"], "seqlens_k", "/mask/Cast", to=TensorProto.INT32)
    node("Shape", ["attention_mask"], "/mask/shape", "/mask/Shape")
    node("Gather", ["/mask/shape", "one"], "/mask/total", "/mask/Gather", axis=0)
    node("Cast", ["/mask/total"], "total_seq_len", "/mask/Cast_1", to=TensorProto.INT32)
    x = node("Gather", [weight("model.embed_tokens.weight", [VOCAB, HIDDEN]), "input_ids"], "/model/embed_tokens/output_0", "/model/embed_tokens/Gather")
    for i in range(args.layers):
        p = f"/model/layers.{i}"
        h = norm(x, f"{p}/input_layernorm")
        q = linear(h, f"{p}/attn/q_proj", HIDDEN, HEADS * HEAD_DIM)
        k = linear(h, f"{p}/attn/k_proj", HIDDEN, KV_HEADS * HEAD_DIM)
        v = linear(h, f"{p}/attn/v_proj", HIDDEN, KV_HEADS * HEAD_DIM)
        a = node("GroupQueryAttention", [q, k, v, f"past_key_values.{i}.key", f"past_key_values.{i}.value", "seqlens_k", "total_seq_len"],
                 [f"{p}/attn/GroupQueryAttention/output_0", f"present.{i}.key", f"present.{i}.value"], f"{p}/attn/GroupQueryAttention",
                 domain="com.microsoft", num_heads=HEADS, kv_num_heads=KV_HEADS)
        x = node("Add", [x, linear(a, f"{p}/attn/o_proj", HEADS * HEAD_DIM, HIDDEN)], f"{p}/residual_add/output_0", f"{p}/residual_add")
        h = norm(x, f"{p}/post_attention_layernorm")
        gate, up = linear(h, f"{p}/mlp/gate_proj", HIDDEN, MLP), linear(h, f"{p}/mlp/up_proj", HIDDEN, MLP)
        sig = node("Sigmoid", [gate], f"{p}/mlp/act_fn/Sigmoid/output_0", f"{p}/mlp/act_fn/Sigmoid")
        silu = node("Mul", [gate, sig], f"{p}/mlp/act_fn/Mul/output_0", f"{p}/mlp/act_fn/Mul")
        h = node("Mul", [silu, up], f"{p}/mlp/Mul/output_0", f"{p}/mlp/Mul")
        x = node("Add", [x, linear(h, f"{p}/mlp/down_proj", MLP, HIDDEN)], f"{p}/residual_add_1/output_0", f"{p}/residual_add_1")
    x = norm(x, "/model/norm")
    nodes.append(helper.make_node("MatMul", [x, weight("lm_head.weight", [HIDDEN, VOCAB])], ["logits"], name="/lm_head/MatMul"))
    cache = ["batch_size", KV_HEADS, "past_sequence_length", HEAD_DIM]
    inputs = [helper.make_tensor_value_info("input_ids", TensorProto.INT64, ["batch_size", "sequence_length"]),
              helper.make_tensor_value_info("attention_mask", TensorProto.INT64, ["batch_size", "total_sequence_length"])]
    outputs = [helper.make_tensor_value_info("logits", F16, ["batch_size", "sequence_length", VOCAB])]
    for i in range(args.layers):
        for kv in ("key", "value"):
            inputs.append(helper.make_tensor_value_info(f"past_key_values.{i}.{kv}", F16, cache))
            outputs.append(helper.make_tensor_value_info(f"present.{i}.{kv}", F16, ["batch_size", KV_HEADS, "total_sequence_length", HEAD_DIM]))
    graph = helper.make_graph(nodes, "llama-3.1-8b-shaped", inputs, outputs, inits)
    model = helper.make_model(graph, opset_imports=[helper.make_opsetid("", 17), helper.make_opsetid("com.microsoft", 1)],
                              producer_name="wattlayer tests/tools/make_llama_decoder.py")
    model.ir_version = 8
    onnx.save(model, args.out)


if __name__ == "__main__":
    main()
