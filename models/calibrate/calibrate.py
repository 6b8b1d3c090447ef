#!/usr/bin/python3
"""WattLayer's calibration kit: measure your own GPU, fit a profile for it, load it anywhere.

It follows the protocol of WattLayer's measurements (models/data/MEASUREMENTS.md) on your GPU:
PyTorch eager, torch.inference_mode(), float32 with PyTorch's TF32 defaults; whole-board energy
from the NVML energy counter sampled by a separate process (energy_meter.py). It writes JSONL in the
same schema as models/data/h100 and fits a profile with `wattlayer fit`:

  python3 models/calibrate/calibrate.py --out calib --gpu-id mygpu \\
      --models tv_resnet50,tv_mobilenet_v3_small,tv_vit_b_16 --batches 1,8 --ops --fit
  build/native/wattlayer estimate model.onnx --profile calib/mygpu.json

  --models    architectures of the development set (models/data/h100/models.jsonl names; the
              torchvision ones, "tv_NAME", are built here): their whole-model energy fits your profile
  --module    FILE.py:FUNCTION --input 1,3,224,224: your own nn.Module, measured and compared with
              WattLayer's estimate from its exported JSON (export_json.py)
  --ops       also measure every distinct torch call alone (op-level records, ops_bN.jsonl)
  --fit       copy the H100 data beside yours and run `wattlayer fit --gpu ID --derive-from
              models/h100.json`: the H100 model with host, GPU-time and dynamic-energy scales and
              the idle power fitted on your records
  --dry-run   no NVIDIA GPU: run everything on the CPU with a nominal 100 W "counter". It measures
              nothing and says so (meta "dry_run": true, profile source "dry-run"); it checks the kit.

Needs PyTorch, torchvision and, on a GPU, pynvml (pip install nvidia-ml-py).
"""
import argparse
import json
import os
import shutil
import subprocess
import sys
import time
from pathlib import Path

import torch

HERE = Path(__file__).resolve().parent
ROOT = HERE.parents[1]
sys.path.insert(0, str(HERE))
from energy_meter import DryRunMeter, NvmlMeter, idle_power, measure  # noqa: E402
from export_json import export, load_module  # noqa: E402
from torch_calls import describe, record_calls  # noqa: E402

MODEL_WINDOW_S = 1.0
OP_WINDOW_S = 0.42
DRY_RUN_SCALE = 0.5  # shorter windows on the CPU: nothing is measured anyway


def development_tasks():
    tasks = {}
    for line in open(ROOT / "models" / "data" / "h100" / "models.jsonl"):
        r = json.loads(line)
        if r.get("kind") == "model":
            tasks[r["model"]] = r["task"]
    return tasks


def build(name):
    """tv_NAME from torchvision, with random weights and a 224x224 image input."""
    if not name.startswith("tv_"):
        sys.exit(f"{name}: only the torchvision architectures (tv_...) are built by this kit; use --module for others")
    return load_module(f"torchvision:{name[3:]}"), [(3, 224, 224)]


def fresh(value, device):
    """A recorded argument with new random tensors of the recorded shapes (integers: zeros, valid as indices)."""
    if isinstance(value, dict) and "shape" in value and "dtype" in value:
        dtype = getattr(torch, value["dtype"], torch.float32)
        if dtype.is_floating_point:
            return torch.randn(value["shape"], dtype=dtype, device=device)
        return torch.zeros(value["shape"], dtype=dtype, device=device)
    if isinstance(value, list):
        return [fresh(v, device) for v in value]
    if isinstance(value, dict):
        return {k: fresh(v, device) for k, v in value.items()}
    return value


def signature(record):
    return json.dumps([record["func"], record["args"], record["kwargs"]], sort_keys=True)


