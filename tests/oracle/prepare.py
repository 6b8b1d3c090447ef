#!/usr/bin/python3
"""Writes a copy of one ONNX model that ONNX Runtime can run and that returns every node output.

    /usr/bin/python3 tests/oracle/prepare.py MODEL OUT_ONNX OUT_MAP [--max-weight-mb N]

OUT_ONNX is MODEL with
  (a) every initializer whose data is external or missing (the development files in
      models/data/onnx/ have their weights stripped) zero-filled in place: shapes never depend on
      weight values there, and the runtime needs some data to run;
  (b) every node output of the main graph added as a graph output (a ValueInfoProto with only a
      name: ONNX Runtime infers its type), so the runtime hands back every intermediate tensor;
  (c) everything else as it was.
OUT_MAP is JSON {"nodes": {layer name: [output tensor names]}, "duplicates": [...]}: WattLayer's
report names each layer after its node (an unnamed node is "<op>_<index in graph.node>") but
gives no tensor names, so run.mjs matches layers to runtime outputs through this map. Names that
several nodes share are listed in "duplicates" and left out of "nodes" (no unique counterpart).

Exit 0 when written; exit 3 with the reason on stdout when the model is skipped (zero-filled
weights over --max-weight-mb, a data type that cannot be zero-filled).
"""
import argparse
import collections
import json
import sys

import onnx
from onnx import TensorProto

# Bytes per element of the data types that can be zero-filled as raw_data (STRING cannot).
ITEM_SIZE = {
    TensorProto.FLOAT: 4, TensorProto.UINT8: 1, TensorProto.INT8: 1, TensorProto.UINT16: 2,
    TensorProto.INT16: 2, TensorProto.INT32: 4, TensorProto.INT64: 8, TensorProto.BOOL: 1,
    TensorProto.FLOAT16: 2, TensorProto.DOUBLE: 8, TensorProto.UINT32: 4, TensorProto.UINT64: 8,
    TensorProto.COMPLEX64: 8, TensorProto.COMPLEX128: 16, TensorProto.BFLOAT16: 2,
}
DATA_FIELDS = ["raw_data", "float_data", "int32_data", "int64_data", "double_data", "uint64_data", "string_data"]


def numel(tensor):
    n = 1
    for d in tensor.dims:
        n *= d
    return n


def needs_data(tensor):
    """True when the initializer's values are not in the file (external, or no data field set)."""
    if tensor.data_location == TensorProto.EXTERNAL:
        return True
    return numel(tensor) > 0 and not any(len(getattr(tensor, f)) for f in DATA_FIELDS)


def main():
    ap = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    ap.add_argument("model")
    ap.add_argument("out_onnx")
    ap.add_argument("out_map")
    # wasm32 has a 4 GB heap and protobuf a 2 GB message limit: the runtime holds the model bytes and
    # the weights it unpacks from them, so 1.5 GB of weights is about the most that can run.
    ap.add_argument("--max-weight-mb", type=float, default=1500)
    args = ap.parse_args()

    model = onnx.load(args.model, load_external_data=False)
    graph = model.graph

    # (a) zero-filled weights, after checking their total size
    todo = [t for t in graph.initializer if needs_data(t)]
    total = 0
    for t in todo:
        if t.data_type not in ITEM_SIZE:
            print(f"initializer {t.name!r} has data type {TensorProto.DataType.Name(t.data_type)}, which cannot be zero-filled")
            return 3
        total += numel(t) * ITEM_SIZE[t.data_type]
    if total > args.max_weight_mb * 1e6:
        print(f"zero-filled weights would be {total / 1e6:.0f} MB, over the {args.max_weight_mb:.0f} MB limit")
        return 3
    for t in todo:
        for f in DATA_FIELDS:
            t.ClearField(f)
        del t.external_data[:]
        t.data_location = TensorProto.DEFAULT
        t.raw_data = bytes(numel(t) * ITEM_SIZE[t.data_type])

    # (b) every node output as a graph output; the layer name -> outputs map
    outputs = {o.name for o in graph.output}
    nodes, seen = {}, collections.Counter()
    for index, node in enumerate(graph.node):
        name = node.name or f"{node.op_type}_{index}"
        seen[name] += 1
        nodes[name] = list(node.output)
        for out in node.output:
            if out and out not in outputs:
                graph.output.add().name = out
                outputs.add(out)
    duplicates = sorted(n for n, c in seen.items() if c > 1)
    for n in duplicates:
        del nodes[n]

    onnx.save(model, args.out_onnx)
    with open(args.out_map, "w") as f:
        json.dump({"nodes": nodes, "duplicates": duplicates}, f)
    return 0


if __name__ == "__main__":
    sys.exit(main())
