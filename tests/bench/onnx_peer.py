#!/usr/bin/python3
"""A benchmark peer: the Python `onnx` package (load without external weights, then shape
inference) on each file; prints {"FILE": median_ms | null, ...} as JSON. Used by bench.mjs.

usage: /usr/bin/python3 tests/bench/onnx_peer.py --repeat N FILE...
needs: Debian's python3-onnx
"""
import argparse
import json
import statistics
import time

import onnx
from onnx import shape_inference


def shapes_json(model):
    """Every inferred shape of the graph (inputs, intermediate values, outputs) as JSON text, as
    WattLayer's report writes its layers' shapes: a symbol stays a string, an unknown dim is null."""
    def dims(value):
        t = value.type.tensor_type
        if not t.HasField("shape"):
            return None
        return [d.dim_value if d.HasField("dim_value") else (d.dim_param or None) for d in t.shape.dim]
    g = model.graph
    shapes = [{"name": v.name, "shape": dims(v)} for v in list(g.input) + list(g.value_info) + list(g.output)]
    return json.dumps({"shapes": shapes}, indent=2)


def median_ms(path, repeat, report=False):
    """Median ms of load + infer_shapes (+ writing every inferred shape as JSON with `report`)."""
    samples = []
    for _ in range(repeat):
        start = time.perf_counter()
        model = onnx.load(path, load_external_data=False)
        inferred = shape_inference.infer_shapes(model)
        if report:
            shapes_json(inferred)
        samples.append((time.perf_counter() - start) * 1000)
        del model, inferred
    return statistics.median(samples)


def main():
    ap = argparse.ArgumentParser()
    ap.add_argument("--repeat", type=int, default=5)
    ap.add_argument("files", nargs="+")
    args = ap.parse_args()
    out = {}
    for path in args.files:
        try:
            out[path] = median_ms(path, args.repeat)
        except Exception as e:  # a file the package cannot take is a missing figure, not a crash
            out[path] = None
            print(f"onnx: {path}: {e}", file=__import__("sys").stderr)
    print(json.dumps({"onnx_version": onnx.__version__, "ms": out}))


if __name__ == "__main__":
    main()
