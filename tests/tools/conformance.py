#!/usr/bin/python3
"""ONNX's own conformance data as an oracle for WattLayer's shape inference.

Unpacks the archives of tests/conformance/ (ONNX's node tests of onnx 1.12, the newer node tests,
and the repository's model folders), builds each case's **bound** variant (declared output
shapes and value_info removed; every graph input that an operator reads by value to decide a
shape turned into an initializer holding the test's own value, as an exporter writes it), runs
`wattlayer inspect` on it and compares the dims of every tensor output with `output_N.pb`.

A case passes when every tensor output's dims are exactly the expected ones; it is wrong when an
output's rank or a known dim differs; unknown otherwise (or when the CLI gives a clean error).
Cases whose outputs are all sequences or optionals are counted apart. A crash (a signal, or an
`internal` error) fails the run, as does any wrong shape or a pass rate under a --floor.

    /usr/bin/python3 tests/tools/conformance.py WATTLAYER_CLI WORK_DIR [--floor SET=PERCENT ...]
                     [--table core/docs/conformance.md] [--write]

--table checks that the generated per-operator table matches the file (--write rewrites it).
"""
import argparse
import collections
import concurrent.futures
import json
import os
import pathlib
import re
import subprocess
import sys
import tarfile

import onnx
from onnx import defs

ROOT = pathlib.Path(__file__).resolve().parents[2]
ARCHIVES = ["onnx-node-1.12.tar.xz", "onnx-node-newer.tar.xz", "onnx-repo-data.tar.xz"]
SETS = {"node-1.12": "ONNX 1.12 node tests", "repo": "ONNX repository models (light, pytorch-converted, pytorch-operator, simple)",
        "newer": "newer node tests (operators and opsets after 1.12, repeats of 1.12 cases left out)"}
# onnx.shape_inference.infer_shapes (1.12) on the same cases, bound variant (tests/conformance/README.md).
ONNX_OWN = "onnx's own `infer_shapes` (1.12): 89.6% on the 1.12 node set and the repository folders together"

# Inputs an operator reads by value to decide its output shape (ONNX specification), by position.
SHAPE_INPUTS = {
    "Reshape": [1], "Expand": [1], "Tile": [1], "Slice": [1, 2, 3, 4], "Squeeze": [1], "Unsqueeze": [1],
    "Split": [1], "Pad": [1, 3], "Resize": [1, 2, 3], "Upsample": [1], "TopK": [1], "ConstantOfShape": [0],
    "Range": [0, 1, 2], "OneHot": [1], "NonMaxSuppression": [2], "Col2Im": [1, 2], "CenterCropPad": [1],
    "AffineGrid": [1], "MaxUnpool": [2], "DFT": [1, 2], "STFT": [1, 3], "HannWindow": [0], "HammingWindow": [0],
    "BlackmanWindow": [0], "MelWeightMatrix": [0, 1], "Compress": [1], "NonZero": [0], "Unique": [0],
    "SplitToSequence": [1], "Loop": [0, 1], "If": [0],
    **{op: [1] for op in ["ReduceSum", "ReduceMean", "ReduceMax", "ReduceMin", "ReduceProd", "ReduceL1", "ReduceL2",
                          "ReduceLogSum", "ReduceLogSumExp", "ReduceSumSquare"]},
}


def unpack(work):
    """The archives, unpacked once into WORK/cases (again when an archive is newer)."""
    out = work / "cases"
    stamp = out / ".unpacked"
    sources = [ROOT / "tests" / "conformance" / a for a in ARCHIVES]
    if stamp.exists() and all(s.stat().st_mtime <= stamp.stat().st_mtime for s in sources):
        return out
    out.mkdir(parents=True, exist_ok=True)
    for source in sources:
        with tarfile.open(source) as tar:
            tar.extractall(out)
    stamp.touch()
    return out


def opset_of(model):
    return max((o.version for o in model.opset_import if o.domain in ("", "ai.onnx")), default=0)


