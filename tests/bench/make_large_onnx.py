#!/usr/bin/python3
"""Makes a large ONNX file with every weight inline, from a real graph whose weights are external.

The development graphs (../shared/onnx) carry no weights. This writes one of them with random
float32 weights of the right shapes inside the file, as a user's exported model would be, to
test and benchmark what users drop: files up to the 2 GB one protobuf file allows.

With --copies N the file holds N independent copies of the graph side by side, their names
prefixed "copy1/", "copy2/", ...: an ensemble, which is how a single real graph reaches ~1.9 GB.
The outputs are large: write them outside the repository (they are never committed).

usage: /usr/bin/python3 tests/bench/make_large_onnx.py SOURCE.onnx OUT.onnx [--copies N]
example (the benchmark's two files, about 0.5 and 1.9 GB):
  make_large_onnx.py ../shared/onnx/hf_bloom_small_b1.onnx /tmp/large/bloom_small_inline.onnx
  make_large_onnx.py ../shared/onnx/hf_qwen2_small_b1.onnx /tmp/large/qwen2_small_x2_inline.onnx --copies 2
needs: Debian's python3-onnx and python3-numpy
"""
import argparse
import os
import sys

import numpy as np
import onnx
from onnx import TensorProto, compose, helper

DTYPES = {TensorProto.FLOAT: np.float32, TensorProto.FLOAT16: np.float16, TensorProto.DOUBLE: np.float64,
          TensorProto.INT64: np.int64, TensorProto.INT32: np.int32, TensorProto.INT8: np.int8,
          TensorProto.UINT8: np.uint8, TensorProto.BOOL: np.bool_}
PROTOBUF_LIMIT = 2**31 - 1


def inline_weights(model, rng):
    """Gives every external initializer random contents of its shape, stored as raw_data."""
    for t in model.graph.initializer:
        if t.data_location != TensorProto.EXTERNAL:
            continue
        dtype = DTYPES.get(t.data_type)
        if dtype is None:
            sys.exit(f"initializer {t.name}: data type {t.data_type} is not supported here")
        count = int(np.prod(t.dims)) if len(t.dims) else 1
        if np.issubdtype(dtype, np.floating):
            values = (rng.standard_normal(count, dtype=np.float32) * 0.02).astype(dtype)
        else:
            values = np.zeros(count, dtype=dtype)  # integer weights: indices and masks, zero is valid
        del t.external_data[:]
        t.data_location = TensorProto.DEFAULT
        t.raw_data = values.tobytes()


def ensemble(model, copies):
    """N copies of the graph side by side, each with its own prefixed names."""
    if copies == 1:
        return model
    parts = [compose.add_prefix(model, f"copy{i + 1}/") for i in range(copies)]
    graph = helper.make_graph(
        nodes=[n for p in parts for n in p.graph.node],
        name=f"{model.graph.name}_x{copies}",
        inputs=[i for p in parts for i in p.graph.input],
        outputs=[o for p in parts for o in p.graph.output],
        initializer=[t for p in parts for t in p.graph.initializer],
        value_info=[v for p in parts for v in p.graph.value_info])
    out = helper.make_model(graph, opset_imports=model.opset_import, producer_name=model.producer_name)
    out.ir_version = model.ir_version
    return out


def main():
    ap = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    ap.add_argument("source")
    ap.add_argument("out")
    ap.add_argument("--copies", type=int, default=1)
    ap.add_argument("--seed", type=int, default=0)
    args = ap.parse_args()

    model = onnx.load(args.source, load_external_data=False)
    model = ensemble(model, args.copies)
    inline_weights(model, np.random.default_rng(args.seed))
    size = model.ByteSize()
    if size > PROTOBUF_LIMIT:
        sys.exit(f"{size / 1e9:.2f} GB is over the 2 GB a protobuf file may hold: use fewer copies")
    os.makedirs(os.path.dirname(os.path.abspath(args.out)), exist_ok=True)
    with open(args.out, "wb") as f:
        f.write(model.SerializeToString())
    print(f"{args.out}: {size / 1e9:.2f} GB, {len(model.graph.node)} nodes, "
          f"{len(model.graph.initializer)} initializers inline")


if __name__ == "__main__":
    main()
