#!/usr/bin/python3
"""Writes the generation fixtures: one tiny GPT-style decoder (vocabulary 512, hidden 64, 2 layers, 4 heads
of 16, MLP 256 with GELU, learned positions up to 2048, LayerNorm, untied LM head [64, 512] on every
position) with an explicit KV cache, in the four forms a generation pipeline meets:

  decoder_model.onnx             the first (prefill) pass, no cache inputs (torch.onnx.export)
  decoder_with_past_model.onnx   the decode pass: past_key_values.{i}.key/value in, present out (torch.onnx.export)
  decoder_model_merged.onnx      Optimum's merged form: one If on use_cache_branch over the two above (onnx.helper)
  decoder_gqa.onnx               onnxruntime-genai's form: com.microsoft GroupQueryAttention, 4 query heads
                                 over 2 KV heads (onnx.helper; torch cannot export the contrib op)

and README.md beside them. Deterministic: torch.manual_seed(0), numpy seed 0. Each file is checked
(onnx.checker, onnx.shape_inference) and run by a small numpy interpreter (below) against eager PyTorch
(files 1-3) and against itself (prefill then decode must match one prefill over the whole sequence).
Needs Debian's python3 (python3-torch, python3-onnx); no onnxruntime:

    /usr/bin/python3 tests/tools/make_decoders.py [OUT_DIR]      (default tests/fixtures/generation)
"""
import collections
import hashlib
import io
import math
import os
import sys
from pathlib import Path

import numpy as np
import onnx
import onnx.external_data_helper
import torch
from onnx import TensorProto, helper, mapping, numpy_helper

VOCAB, HIDDEN, LAYERS, HEADS, HEAD_DIM, MLP, POSITIONS = 512, 64, 2, 4, 16, 256, 2048
KV_HEADS = 2  # the GQA file only
OPSET = 17
ROOT = Path(__file__).resolve().parents[2]
EMBEDDINGS = ("wte.weight", "wpe.weight")  # token and position tables, in every file under these names
OUTPUTS = ["logits"] + [f"present.{i}.{kv}" for i in range(LAYERS) for kv in ("key", "value")]
PASTS = [f"past_key_values.{i}.{kv}" for i in range(LAYERS) for kv in ("key", "value")]


# ---------------------------------------------------------------------------------------------------
# The PyTorch decoder (files 1 and 2)

class Block(torch.nn.Module):
    def __init__(self):
        super().__init__()
        self.ln_1 = torch.nn.LayerNorm(HIDDEN)
        self.q_proj = torch.nn.Linear(HIDDEN, HIDDEN)
        self.k_proj = torch.nn.Linear(HIDDEN, HIDDEN)
        self.v_proj = torch.nn.Linear(HIDDEN, HIDDEN)
        self.o_proj = torch.nn.Linear(HIDDEN, HIDDEN)
        self.ln_2 = torch.nn.LayerNorm(HIDDEN)
        self.fc_in = torch.nn.Linear(HIDDEN, MLP)
        self.act = torch.nn.GELU()
        self.fc_out = torch.nn.Linear(MLP, HIDDEN)

    def forward(self, x, allowed, past):
        b, s = x.shape[0], x.shape[1]
        h = self.ln_1(x)
        q = self.q_proj(h).view(b, s, HEADS, HEAD_DIM).transpose(1, 2)
        k = self.k_proj(h).view(b, s, HEADS, HEAD_DIM).transpose(1, 2)
        v = self.v_proj(h).view(b, s, HEADS, HEAD_DIM).transpose(1, 2)
        if past is not None:
            k = torch.cat([past[0], k], dim=2)
            v = torch.cat([past[1], v], dim=2)
        scores = torch.matmul(q, k.transpose(2, 3)) / math.sqrt(HEAD_DIM)
        scores = scores.masked_fill(~allowed, torch.finfo(torch.float32).min)
        a = torch.matmul(torch.softmax(scores, dim=-1), v).transpose(1, 2).reshape(b, s, HIDDEN)
        x = x + self.o_proj(a)
        x = x + self.fc_out(self.act(self.fc_in(self.ln_2(x))))
        return x, k, v