def main():
    ap = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    ap.add_argument("--out", required=True, help="data folder to write (GPU-ID/models.jsonl, ops_bN.jsonl)")
    ap.add_argument("--gpu-id", required=True, help="a short id for the profile, e.g. rtx4090_mine")
    ap.add_argument("--models", default="", help="comma-separated development architectures (tv_...)")
    ap.add_argument("--module", help="FILE.py:FUNCTION returning your nn.Module")
    ap.add_argument("--input", action="append", default=[], help="input shape of --module without the batch, e.g. 3,224,224")
    ap.add_argument("--batches", default="1,8")
    ap.add_argument("--ops", action="store_true")
    ap.add_argument("--fit", action="store_true")
    ap.add_argument("--dry-run", action="store_true")
    ap.add_argument("--wattlayer", default=str(ROOT / "build" / "native" / "wattlayer"))
    args = ap.parse_args()

    dry = args.dry_run or not torch.cuda.is_available()
    if dry and not args.dry_run:
        print("no CUDA GPU found: running the dry run on the CPU (nothing is measured)")
    device = "cpu" if dry else "cuda"
    meter = DryRunMeter() if dry else NvmlMeter()
    scale = DRY_RUN_SCALE if dry else 1.0
    sync = (lambda: None) if dry else torch.cuda.synchronize
    torch.backends.cuda.matmul.allow_tf32 = False  # PyTorch's defaults, stated
    torch.backends.cudnn.allow_tf32 = True
    batches = [int(b) for b in args.batches.split(",")]
    tasks = development_tasks()

    out = Path(args.out) / args.gpu_id
    out.mkdir(parents=True, exist_ok=True)
    idle = idle_power(meter, 2.0 * scale if dry else 2.0)
    meta = {"kind": "meta", "gpu": meter.gpu, "driver": meter.driver, "torch": torch.__version__, "batches": batches,
            "dtype": "float32", "window": OP_WINDOW_S * scale, "power_limit_w": meter.power_limit_w, "idle_w": idle,
            "tf32_matmul": False, "tf32_cudnn": True, "dry_run": dry, "time": time.time()}
    print(f"{meter.gpu}: idle {idle:.1f} W{' (dry run: nominal, not measured)' if dry else ''}")

    work = [(name, *build(name), tasks.get(name, "image-classification")) for name in filter(None, args.models.split(","))]
    if args.module:
        if not args.input:
            sys.exit("--module needs --input (each input's shape without the batch)")
        work.append((args.module.split(":")[-1], load_module(args.module), [tuple(int(d) for d in s.split(",")) for s in args.input], "user"))

    model_lines = [dict(meta, mode="models")]
    op_lines = {b: [dict(meta, mode="ops", batches=[b])] for b in batches}
    comparisons = []
    with torch.inference_mode():
        for name, module, shapes, task in work:
            module = module.to(device).eval()
            params = sum(p.numel() for p in module.parameters())
            for batch in batches:
                inputs = [torch.randn(batch, *s, device=device) for s in shapes]
                calls = record_calls(module, inputs)
                m = measure(meter, lambda: module(*inputs), sync, MODEL_WINDOW_S * scale)
                record = {"kind": "model", "mode": "models", "model": name, "task": task, "batch": batch, "dtype": "float32",
                          "params": params, "n_calls": len(calls), **m, "input": [[describe(x) for x in inputs], {}]}
                model_lines.append(record)
                print(f"{name} b{batch}: {m['energy_j']:.4f} J, {1e3 * m['time_s']:.3f} ms, {m['watts']:.0f} W")
                if task == "user":
                    comparisons.append((name, batch, export(module, inputs, name=name), m["energy_j"]))
                if args.ops:
                    measured = {}
                    for idx, c in enumerate(calls):
                        sig = signature(c)
                        row = {"kind": "op", "model": name, "task": task, "batch": batch, "dtype": "float32", "idx": idx,
                               **{k: c[k] for k in ("func", "module", "module_path", "args", "kwargs", "out")}, "sig": str(abs(hash(sig)))}
                        if sig not in measured:
                            fresh_args, fresh_kwargs = fresh(c["args"], device), fresh(c["kwargs"], device)
                            measured[sig] = measure(meter, lambda: c["_func"](*fresh_args, **fresh_kwargs), sync, OP_WINDOW_S * scale)
                        else:
                            row["reused"] = True
                        op_lines[batch].append({**row, **measured[sig]})

    write_jsonl(out / "models.jsonl", model_lines)
    if args.ops:
        for b, lines in op_lines.items():
            write_jsonl(out / f"ops_b{b}.jsonl", lines)
    print(f"written {out}/")

    profile = None
    if args.fit:
        profile = fit(Path(args.out), args.gpu_id, args.wattlayer, dry)
    for name, batch, model, measured_j in comparisons:
        path = Path(args.out) / f"{name}_b{batch}.json"
        path.write_text(json.dumps(model))
        cmd = [args.wattlayer, "estimate", str(path), "--format", "json"] + (["--profile", str(profile)] if profile else [])
        report = json.loads(subprocess.run(cmd, capture_output=True, text=True).stdout)
        if "total" in report:
            print(f"{name} b{batch}: measured {measured_j:.4f} J, WattLayer {report['total']['energy_j']:.4f} J "
                  f"on {report['hardware']['id']}")


def write_jsonl(path, lines):
    with open(path, "w") as f:
        for line in lines:
            f.write(json.dumps(line) + "\n")


def fit(data_dir, gpu_id, cli, dry):
    """`wattlayer fit --gpu ID --derive-from models/h100.json` on your records beside the H100 data."""
    shipped = ROOT / "models" / "data"
    for part in ("h100", "onnx"):
        if not (data_dir / part).exists():
            shutil.copytree(shipped / part, data_dir / part)
    profile = data_dir / f"{gpu_id}.json"
    subprocess.run([cli, "fit", "--data", str(data_dir), "--gpu", gpu_id, "--derive-from", str(ROOT / "models" / "h100.json"),
                    "--out", str(profile)], check=True)
    p = json.loads(profile.read_text())
    p["name"] = f"{gpu_id} (calibrated{', dry run: not measured' if dry else ''})"
    if dry:
        p["source"] = "dry-run"
    p["provenance"]["calibration_kit"] = {"dry_run": dry, "date": time.strftime("%Y-%m-%d")}
    profile.write_text(json.dumps(p, indent=2) + "\n")
    print(f"profile {profile}: load it with wattlayer estimate MODEL --profile {profile}, or in the page (Load a profile)")
    return profile


if __name__ == "__main__":
    main()
