#!/usr/bin/python3
"""Benchmark: WattLayer's native core against the Python `onnx` package, same files, same run.

For every .onnx file of FOLDER it prints the median milliseconds of
  - wattlayer: `wattlayer bench` (read the file, infer every shape, count every layer's cost), and
  - onnx: `onnx.load` (without external weights) plus `onnx.shape_inference.infer_shapes`,
and their ratio, then the median speed-up over all files. Then the same end to end, in the same
run: `wattlayer bench --report` (the JSON report written too) against the `onnx` package writing
every inferred shape as JSON.

usage: /usr/bin/python3 tests/bench/compare_onnx.py FOLDER [--repeat 5] [--cli build/native/wattlayer]
needs: Debian's python3-onnx (apt-get install python3-onnx)
"""
import argparse
import json
import os
import statistics
import subprocess
import sys


def main():
    ap = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    ap.add_argument("folder")
    ap.add_argument("--repeat", type=int, default=5)
    ap.add_argument("--cli", default=os.path.join(os.path.dirname(__file__), "..", "..", "build", "native", "wattlayer"))
    args = ap.parse_args()
    try:
        import onnx  # noqa: F401
    except ImportError:
        sys.exit("the onnx package is missing: apt-get install python3-onnx (and run with /usr/bin/python3)")
    from onnx_peer import median_ms  # the timing of the reader benchmark (tests/bench/run.sh)

    for report in (False, True):
        compare(args, median_ms, report)


def compare(args, median_ms, report):
    flags = ["--report"] if report else []
    out = subprocess.run([args.cli, "bench", args.folder, "--repeat", str(args.repeat), "--format", "json", *flags],
                         capture_output=True, text=True, check=True).stdout
    ours = {row["file"]: row for row in json.loads(out)}
    ratios = []
    what = "end to end: read, infer, write the JSON report" if report else "core: read, infer, count"
    print(f"\n{what}\n{'file':48} {'wattlayer ms':>12} {'onnx ms':>10} {'speed-up':>9}")
    for name in sorted(ours):
        if not name.endswith(".onnx"):
            continue
        row = ours[name]
        theirs = median_ms(os.path.join(args.folder, name), args.repeat, report)
        ratio = theirs / row["ms"] if row["ms"] > 0 else float("inf")
        ratios.append(ratio)
        note = f"  (wattlayer error: {row['error']})" if row["error"] else ""
        print(f"{name:48} {row['ms']:12.3f} {theirs:10.3f} {ratio:8.1f}x{note}")
    if ratios:
        print(f"{what}: {len(ratios)} files: median speed-up {statistics.median(ratios):.1f}x, "
              f"min {min(ratios):.1f}x, max {max(ratios):.1f}x (onnx {onnx_version()}, median of {args.repeat} runs each)")


def onnx_version():
    import onnx
    return onnx.__version__


if __name__ == "__main__":
    main()