class Decoder(torch.nn.Module):
    def __init__(self):
        super().__init__()
        self.wte = torch.nn.Embedding(VOCAB, HIDDEN)
        self.wpe = torch.nn.Embedding(POSITIONS, HIDDEN)
        self.h = torch.nn.ModuleList(Block() for _ in range(LAYERS))
        self.ln_f = torch.nn.LayerNorm(HIDDEN)
        self.lm_head = torch.nn.Linear(HIDDEN, VOCAB, bias=False)
        for m in self.modules():  # trained-looking norms; torch's export would also fold identical ones/zeros into one tensor
            if isinstance(m, torch.nn.LayerNorm):
                torch.nn.init.normal_(m.weight, 1.0, 0.02)
                torch.nn.init.normal_(m.bias, 0.0, 0.02)

    def forward(self, input_ids, attention_mask, *past_flat):
        """past_flat: past_key_values.0.key, .0.value, .1.key, ... ([B, heads, past, head_dim]) or nothing."""
        past = [past_flat[2 * i:2 * i + 2] for i in range(LAYERS)] if past_flat else [None] * LAYERS
        s = input_ids.shape[1]
        past_length = past_flat[0].shape[2] if past_flat else 0
        positions = torch.arange(past_length, past_length + s, dtype=torch.long)  # Shape, Gather, Add, Range
        keys = torch.arange(attention_mask.shape[1], dtype=torch.long)
        causal = keys.unsqueeze(0) <= positions.unsqueeze(1)  # [S, T]
        allowed = causal.unsqueeze(0).unsqueeze(0) & attention_mask.bool().unsqueeze(1).unsqueeze(2)  # [B, 1, S, T]
        x = self.wte(input_ids) + self.wpe(positions)
        presents = []
        for block, p in zip(self.h, past):
            x, k, v = block(x, allowed, p)
            presents += [k, v]
        return (self.lm_head(self.ln_f(x)), *presents)


def export(name, model, args, input_names, dynamic_axes):
    f = io.BytesIO()
    torch.onnx.export(model, args, f, input_names=input_names, output_names=OUTPUTS, dynamic_axes=dynamic_axes,
                      opset_version=OPSET, do_constant_folding=True)
    m = onnx.load_from_string(f.getvalue())
    # Name every graph input and output axis as written in dynamic_axes (torch names some itself).
    for vi in list(m.graph.input) + list(m.graph.output):
        for axis, symbol in dynamic_axes.get(vi.name, {}).items():
            d = vi.type.tensor_type.shape.dim[axis]
            d.Clear()
            d.dim_param = symbol
    m.producer_name, m.producer_version = "wattlayer-fixtures (torch.onnx.export)", torch.__version__
    m.graph.name = name
    return m


def decoder_model(model):
    ids = torch.randint(0, VOCAB, (2, 3))
    axes = {"input_ids": {0: "batch_size", 1: "sequence_length"}, "attention_mask": {0: "batch_size", 1: "sequence_length"},
            "logits": {0: "batch_size", 1: "sequence_length"}}
    axes.update({o: {0: "batch_size", 2: "sequence_length"} for o in OUTPUTS[1:]})
    return export("decoder_model", model, (ids, torch.ones_like(ids)), ["input_ids", "attention_mask"], axes)


def decoder_with_past_model(model):
    ids = torch.randint(0, VOCAB, (2, 2))
    mask = torch.ones(2, 7, dtype=torch.long)
    past = tuple(torch.randn(2, HEADS, 5, HEAD_DIM) for _ in PASTS)
    axes = {"input_ids": {0: "batch_size", 1: "sequence_length"}, "attention_mask": {0: "batch_size", 1: "total_sequence_length"},
            "logits": {0: "batch_size", 1: "sequence_length"}}
    axes.update({p: {0: "batch_size", 2: "past_sequence_length"} for p in PASTS})
    axes.update({o: {0: "batch_size", 2: "total_sequence_length"} for o in OUTPUTS[1:]})
    return export("decoder_with_past_model", model, (ids, mask) + past, ["input_ids", "attention_mask"] + PASTS, axes)


# ---------------------------------------------------------------------------------------------------
# Optimum's merged decoder (file 3)

def rename_graph(graph, prefix, keep):
    """Prefixes every tensor the graph defines (node outputs, initializers, value_info) and every node
    name with prefix, except the names in keep."""
    defined = {o for n in graph.node for o in n.output if o} | {t.name for t in graph.initializer}
    new = {n: n if n in keep else prefix + ("" if n.startswith("/") else "/") + n for n in defined}
    for n in graph.node:
        n.input[:] = [new.get(i, i) for i in n.input]
        n.output[:] = [new.get(o, o) for o in n.output]
        if n.name:
            n.name = prefix + ("" if n.name.startswith("/") else "/") + n.name
    for t in graph.initializer:
        t.name = new[t.name]
    for vi in graph.value_info:
        vi.name = new.get(vi.name, vi.name)
    return new