def cases(root):
    """(set, name, model path, expected output paths, input paths) of every case."""
    found = []
    for folder in sorted((root / "node_gen" / "node").iterdir()):
        found.append(("node-1.12", folder.name, folder / "model.onnx", folder / "test_data_set_0"))
    seen = {(name, opset_of(onnx.load(str(path)))) for _, name, path, _ in found}
    for folder in sorted((root / "newer_all" / "node").iterdir()):
        path = folder / "model.onnx"
        if (folder.name, opset_of(onnx.load(str(path)))) not in seen:
            found.append(("newer", folder.name, path, folder / "test_data_set_0"))
    for group in ["pytorch-converted", "pytorch-operator", "simple"]:
        for folder in sorted((root / "data" / group).iterdir()):
            if (folder / "model.onnx").exists():
                found.append(("repo", f"{group}/{folder.name}", folder / "model.onnx", folder / "test_data_set_0"))
    for path in sorted((root / "data" / "light").glob("light_*.onnx")):
        found.append(("repo", f"light/{path.stem}", path, path.parent / (path.stem + "_output_0.pb")))
    return found


def read_proto(path, proto):
    message = proto()
    message.ParseFromString(path.read_bytes())
    return message


def expected_outputs(model, data):
    """Per graph output: its expected dims (a list), or None for a sequence or optional output."""
    expected = []
    for i, output in enumerate(model.graph.output):
        path = data if data.is_file() else data / f"output_{i}.pb"
        if not output.type.HasField("tensor_type") or not path.exists():
            expected.append(None)
            continue
        expected.append(list(read_proto(path, onnx.TensorProto).dims))
    return expected


def bind(model, data, operator):
    """The bound variant of a case, in place (see the module's documentation). An expanded case
    (the operator's function body as nodes) binds the graph inputs at the operator's positions."""
    del model.graph.value_info[:]
    for output in model.graph.output:
        if output.type.HasField("tensor_type"):
            output.type.tensor_type.ClearField("shape")
    if data.is_file():
        return
    initialized = {t.name for t in model.graph.initializer}
    runtime_inputs = [i.name for i in model.graph.input if i.name not in initialized]
    wanted = set()
    for node in model.graph.node:
        if node.domain not in ("", "ai.onnx"):
            continue
        for position in SHAPE_INPUTS.get(node.op_type, []):
            if position < len(node.input) and node.input[position] in runtime_inputs:
                wanted.add(node.input[position])
    if len(model.graph.node) > 1:
        wanted.update(runtime_inputs[p] for p in SHAPE_INPUTS.get(operator, []) if p < len(runtime_inputs))
    for name in sorted(wanted):
        path = data / f"input_{runtime_inputs.index(name)}.pb"
        graph_input = next(i for i in model.graph.input if i.name == name)
        if not path.exists() or not graph_input.type.HasField("tensor_type"):
            continue
        tensor = read_proto(path, onnx.TensorProto)
        tensor.name = name
        model.graph.initializer.append(tensor)
        model.graph.input.remove(graph_input)


def snake(name):
    return re.sub(r"(?<=[a-z0-9])(?=[A-Z])|(?<=[A-Z])(?=[A-Z][a-z])", "_", name).lower()


OPERATOR_NAMES = sorted({s.name for s in defs.get_all_schemas_with_history()} | {
    # operators newer than the onnx package that reads the cases
    "Attention", "RMSNormalization", "RotaryEmbedding", "TensorScatter", "Swish", "BitCast", "CastLike"},
    key=lambda n: -len(snake(n)))


ABBREVIATIONS = {"sce": "SoftmaxCrossEntropyLoss", "nllloss": "NegativeLogLikelihoodLoss"}


