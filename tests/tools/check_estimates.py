#!/usr/bin/env python3
"""Runs `wattlayer estimate` on every model file of a folder and checks what issue #3 asks of each
report: exit 0, an energy and time for every layer, and per-layer energies that add up, with the
framework-overhead line, to total.energy_j (relative tolerance 1e-9). Standard library only.

usage: check_estimates.py FOLDER [--cli build/native/wattlayer] [--hardware h100] [--batch 8]
"""
import argparse
import json
import os
import subprocess
import sys


def main():
    ap = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    ap.add_argument("folder")
    ap.add_argument("--cli", default=os.path.join(os.path.dirname(__file__), "..", "..", "build", "native", "wattlayer"))
    ap.add_argument("--hardware", default="h100")
    ap.add_argument("--batch", type=int, default=8)
    args = ap.parse_args()
    failures = 0
    files = sorted(f for f in os.listdir(args.folder) if f.endswith((".onnx", ".json")))
    for name in files:
        cmd = [args.cli, "estimate", os.path.join(args.folder, name), "--hardware", args.hardware,
               "--batch", str(args.batch), "--format", "json"]
        proc = subprocess.run(cmd, capture_output=True, text=True)
        problems = []
        report = json.loads(proc.stdout) if proc.stdout.strip() else {}
        if proc.returncode != 0 or "error" in report:
            problems.append(f"exit {proc.returncode}: {report.get('error')}")
        else:
            total = report["total"]
            layers = report["layers"]
            missing = [l["name"] for l in layers if "energy_j" not in l or "time_s" not in l]
            if missing:
                problems.append(f"{len(missing)} layers without energy, e.g. {missing[0]}")
            summed = sum(l.get("energy_j", 0) for l in layers) + total["overhead_energy_j"]
            if abs(summed - total["energy_j"]) > 1e-9 * max(total["energy_j"], 1e-30):
                problems.append(f"layers + overhead = {summed!r} J but total.energy_j = {total['energy_j']!r} J")
            if not total["energy_j_low"] <= total["energy_j"] <= total["energy_j_high"]:
                problems.append("the interval does not contain the estimate")
        status = "ok  " if not problems else "FAIL"
        energy = report.get("total", {}).get("energy_j")
        print(f"{status} {name:48} {energy if energy is not None else '-':>12.6}" if energy is not None else f"{status} {name}")
        for p in problems:
            print("     " + p)
        failures += bool(problems)
    print(f"{len(files) - failures} passed, {failures} failed")
    sys.exit(1 if failures else 0)


if __name__ == "__main__":
    main()
