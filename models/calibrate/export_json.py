#!/usr/bin/python3
"""Exports any PyTorch nn.Module as a WattLayer JSON model, for users without an ONNX file.

It runs one forward pass on example inputs and records every torch call (torch_calls.py): the
JSON model lists them as PyTorch call records (core/docs/json-format.md), exactly the calls the
energy model was fitted on, so `wattlayer estimate` and the web page read it directly.

  python3 models/calibrate/export_json.py torchvision:resnet50 --input 1,3,224,224 --out resnet50.json
  python3 models/calibrate/export_json.py my_models.py:build_model --input 1,128 --input-dtype int64 --out m.json

MODEL is "torchvision:NAME", "timm:NAME" (when timm is installed) or "FILE.py:FUNCTION", a function
returning the nn.Module. From Python:

  from export_json import export
  json.dump(export(module, [torch.randn(1, 3, 224, 224)]), open("model.json", "w"))

Weights are never written: only shapes. Needs PyTorch (Debian: python3-torch; torchvision for its models).
"""
import argparse
import importlib.util
import json
import sys
from pathlib import Path

import torch

sys.path.insert(0, str(Path(__file__).resolve().parent))
from torch_calls import record_calls  # noqa: E402


def export(module, inputs, name=None):
    """The WattLayer JSON model of `module(*inputs)`."""
    records = record_calls(module, inputs)
    layers = [{"name": f"{i}:{r['func'].rsplit('.', 1)[-1]}", **{k: r[k] for k in ("func", "args", "kwargs", "out")}}
              for i, r in enumerate(records)]
    return {"name": name or type(module).__name__, "producer": f"wattlayer export_json (torch {torch.__version__})",
            "opset": 23, "layers": layers}


def load_module(spec):
    """torchvision:NAME, timm:NAME or FILE.py:FUNCTION."""
    source, _, name = spec.partition(":")
    if not name:
        sys.exit(f"MODEL must be torchvision:NAME, timm:NAME or FILE.py:FUNCTION, not '{spec}'")
    if source == "torchvision":
        import torchvision
        return torchvision.models.get_model(name, weights=None) if hasattr(torchvision.models, "get_model") \
            else getattr(torchvision.models, name)(weights=None)
    if source == "timm":
        import timm
        return timm.create_model(name, pretrained=False)
    file_spec = importlib.util.spec_from_file_location("user_model", source)
    user = importlib.util.module_from_spec(file_spec)
    file_spec.loader.exec_module(user)
    return getattr(user, name)()


def main():
    ap = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    ap.add_argument("model")
    ap.add_argument("--input", action="append", required=True, help="an input shape, e.g. 1,3,224,224 (repeat for several)")
    ap.add_argument("--input-dtype", default="float32", help="float32, int64, ... for every input")
    ap.add_argument("--out", required=True)
    args = ap.parse_args()
    module = load_module(args.model)
    dtype = getattr(torch, args.input_dtype)
    inputs = [torch.zeros([int(d) for d in shape.split(",")], dtype=dtype) if not dtype.is_floating_point
              else torch.randn([int(d) for d in shape.split(",")], dtype=dtype) for shape in args.input]
    model = export(module, inputs, name=args.model.split(":")[-1])
    with open(args.out, "w") as f:
        json.dump(model, f)
    print(f"{args.out}: {len(model['layers'])} calls of {args.model}")


if __name__ == "__main__":
    main()