def merged_model(no_past, with_past):
    """Optimum's merge: the with-past graph's inputs plus use_cache_branch, one If whose then_branch is
    the with-past graph and else_branch the no-past graph; every initializer moved to the outer graph,
    those equal in both (by content) kept once."""
    branches = {}
    outer, by_content = [], {}
    for tag, m in (("with_past", with_past), ("no_past", no_past)):
        g = onnx.GraphProto()
        g.CopyFrom(m.graph)
        rename_graph(g, tag, set(OUTPUTS))
        renames = {}
        for t in g.initializer:
            key = (t.data_type, tuple(t.dims), numpy_helper.to_array(t).tobytes())
            if key not in by_content:
                name = t.name.split("/", 1)[1] if t.name.split("/", 1)[1] not in {o.name for o in outer} else t.name
                nt = onnx.TensorProto()
                nt.CopyFrom(t)
                nt.name = name
                outer.append(nt)
                by_content[key] = name
            renames[t.name] = by_content[key]
        for n in g.node:
            n.input[:] = [renames.get(i, i) for i in n.input]
        del g.initializer[:]
        del g.input[:]
        for vi in g.output:  # rank only: the branches disagree on the cache length
            for d in vi.type.tensor_type.shape.dim:
                d.Clear()
        g.name = tag
        branches[tag] = g
    if_node = helper.make_node("If", ["use_cache_branch"], OUTPUTS, name="optimum::if",
                               then_branch=branches["with_past"], else_branch=branches["no_past"])
    inputs = list(with_past.graph.input) + [helper.make_tensor_value_info("use_cache_branch", TensorProto.BOOL, [1])]
    graph = helper.make_graph([if_node], "decoder_model_merged", inputs, list(with_past.graph.output), outer)
    m = helper.make_model(graph, opset_imports=[helper.make_opsetid("", OPSET)],
                          producer_name="wattlayer-fixtures (merged as Optimum's merge_decoders)")
    m.ir_version = with_past.ir_version
    return m


# ---------------------------------------------------------------------------------------------------
# onnxruntime-genai's decoder with GroupQueryAttention (file 4)

