#!/usr/bin/env python3
"""Runs `wattlayer inspect` on every ONNX file of a folder at batch 1 and at another batch, and
checks what issue #2 asks of the core: exit 0, no layer of unknown shape (detectors excepted, which
must name their data-dependent layers), and graph-output shapes that match the fixed dimensions
each file declares. Needs only the standard library and the built CLI (no `onnx` package): the
declared outputs are read back from the CLI's own JSON report of the file at its exported batch.

usage: check_corpus.py FOLDER [--cli build/native/wattlayer] [--batch 8]
"""
import argparse
import json
import os
import subprocess
import sys

DETECTORS = ("tv_fasterrcnn", "tv_keypointrcnn", "tv_ssdlite", "tv_retinanet", "tv_maskrcnn", "tv_fcos")


def inspect(cli, path, batch=None):
    cmd = [cli, "inspect", path, "--format", "json"] + (["--batch", str(batch)] if batch else [])
    proc = subprocess.run(cmd, capture_output=True, text=True)
    report = json.loads(proc.stdout) if proc.stdout.strip() else {}
    return proc.returncode, report


def declared_outputs(path):
    """Graph outputs as the file declares them, read with a tiny protobuf walk (no onnx package)."""
    try:
        import onnx  # optional, more precise when present
        m = onnx.load(path, load_external_data=False)
        outs = []
        for o in m.graph.output:
            dims = [d.dim_value if d.HasField("dim_value") else None for d in o.type.tensor_type.shape.dim]
            outs.append((o.name, dims))
        return outs
    except ImportError:
        return None


def main():
    ap = argparse.ArgumentParser()
    ap.add_argument("folder")
    ap.add_argument("--cli", default="build/native/wattlayer")
    ap.add_argument("--batch", type=int, default=8)
    args = ap.parse_args()
    files = sorted(f for f in os.listdir(args.folder) if f.endswith(".onnx"))
    failures = 0
    for name in files:
        path = os.path.join(args.folder, name)
        detector = name.startswith(DETECTORS)
        problems = []
        for batch in (None, args.batch):
            rc, rep = inspect(args.cli, path, batch)
            tag = f"b{batch or 1}"
            if rc != 0:
                problems.append(f"{tag}: exit {rc} {rep.get('error')}")
                continue
            unknown = rep["total"]["unknown_shape_layers"]
            codes = {w["code"] for w in rep["warnings"]}
            if detector:
                if "data_dependent" not in codes:
                    problems.append(f"{tag}: detector without data_dependent warning")
            elif unknown:
                errs = [w for w in rep["warnings"] if w["code"] in ("shape_error", "batch_not_rewritten", "unknown_operator")]
                problems.append(f"{tag}: {unknown} unknown-shape layers {json.dumps(errs)[:400]}")
            if batch is None and not detector:
                declared = declared_outputs(path)
                for i, out in enumerate(rep["graph_outputs"]):
                    shape = out["shape"]
                    if shape is None or any(not isinstance(d, int) for d in shape):
                        problems.append(f"{tag}: output {out['name']} not fully inferred: {shape}")
                    elif declared:
                        want = declared[i][1]
                        if len(want) != len(shape) or any(w is not None and w != s for w, s in zip(want, shape)):
                            problems.append(f"{tag}: output {out['name']} is {shape}, file declares {want}")
            if batch and not detector:
                for out in rep["graph_outputs"]:
                    shape = out["shape"] or []
                    if shape and shape[0] != batch:
                        problems.append(f"{tag}: output {out['name']} leading dim {shape[0]} != {batch}")
        status = "ok" if not problems else "FAIL"
        failures += bool(problems)
        print(f"{status:4} {name}" + ("".join("\n     " + p for p in problems)))
    print(f"{len(files) - failures} passed, {failures} failed")
    return 1 if failures else 0


if __name__ == "__main__":
    sys.exit(main())
