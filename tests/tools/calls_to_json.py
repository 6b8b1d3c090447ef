#!/usr/bin/env python3
"""Writes one measured architecture's PyTorch call records (an ops_b*.jsonl file of models/data) as a
WattLayer JSON model, so that the model can be estimated from exactly what was measured:

    calls_to_json.py models/data/h100/ops_b8.jsonl tv_resnet50 > resnet50_calls.json
    build/native/wattlayer estimate resnet50_calls.json --hardware h100

Each record keeps its func, args, kwargs and out (core/docs/json-format.md, "PyTorch call records").
"""
import json
import sys


def main():
    if len(sys.argv) != 3:
        sys.exit(__doc__)
    path, model = sys.argv[1], sys.argv[2]
    layers = []
    for line in open(path):
        record = json.loads(line)
        if record.get("kind") != "op" or record.get("model") != model:
            continue
        name = f"{record['idx']}:{record['func'].rsplit('.', 1)[-1]}"
        layers.append({"name": name, **{k: record[k] for k in ("func", "args", "kwargs", "out")}})
    if not layers:
        sys.exit(f"no op records of '{model}' in {path}")
    json.dump({"name": model, "producer": "WattLayer op-level measurements", "opset": 23, "layers": layers}, sys.stdout)
    print()


if __name__ == "__main__":
    main()