def gqa_model():
    rng = np.random.default_rng(0)
    inits, nodes, value_info = [], [], []

    def weight(name, shape, scale=0.05, offset=0.0):
        inits.append(numpy_helper.from_array((offset + scale * rng.standard_normal(shape)).astype(np.float32), name))
        return name

    def const(name, value):
        inits.append(numpy_helper.from_array(np.asarray(value), name))
        return name

    def node(op, ins, outs, name, domain=None, **attrs):
        nodes.append(helper.make_node(op, ins, outs, name=name, domain=domain, **attrs))
        return outs[0]

    def linear(x, prefix, n_in, n_out, bias=True):
        y = node("MatMul", [x, weight(f"{prefix}.MatMul.weight", [n_in, n_out])], [f"{prefix}/MatMul/output_0"], f"{prefix}/MatMul")
        if bias:
            y = node("Add", [y, weight(f"{prefix}.Add.bias", [n_out])], [f"{prefix}/Add/output_0"], f"{prefix}/Add")
        return y

    def layer_norm(x, prefix):
        return node("LayerNormalization", [x, weight(f"{prefix}.weight", [HIDDEN], 0.02, 1.0), weight(f"{prefix}.bias", [HIDDEN], 0.02)],
                    [f"{prefix}/output_0"], prefix, axis=-1, epsilon=1e-5)

    const("one_i64", np.int64(1))
    const("two_i64", np.int64(2))
    const("axes_1", np.array([1], np.int64))
    for name, value in (("sqrt2", math.sqrt(2.0)), ("one_f", 1.0), ("half_f", 0.5)):  # Constant nodes, as torch writes them
        node("Constant", [], [name], f"/model/constants/{name}", value=numpy_helper.from_array(np.array(value, np.float32), name))
    weight("wte.weight", [VOCAB, HIDDEN], 0.5)
    weight("wpe.weight", [POSITIONS, HIDDEN], 0.5)
    # seqlens_k = ReduceSum(attention_mask, 1) - 1, total_sequence_length = Shape(attention_mask)[1], both int32
    node("ReduceSum", ["attention_mask", "axes_1"], ["/model/attn_mask_reformat/ReduceSum/output_0"], "/model/attn_mask_reformat/ReduceSum", keepdims=0)
    node("Sub", ["/model/attn_mask_reformat/ReduceSum/output_0", "one_i64"], ["/model/attn_mask_reformat/Sub/output_0"], "/model/attn_mask_reformat/Sub")
    node("Cast", ["/model/attn_mask_reformat/Sub/output_0"], ["seqlens_k"], "/model/attn_mask_reformat/Cast", to=TensorProto.INT32)
    node("Shape", ["attention_mask"], ["/model/attn_mask_reformat/Shape/output_0"], "/model/attn_mask_reformat/Shape")
    node("Gather", ["/model/attn_mask_reformat/Shape/output_0", "one_i64"], ["/model/attn_mask_reformat/Gather/output_0"], "/model/attn_mask_reformat/Gather", axis=0)
    node("Cast", ["/model/attn_mask_reformat/Gather/output_0"], ["total_seq_len"], "/model/attn_mask_reformat/Cast_1", to=TensorProto.INT32)
    # positions = Range(past_length, past_length + sequence_length)
    node("Shape", ["past_key_values.0.key"], ["/model/pos/Shape/output_0"], "/model/pos/Shape")
    node("Gather", ["/model/pos/Shape/output_0", "two_i64"], ["/model/pos/past_length"], "/model/pos/Gather", axis=0)
    node("Shape", ["input_ids"], ["/model/pos/Shape_1/output_0"], "/model/pos/Shape_1")
    node("Gather", ["/model/pos/Shape_1/output_0", "one_i64"], ["/model/pos/sequence_length"], "/model/pos/Gather_1", axis=0)
    node("Add", ["/model/pos/past_length", "/model/pos/sequence_length"], ["/model/pos/end"], "/model/pos/Add")
    node("Range", ["/model/pos/past_length", "/model/pos/end", "one_i64"], ["/model/pos/position_ids"], "/model/pos/Range")
    node("Gather", ["wte.weight", "input_ids"], ["/model/embed/tokens"], "/model/embed/Gather", axis=0)
    node("Gather", ["wpe.weight", "/model/pos/position_ids"], ["/model/embed/positions"], "/model/embed/Gather_1", axis=0)
    x = node("Add", ["/model/embed/tokens", "/model/embed/positions"], ["/model/embed/output_0"], "/model/embed/Add")
    for i in range(LAYERS):
        p = f"/model/layers.{i}"
        h = layer_norm(x, f"{p}/input_layernorm")
        q = linear(h, f"{p}/attn/q_proj", HIDDEN, HEADS * HEAD_DIM)
        k = linear(h, f"{p}/attn/k_proj", HIDDEN, KV_HEADS * HEAD_DIM)
        v = linear(h, f"{p}/attn/v_proj", HIDDEN, KV_HEADS * HEAD_DIM)
        a = node("GroupQueryAttention", [q, k, v, f"past_key_values.{i}.key", f"past_key_values.{i}.value", "seqlens_k", "total_seq_len"],
                 [f"{p}/attn/GroupQueryAttention/output_0", f"present.{i}.key", f"present.{i}.value"], f"{p}/attn/GroupQueryAttention",
                 domain="com.microsoft", num_heads=HEADS, kv_num_heads=KV_HEADS)
        value_info.append(helper.make_tensor_value_info(a, TensorProto.FLOAT, ["batch_size", "sequence_length", HEADS * HEAD_DIM]))
        a = linear(a, f"{p}/attn/o_proj", HEADS * HEAD_DIM, HIDDEN)
        x = node("Add", [x, a], [f"{p}/residual_add/output_0"], f"{p}/residual_add")
        h = layer_norm(x, f"{p}/post_attention_layernorm")
        h = linear(h, f"{p}/mlp/fc1", HIDDEN, MLP)
        g = f"{p}/mlp/act"  # GELU as torch exports it: x * 0.5 * (1 + erf(x / sqrt 2))
        node("Div", [h, "sqrt2"], [f"{g}/Div/output_0"], f"{g}/Div")
        node("Erf", [f"{g}/Div/output_0"], [f"{g}/Erf/output_0"], f"{g}/Erf")
        node("Add", [f"{g}/Erf/output_0", "one_f"], [f"{g}/Add/output_0"], f"{g}/Add")
        node("Mul", [h, f"{g}/Add/output_0"], [f"{g}/Mul/output_0"], f"{g}/Mul")
        h = node("Mul", [f"{g}/Mul/output_0", "half_f"], [f"{g}/Mul_1/output_0"], f"{g}/Mul_1")
        h = linear(h, f"{p}/mlp/fc2", MLP, HIDDEN)
        x = node("Add", [x, h], [f"{p}/residual_add_1/output_0"], f"{p}/residual_add_1")
    x = layer_norm(x, "/model/layers.2/final_norm")
    nodes.append(helper.make_node("MatMul", [x, weight("lm_head.MatMul.weight", [HIDDEN, VOCAB])], ["logits"], name="/lm_head/MatMul"))
    cache = ["batch_size", KV_HEADS, "past_sequence_length", HEAD_DIM]
    inputs = ([helper.make_tensor_value_info("input_ids", TensorProto.INT64, ["batch_size", "sequence_length"]),
               helper.make_tensor_value_info("attention_mask", TensorProto.INT64, ["batch_size", "total_sequence_length"])]
              + [helper.make_tensor_value_info(n, TensorProto.FLOAT, cache) for n in PASTS])
    outputs = ([helper.make_tensor_value_info("logits", TensorProto.FLOAT, ["batch_size", "sequence_length", VOCAB])]
               + [helper.make_tensor_value_info(n, TensorProto.FLOAT, ["batch_size", KV_HEADS, "total_sequence_length", HEAD_DIM]) for n in OUTPUTS[1:]])
    graph = helper.make_graph(nodes, "decoder_gqa", inputs, outputs, inits, value_info=value_info)
    m = helper.make_model(graph, opset_imports=[helper.make_opsetid("", OPSET), helper.make_opsetid("com.microsoft", 1)],
                          producer_name="wattlayer-fixtures (onnxruntime-genai form)")
    m.ir_version = 8
    return m


# ---------------------------------------------------------------------------------------------------
# A numpy interpreter for the operators these files use (no onnxruntime here; onnx 1.12 has no onnx.reference)

def _np_type(t):
    return mapping.TENSOR_TYPE_TO_NP_TYPE[t]


