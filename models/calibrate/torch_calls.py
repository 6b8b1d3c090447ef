"""Records the torch calls of one forward pass, as WattLayer's measurements do.

A TorchFunctionMode sees every torch function and tensor method a forward pass calls (functional
calls such as conv2d, linear, layer_norm, scaled_dot_product_attention; methods such as add, view,
permute); each call that returns tensors becomes one record:

    {"func": "torch._C._VariableFunctions.conv2d", "args": [{"shape": [...], "dtype": "float32"}, ...],
     "kwargs": {...}, "out": [{"shape": [...], "dtype": "float32"}], "module": "Conv2d:layer1.0.conv1"}

the "PyTorch call records" of core/docs/json-format.md, which `wattlayer estimate` reads directly
and which the calibration kit (calibrate.py) measures one by one. Calls made inside a recorded call
are not recorded again: the mode is off while a call runs, as in the measurement protocol.
"""
import torch
from torch.overrides import TorchFunctionMode

_DTYPES = {torch.float32: "float32", torch.float16: "float16", torch.bfloat16: "bfloat16", torch.float64: "float64",
           torch.int64: "int64", torch.int32: "int32", torch.int8: "int8", torch.uint8: "uint8", torch.bool: "bool"}


def describe(value):
    """A JSON-ready description: tensors by shape and dtype, containers recursively, scalars as is."""
    if isinstance(value, torch.Tensor):
        out = {"shape": list(value.shape), "dtype": _DTYPES.get(value.dtype, str(value.dtype).replace("torch.", ""))}
        if not value.is_contiguous():
            out["contiguous"] = False  # a strided view: the next kernel that needs dense memory copies it
        return out
    if isinstance(value, (list, tuple)):
        return [describe(v) for v in value]
    if isinstance(value, dict):
        return {str(k): describe(v) for k, v in value.items()}
    if value is None or isinstance(value, (bool, int, float, str)):
        return value
    if isinstance(value, torch.Size):
        return list(value)
    if isinstance(value, (torch.dtype, torch.device, torch.memory_format, torch.layout)):
        return str(value).replace("torch.", "")
    if isinstance(value, slice):
        return {"slice": [describe(value.start), describe(value.stop), describe(value.step)]}
    if value is Ellipsis:
        return "..."
    return repr(value)


def _tensors_of(result):
    if isinstance(result, torch.Tensor):
        return [result]
    if isinstance(result, (list, tuple)) and result and all(isinstance(r, torch.Tensor) for r in result):
        return list(result)
    return []


def _name_of(func):
    """Module, owner and name, as in the measurements: "torch.Tensor.TensorBase.add"; wrappers
    made at run time (max_pool2d's boolean_dispatch) go by the name they give themselves."""
    name = getattr(func, "__name__", None) or repr(func)
    qualname = getattr(func, "__qualname__", None) or name
    owner = qualname.rsplit(".", 1)[0] if "." in qualname and "<locals>" not in qualname else ""
    module = getattr(func, "__module__", None) or "torch"
    return ".".join(part for part in (module, owner, name) if part)


class CallRecorder(TorchFunctionMode):
    """Collects one record per tensor-returning torch call while active."""

    def __init__(self, module_names=None):
        super().__init__()
        self.records = []
        self._module_stack = module_names if module_names is not None else []

    def __torch_function__(self, func, types, args=(), kwargs=None):
        kwargs = kwargs or {}
        result = func(*args, **kwargs)
        outs = _tensors_of(result)
        if outs:
            self.records.append({
                "func": _name_of(func),
                "args": describe(list(args)),
                "kwargs": describe(kwargs),
                "out": [describe(t) for t in outs],
                "module": self._module_stack[-1] if self._module_stack else "",
                "module_path": list(self._module_stack),
                "_func": func,  # kept in memory for replaying the call alone (calibrate.py), never written
            })
        return result


def _module_hooks(model, stack):
    """Keeps `stack` naming the innermost module running ("Class:path"), as the measurements do."""
    def enter(label):
        def hook(module, inputs):
            stack.append(label)  # returns None: the inputs stay
        return hook

    def leave(module, inputs, output):
        stack.pop()  # returns None: a hook's return value would replace the output

    handles = []
    for path, module in model.named_modules():
        handles.append(module.register_forward_pre_hook(enter(f"{type(module).__name__}:{path or '<root>'}")))
        handles.append(module.register_forward_hook(leave))
    return handles


def record_calls(model, inputs):
    """The call records of `model(*inputs)` in eval mode under torch.inference_mode()."""
    stack = []
    handles = _module_hooks(model, stack)
    try:
        model.eval()
        with torch.inference_mode():
            recorder = CallRecorder(stack)
            with recorder:
                model(*inputs)
        return recorder.records
    finally:
        for h in handles:
            h.remove()