def operator_of(case_set, name, model):
    """The operator a case tests: the one a node test is named after, else the folder's name."""
    if case_set == "repo":
        return "(model) " + name.split("/")[0]
    if len(model.graph.node) == 1:
        node = model.graph.node[0]
        return node.op_type if node.domain in ("", "ai.onnx") else f"{node.domain}::{node.op_type}"
    case = name[len("test_"):]
    for prefix, op in ABBREVIATIONS.items():
        if case.startswith(prefix + "_"):
            return op
    for op in OPERATOR_NAMES:
        s = snake(op)
        if case == s or case.startswith(s + "_") or case.replace("_", "").startswith(op.lower()):
            return op
    return "(other)"


def inspect(cli, path):
    """(outcome, shapes or message) of `wattlayer inspect` on one file."""
    run = subprocess.run([cli, "inspect", str(path), "--format", "json"], capture_output=True, text=True)
    if run.returncode < 0:
        return "crash", f"signal {-run.returncode}: {run.stderr.strip()[-300:]}"
    try:
        report = json.loads(run.stdout)
    except json.JSONDecodeError:
        return "crash", f"exit {run.returncode}, no JSON: {(run.stdout + run.stderr).strip()[-300:]}"
    if "error" in report:
        code = report["error"]["code"]
        return ("crash" if code == "internal" else "error"), f"{code}: {report['error']['message']}"
    return "ok", [(o["shape"], o.get("bounded", False)) for o in report["graph_outputs"]]


def judge(shapes, expected):
    """pass, wrong or unknown, over the tensor outputs. An output marked bounded (the most a
    data-dependent size can be) is not exact: unknown, and wrong if a dim is below the true one."""
    verdict = "pass"
    for (shape, bounded), want in zip(shapes, expected):
        if want is None:
            continue
        if shape is None:
            verdict = "unknown" if verdict == "pass" else verdict
            continue
        if len(shape) != len(want):
            return "wrong"
        if bounded:
            if any(isinstance(d, int) and d < w for d, w in zip(shape, want)):
                return "wrong"
            verdict = "unknown" if verdict == "pass" else verdict
            continue
        if any(isinstance(d, int) and d != w for d, w in zip(shape, want)):
            return "wrong"
        if shape != want:
            verdict = "unknown" if verdict == "pass" else verdict
    return verdict


def run_case(cli, bound_dir, case):
    case_set, name, path, data = case
    model = onnx.load(str(path))
    expected = expected_outputs(model, data)
    operator = operator_of(case_set, name, model)
    if all(e is None for e in expected):
        return case_set, name, operator, "sequence", ""
    bind(model, data, operator)
    bound = bound_dir / case_set / (name.replace("/", "__") + ".onnx")
    bound.parent.mkdir(parents=True, exist_ok=True)
    onnx.save(model, str(bound))
    outcome, result = inspect(cli, bound)
    if outcome != "ok":
        return case_set, name, operator, "crash" if outcome == "crash" else "unknown", result
    verdict = judge(result, expected)
    detail = "" if verdict == "pass" else f"got {result}, want {expected}"
    return case_set, name, operator, verdict, detail


def percent(n, d):
    return 100.0 * n / d if d else 100.0