def _slice(x, starts, ends, axes=None, steps=None):
    axes = range(len(starts)) if axes is None else axes
    steps = [1] * len(starts) if steps is None else steps
    idx = [slice(None)] * x.ndim
    for s, e, a, st in zip(starts, ends, axes, steps):
        idx[int(a)] = slice(int(s), int(e), int(st))
    return x[tuple(idx)]


def _layer_norm(x, scale, bias=None, axis=-1, epsilon=1e-5, **_):
    axes = tuple(range(axis % x.ndim, x.ndim))
    mean = x.mean(axis=axes, keepdims=True)
    var = ((x - mean) ** 2).mean(axis=axes, keepdims=True)
    y = (x - mean) / np.sqrt(var + epsilon) * scale
    return (y + bias if bias is not None else y).astype(x.dtype)


def _softmax(x, axis=-1):
    e = np.exp(x - x.max(axis=axis, keepdims=True))
    return e / e.sum(axis=axis, keepdims=True)


def _gqa(q, k, v, past_k, past_v, seqlens_k, total, num_heads, kv_num_heads, **_):
    b, s, _ = q.shape
    d = k.shape[2] // kv_num_heads
    q = q.reshape(b, s, num_heads, d).transpose(0, 2, 1, 3)
    k = k.reshape(b, s, kv_num_heads, d).transpose(0, 2, 1, 3)
    v = v.reshape(b, s, kv_num_heads, d).transpose(0, 2, 1, 3)
    pk, pv = np.concatenate([past_k, k], 2), np.concatenate([past_v, v], 2)
    rep = num_heads // kv_num_heads
    scores = q @ np.repeat(pk, rep, axis=1).transpose(0, 1, 3, 2) / np.float32(math.sqrt(d))
    t = pk.shape[2]
    for i in range(b):  # right padding: batch i holds seqlens_k[i] + 1 tokens, the last s of them new
        n = int(seqlens_k[i]) + 1
        pos = n - s + np.arange(s)
        scores[i][:, np.arange(t)[None, :] > pos[:, None]] = np.finfo(np.float32).min
    out = (_softmax(scores) @ np.repeat(pv, rep, axis=1)).transpose(0, 2, 1, 3).reshape(b, s, num_heads * d)
    return out.astype(np.float32), pk, pv