def table_text(results):
    """The generated per-operator table (core/docs/conformance.md)."""
    by_set = collections.defaultdict(collections.Counter)
    by_op = collections.defaultdict(collections.Counter)
    for case_set, _, operator, verdict, _ in results:
        by_set[case_set][verdict] += 1
        by_op[(operator, case_set)][verdict] += 1
    lines = ["# Shape inference on ONNX's conformance cases", "",
             "Generated by `tests/tools/conformance.py` (the `conformance` test fails when this file is stale;",
             "rewrite it with `/usr/bin/python3 tests/tools/conformance.py build/native/wattlayer build/native/conformance --write`).",
             "Every case in its **bound** variant (declared shapes removed, shape-deciding inputs made initializers",
             "with the test's own values); a case passes when every tensor output has exactly the expected dims.",
             "Cases whose outputs are all sequences or optionals are counted apart.", "",
             "| set | cases | exact | unknown | wrong | sequence outputs only |", "|---|---|---|---|---|---|"]
    for case_set in SETS:
        c = by_set[case_set]
        scored = c["pass"] + c["unknown"] + c["wrong"]
        lines.append(f"| {SETS[case_set]} | {scored} | {c['pass']} ({percent(c['pass'], scored):.1f}%) | {c['unknown']} | {c['wrong']} | {c['sequence']} |")
    both = by_set["node-1.12"] + by_set["repo"]
    scored = both["pass"] + both["unknown"] + both["wrong"]
    lines += ["", f"1.12 node set and repository folders together: {both['pass']} of {scored} exact ({percent(both['pass'], scored):.1f}%); {ONNX_OWN}.",
              "", "## Per operator", "", "| operator | set | cases | exact | unknown | wrong |", "|---|---|---|---|---|---|"]
    for (operator, case_set), c in sorted(by_op.items(), key=lambda kv: (kv[0][0].lower(), kv[0][1])):
        scored = c["pass"] + c["unknown"] + c["wrong"]
        if scored:
            lines.append(f"| {operator} | {case_set} | {scored} | {c['pass']} | {c['unknown']} | {c['wrong']} |")
    return "\n".join(lines) + "\n"


def main():
    ap = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    ap.add_argument("cli")
    ap.add_argument("work")
    ap.add_argument("--floor", action="append", default=[], help="SET=PERCENT: fail under this pass rate")
    ap.add_argument("--table", default=str(ROOT / "core" / "docs" / "conformance.md"))
    ap.add_argument("--write", action="store_true", help="rewrite the table instead of checking it")
    ap.add_argument("--jobs", type=int, default=os.cpu_count() or 2)
    a = ap.parse_args()
    work = pathlib.Path(a.work)
    all_cases = cases(unpack(work))
    with concurrent.futures.ThreadPoolExecutor(a.jobs) as pool:
        results = list(pool.map(lambda c: run_case(os.path.abspath(a.cli), work / "bound", c), all_cases))

    failures = []
    for case_set, name, operator, verdict, detail in results:
        if verdict in ("wrong", "crash"):
            failures.append(f"{verdict}: {case_set} {name} ({operator}): {detail}")
    counts = collections.defaultdict(collections.Counter)
    for case_set, _, _, verdict, _ in results:
        counts[case_set][verdict] += 1
    rates = {}
    for case_set in SETS:
        c = counts[case_set]
        scored = c["pass"] + c["unknown"] + c["wrong"]
        rates[case_set] = percent(c["pass"], scored)
        print(f"{case_set}: {c['pass']} of {scored} exact ({rates[case_set]:.1f}%), {c['unknown']} unknown, {c['wrong']} wrong, "
              f"{c['crash']} crashed, {c['sequence']} with sequence outputs only")
    both = counts["node-1.12"] + counts["repo"]
    scored = both["pass"] + both["unknown"] + both["wrong"]
    rates["node-1.12+repo"] = percent(both["pass"], scored)
    print(f"node-1.12+repo: {both['pass']} of {scored} exact ({rates['node-1.12+repo']:.1f}%); {ONNX_OWN}")
    for floor in a.floor:
        name, value = floor.split("=")
        if rates[name] < float(value):
            failures.append(f"pass rate of {name} is {rates[name]:.1f}%, under the floor of {value}%")

    text = table_text(results)
    table = pathlib.Path(a.table)
    if a.write:
        table.write_text(text)
        print(f"written {table}")
    elif not table.exists() or table.read_text() != text:
        failures.append(f"{table} is stale: rewrite it with --write")
    if os.environ.get("CONFORMANCE_UNKNOWN"):
        for case_set, name, operator, verdict, detail in results:
            if verdict == "unknown":
                print(f"unknown: {case_set} {name} ({operator}): {detail[:200]}")
    for f in failures:
        print(f)
    print(f"{len(results)} cases, {len(failures)} failures")
    return 1 if failures else 0


if __name__ == "__main__":
    sys.exit(main())