_erf = np.vectorize(math.erf, otypes=[np.float64])
OPS = {
    "Add": lambda a, b: [a + b], "Sub": lambda a, b: [a - b], "Mul": lambda a, b: [a * b],
    "Div": lambda a, b: [a // b if a.dtype.kind in "iu" else a / b], "Pow": lambda a, b: [np.power(a, b).astype(a.dtype)],
    "Sqrt": lambda a: [np.sqrt(a)], "Neg": lambda a: [-a], "Erf": lambda a: [_erf(a).astype(a.dtype)],
    "MatMul": lambda a, b: [a @ b], "Identity": lambda a: [a],
    "Equal": lambda a, b: [a == b], "Less": lambda a, b: [a < b], "LessOrEqual": lambda a, b: [a <= b],
    "Greater": lambda a, b: [a > b], "GreaterOrEqual": lambda a, b: [a >= b],
    "And": lambda a, b: [a & b], "Or": lambda a, b: [a | b], "Not": lambda a: [~a], "Where": lambda c, a, b: [np.where(c, a, b)],
    "Gather": lambda d, i, axis=0: [np.take(d, i, axis=axis)],
    "Shape": lambda x, start=0, end=None: [np.array(x.shape[start:end], np.int64)],
    "Reshape": lambda x, s, allowzero=0: [x.reshape([x.shape[j] if v == 0 and not allowzero else v for j, v in enumerate(s)])],
    "Transpose": lambda x, perm=None: [x.transpose(perm)],
    "Concat": lambda *xs, axis: [np.concatenate(xs, axis)],
    "Unsqueeze": lambda x, axes: [np.expand_dims(x, tuple(int(a) % (x.ndim + len(axes)) for a in axes))],
    "Squeeze": lambda x, axes=None: [np.squeeze(x, None if axes is None else tuple(int(a) for a in axes))],
    "Slice": lambda x, *a: [_slice(x, *a)],
    "Range": lambda s, e, d: [np.arange(s, e, d, dtype=s.dtype)],
    "Cast": lambda x, to: [x.astype(_np_type(to))],
    "ConstantOfShape": lambda s, value=None: [np.full(s, numpy_helper.to_array(value) if value is not None else np.float32(0)).reshape(s)],
    "Constant": lambda value: [numpy_helper.to_array(value)],
    "Expand": lambda x, s: [np.broadcast_to(x, np.broadcast_shapes(x.shape, tuple(s))).copy()],
    "Softmax": lambda x, axis=-1: [_softmax(x, axis)],
    "ReduceSum": lambda x, axes=None, keepdims=1: [x.sum(axis=None if axes is None else tuple(int(a) for a in axes), keepdims=bool(keepdims))],
    "LayerNormalization": lambda *a, **k: [_layer_norm(*a, **k)],
    "GroupQueryAttention": lambda *a, **k: list(_gqa(*a, **k)),
}


def run_graph(graph, env):
    env = dict(env)
    env.update({t.name: numpy_helper.to_array(t) for t in graph.initializer})
    for n in graph.node:
        attrs = {a.name: helper.get_attribute_value(a) for a in n.attribute}
        if n.op_type == "If":
            outs = run_graph(attrs["then_branch"] if bool(env[n.input[0]].reshape(-1)[0]) else attrs["else_branch"], env)
        else:
            outs = OPS[n.op_type](*[env[i] for i in n.input if i], **attrs)
        env.update({o: v for o, v in zip(n.output, outs) if o})
    return [env[o.name] for o in graph.output]


def run(model, feeds):
    return dict(zip([o.name for o in model.graph.output], run_graph(model.graph, feeds)))


# ---------------------------------------------------------------------------------------------------
# Checks

def close(a, b, what, tol=2e-4):
    err = float(np.max(np.abs(np.asarray(a, np.float64) - np.asarray(b, np.float64))))
    assert a.shape == b.shape and err < tol, f"{what}: shapes {a.shape} {b.shape}, max error {err}"
    return err


def save_without_weights(model, path):
    """Saves `model` as the development files are: tensors over 256 bytes moved to an external
    file that is not kept (initializers keep their dims); `model` itself keeps its weights."""
    stripped = onnx.ModelProto()
    stripped.CopyFrom(model)
    graphs = [stripped.graph]
    while graphs:  # the If branches of the merged file hold no weights, but look anyway
        g = graphs.pop()
        for t in g.initializer:
            if len(t.raw_data) > 256 or t.ByteSize() > 512:
                if not t.raw_data:
                    t.raw_data = numpy_helper.to_array(t).tobytes()
                    del t.float_data[:], t.int64_data[:], t.int32_data[:]
                onnx.external_data_helper.set_external_data(t, "weights.bin")
                t.ClearField("raw_data")
                t.data_location = TensorProto.EXTERNAL
        for n in g.node:
            for a in n.attribute:
                graphs.extend([a.g] if a.HasField("g") else [])
                graphs.extend(a.graphs)
    with open(path, "wb") as f:
        f.write(stripped.SerializeToString())


def check_structure(model, path):
    try:
        onnx.checker.check_model(model, full_check=True)
    except Exception as e:  # onnx's checker has no com.microsoft schemas
        if "com.microsoft" not in str(e) and "GroupQueryAttention" not in str(e):
            raise
        onnx.checker.check_model(model, full_check=False)
        print(f"  checker: full_check=False ({str(e).splitlines()[0][:100]})")
    inferred = onnx.shape_inference.infer_shapes(model)
    size = os.path.getsize(path)
    print(f"{path.name}: {size} bytes, {len(model.graph.node)} top-level nodes")

    def dims(vi):
        return [d.dim_param or d.dim_value for d in vi.type.tensor_type.shape.dim]
    for kind, vis in (("in ", inferred.graph.input), ("out", inferred.graph.output)):
        for vi in vis:
            print(f"  {kind} {vi.name:28s} {TensorProto.DataType.Name(vi.type.tensor_type.elem_type):6s} {dims(vi)}")
    return size


def op_counts(graph, counts=None):
    counts = collections.Counter() if counts is None else counts
    for n in graph.node:
        counts[(n.domain + "::" if n.domain else "") + n.op_type] += 1
        for a in n.attribute:
            if a.type == onnx.AttributeProto.GRAPH:
                op_counts(a.g, counts)
    return counts


def param_counts(model):
    """Float initializer elements in the file (all graphs), and the same without the embedding tables."""
    total, emb = 0, 0

    def walk(g):
        nonlocal total, emb
        for t in g.initializer:
            if t.data_type in (TensorProto.FLOAT, TensorProto.FLOAT16, TensorProto.BFLOAT16):
                n = int(np.prod(t.dims)) if t.dims else 1
                total += n
                emb += n if t.name in EMBEDDINGS else 0
        for n in g.node:
            for a in n.attribute:
                if a.type == onnx.AttributeProto.GRAPH:
                    walk(a.g)
    walk(model.graph)
    return total, total - emb


def verify_torch_files(model, no_past, with_past, merged):
    rng = np.random.default_rng(1)
    b, s, extra = 2, 5, 3
    ids = rng.integers(0, VOCAB, (b, s + extra)).astype(np.int64)
    mask = np.ones((b, s + extra), np.int64)
    mask[1, :2] = 0  # left padding in the second row
    with torch.no_grad():
        full = [t.numpy() for t in model(torch.from_numpy(ids), torch.from_numpy(mask))]
        first = [t.numpy() for t in model(torch.from_numpy(ids[:, :s]), torch.from_numpy(mask[:, :s]))]
        past = dict(zip(PASTS, first[1:]))
        second = [t.numpy() for t in model(torch.from_numpy(ids[:, s:]), torch.from_numpy(mask), *[torch.from_numpy(past[p]) for p in PASTS])]
    # torch's own cache: prefill + decode == one pass over everything (at unpadded positions: a padded
    # query sees no key, its uniform softmax depends on how many keys there are)
    close(np.concatenate([first[0], second[0]], 1)[mask == 1], full[0][mask == 1], "torch: prefill+decode vs full")
    feeds1 = {"input_ids": ids[:, :s], "attention_mask": mask[:, :s]}
    feeds2 = {"input_ids": ids[:, s:], "attention_mask": mask, **past}
    errs = []
    for name, m, feeds, want in (("decoder_model", no_past, feeds1, first), ("decoder_with_past_model", with_past, feeds2, second),
                                 ("merged, use_cache_branch=1", merged, {**feeds2, "use_cache_branch": np.array([True])}, second),
                                 ("merged, use_cache_branch=0", merged,
                                  {**feeds1, **{p: np.zeros((b, HEADS, 0, HEAD_DIM), np.float32) for p in PASTS},
                                   "use_cache_branch": np.array([False])}, first)):
        got = run(m, feeds)
        errs += [close(got[o], w, f"{name} {o}") for o, w in zip(OUTPUTS, want)]
        print(f"  numpy run of {name} matches eager torch on {len(OUTPUTS)} outputs")
    return max(errs)


def verify_gqa(model):
    rng = np.random.default_rng(2)
    b, s, extra = 2, 5, 3
    ids = rng.integers(0, VOCAB, (b, s + extra)).astype(np.int64)
    empty = {p: np.zeros((b, KV_HEADS, 0, HEAD_DIM), np.float32) for p in PASTS}
    full = run(model, {"input_ids": ids, "attention_mask": np.ones_like(ids), **empty})
    first = run(model, {"input_ids": ids[:, :s], "attention_mask": np.ones((b, s), np.int64), **empty})
    past = {p: first[o] for p, o in zip(PASTS, OUTPUTS[1:])}
    second = run(model, {"input_ids": ids[:, s:], "attention_mask": np.ones_like(ids), **past})
    err = close(np.concatenate([first["logits"], second["logits"]], 1), full["logits"], "gqa: prefill+decode vs full")
    for o in OUTPUTS[1:]:
        close(second[o], full[o], f"gqa {o}")
    assert second["present.0.key"].shape == (b, KV_HEADS, s + extra, HEAD_DIM)
    print("  numpy run of decoder_gqa: prefill then decode matches one pass over the whole sequence")
    return err


# ---------------------------------------------------------------------------------------------------

README = """# Generation fixtures

A tiny GPT-style decoder with an explicit KV cache, in the four ONNX forms a generation pipeline
(prefill, then one decode step per token) meets. Random weights: only structure, shapes and sizes
matter. Written by `tests/tools/make_decoders.py`; do not edit the files by hand.

Regenerate (Debian's python3 with python3-torch and python3-onnx; no onnxruntime needed):

    /usr/bin/python3 tests/tools/make_decoders.py tests/fixtures/generation

The output is deterministic (`torch.manual_seed(0)`, numpy seed 0; {torch}, onnx {onnx}). The script
checks every file with `onnx.checker` and `onnx.shape_inference`, and runs it with a small numpy
interpreter: files 1-3 match eager PyTorch (within 2e-4), and for every form a
prefill followed by a decode step matches one prefill over the whole sequence.

## Dimensions

| | value |
|---|---|
| vocabulary | {VOCAB} |
| hidden | {HIDDEN} |
| layers | {LAYERS} |
| query heads | {HEADS} |
| KV heads | {HEADS} (files 1-3), {KV_HEADS} (decoder_gqa.onnx) |
| head_dim | {HEAD_DIM} |
| MLP | {HIDDEN} -> {MLP} -> {HIDDEN}, GELU (Erf form) |
| positions | learned table, {POSITIONS} x {HIDDEN} |
| norm | LayerNormalization (opset 17), before attention, before the MLP, final |
| LM head | untied MatMul [{HIDDEN}, {VOCAB}], no bias, on every position |

All files: opset {OPSET}, float32, weights stripped as in the development files (tensors over 256 bytes
point to an external `weights.bin` that is not kept; initializers keep their dims). Dynamic axes: `batch_size`, `sequence_length`
(new tokens), `past_sequence_length`, `total_sequence_length` (past + new).

## Files

{files}

Parameters are the float initializer elements stored in the file (for the merged file: the outer
graph's, each tensor once); "excl. embeddings" leaves out the token table `wte.weight`
({VOCAB} x {HIDDEN} = {wte}) and the position table `wpe.weight` ({POSITIONS} x {HIDDEN} = {wpe}); the LM
head is counted. Scalar constants are Constant nodes, not initializers, so files 1-3 hold exactly the
PyTorch module's {torch_params} parameters ({torch_params_ne} without the two tables); the LayerNorm
weights are random, not ones and zeros, so that torch's export keeps each one (it would share
identical initializers).

The weights (float32) would take {weight_bytes} bytes ({wpe_bytes} of them the position table); the
generator checks the files with them before it strips them.
"""

DESCRIPTIONS = {
    "decoder_model.onnx": "The first (prefill) pass, no cache inputs; `torch.onnx.export` of the PyTorch decoder. "
                          "Positions `Range(0, sequence_length)`; causal and padding mask from `attention_mask`.",
    "decoder_with_past_model.onnx": "The decode pass with a cache (Optimum / transformers.js naming); `torch.onnx.export`. "
                                    "`present = Concat(past, new)` on axis 2; queries of the new tokens against all keys "
                                    "(MatMul, Div, Where, Softmax, MatMul); positions `past_length + Range(sequence_length)` "
                                    "from the past's Shape.",
    "decoder_model_merged.onnx": "Optimum's merged form, built with `onnx.helper` from the two files above: their inputs plus "
                                 "`use_cache_branch` bool [1]; one `If` whose then_branch is the with-past graph and else_branch "
                                 "the no-past graph (which ignores the past inputs). All initializers are in the outer graph, "
                                 "each tensor once; the branches' own tensors are prefixed `with_past/` and `no_past/`, their "
                                 "outputs keep the outer names. With `use_cache_branch` false the caller passes empty pasts "
                                 "and an `attention_mask` as long as `input_ids`.",
    "decoder_gqa.onnx": "onnxruntime-genai's form, built with `onnx.helper`: per layer a `com.microsoft` `GroupQueryAttention` "
                        "(num_heads 4, kv_num_heads 2, no rotary) fed by MatMul+Add projections q 64->64, k 64->32, v 64->32; "
                        "`seqlens_k = Cast<int32>(ReduceSum(attention_mask, 1) - 1)`, `total_sequence_length = "
                        "Cast<int32>(Shape(attention_mask)[1])`. The first pass feeds pasts of length 0. Own random weights "
                        "(numpy seed 0).",
}


def describe(path, model, size, counts, params):
    def dims(vi):
        return "[" + ", ".join(str(d.dim_param or d.dim_value) for d in vi.type.tensor_type.shape.dim) + "]"
    lines = [f"### {path.name}", "", DESCRIPTIONS[path.name], "",
             f"{size} bytes; parameters {params[0]} total, {params[1]} excl. embeddings.", "",
             "| | name | type | shape |", "|---|---|---|---|"]
    for kind, vis in (("in", model.graph.input), ("out", model.graph.output)):
        for vi in vis:
            lines.append(f"| {kind} | `{vi.name}` | {TensorProto.DataType.Name(vi.type.tensor_type.elem_type).lower()} | {dims(vi)} |")
    lines += ["", "Operators (subgraphs included): " + ", ".join(f"{op} {n}" for op, n in sorted(counts.items())), ""]
    return "\n".join(lines)


def main(out):
    out = Path(out)
    out.mkdir(parents=True, exist_ok=True)
    torch.manual_seed(0)
    model = Decoder().eval()
    torch_params = sum(p.numel() for p in model.parameters())
    with torch.no_grad():
        no_past = decoder_model(model)
        with_past = decoder_with_past_model(model)
    merged = merged_model(no_past, with_past)
    gqa = gqa_model()
    files = {"decoder_model.onnx": no_past, "decoder_with_past_model.onnx": with_past,
             "decoder_model_merged.onnx": merged, "decoder_gqa.onnx": gqa}
    sections = []
    for name, m in files.items():
        path = out / name
        save_without_weights(m, path)
        size = check_structure(m, path)
        counts, params = op_counts(m.graph), param_counts(m)
        print("  ops: " + ", ".join(f"{op} {n}" for op, n in sorted(counts.items())))
        print(f"  parameters: {params[0]} total, {params[1]} excluding embeddings; sha256 {hashlib.sha256(path.read_bytes()).hexdigest()[:16]}")
        sections.append(describe(path, m, size, counts, params))
    verify_torch_files(model, no_past, with_past, merged)
    verify_gqa(gqa)
    wte, wpe = VOCAB * HIDDEN, POSITIONS * HIDDEN
    readme = README.format(torch=f"torch {torch.__version__}", onnx=onnx.__version__, VOCAB=VOCAB, HIDDEN=HIDDEN,
                           LAYERS=LAYERS, HEADS=HEADS, KV_HEADS=KV_HEADS, HEAD_DIM=HEAD_DIM, MLP=MLP, POSITIONS=POSITIONS, OPSET=OPSET,
                           files="\n".join(sections), wte=wte, wpe=wpe, torch_params=torch_params,
                           torch_params_ne=torch_params - wte - wpe, weight_bytes=4 * torch_params, wpe_bytes=4 * wpe)
    (out / "README.md").write_text(readme)
    print(f"wrote {len(files)} models and README.md to {out}")


if __name__ == "__main__":
    main(sys.argv[1] if len(sys.argv) > 1 else ROOT / "tests" / "fixtures" / "generation")
