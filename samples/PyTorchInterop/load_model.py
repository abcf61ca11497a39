#!/usr/bin/env python3
"""Load a model that StochasticMutatorTuner kept and exported, in PyTorch.

    smt artifacts export -s quickstart-project -o best-model        # model.safetensors + config.json
    python3 samples/PyTorchInterop/load_model.py best-model [--check check.safetensors]

model.safetensors holds the trained weights under PyTorch's names (the state dict); config.json holds the trial's
config, score and metrics. The script rebuilds the architecture that StochasticMutatorTuner.TorchSharp's
MlpBuilder or CnnBuilder made (read from the tensor names and shapes, plus the config's "Activation"), loads the
weights with load_state_dict(strict=True), and, with --check FILE (a safetensors file with "features", "logits" and
optionally "targets", as the QuickStart sample writes with --write-check), compares PyTorch's outputs with the ones
.NET computed.

Needs only torch (Debian: apt-get install python3-torch). Uses the safetensors package when it is installed, else
reads the format itself (an 8-byte header length, a JSON header, raw little-endian bytes).
"""

import argparse
import json
import os
import re
import struct
import sys
from collections import OrderedDict

import torch
from torch import nn

DTYPES = {
    "F64": torch.float64, "F32": torch.float32, "F16": torch.float16, "BF16": torch.bfloat16,
    "I64": torch.int64, "I32": torch.int32, "I16": torch.int16, "I8": torch.int8, "U8": torch.uint8, "BOOL": torch.bool,
}

ACTIVATIONS = {
    "relu": nn.ReLU, "tanh": nn.Tanh, "sigmoid": nn.Sigmoid, "selu": nn.SELU, "elu": nn.ELU,
    "softplus": nn.Softplus, "softsign": nn.Softsign, "gelu": nn.GELU, "leaky_relu": nn.LeakyReLU,
}


def load_safetensors(path):
    """The tensors of a safetensors file, by name."""
    try:
        from safetensors.torch import load_file
        return load_file(path)
    except ImportError:
        pass
    with open(path, "rb") as f:
        data = f.read()
    (header_length,) = struct.unpack("<Q", data[:8])
    header = json.loads(data[8:8 + header_length])
    base = 8 + header_length
    tensors = {}
    for name, entry in header.items():
        if name == "__metadata__":
            continue
        begin, end = entry["data_offsets"]
        raw = bytearray(data[base + begin:base + end])  # a writable copy: frombuffer shares memory
        tensor = torch.frombuffer(raw, dtype=DTYPES[entry["dtype"]]) if raw else torch.empty(0, dtype=DTYPES[entry["dtype"]])
        tensors[name] = tensor.reshape(entry["shape"])
    return tensors


def build(state, activation):
    """The nn.Sequential that MlpBuilder or CnnBuilder made, with the same layer names (dropout is left out: it does
    nothing in evaluation mode and has no weights)."""
    act = ACTIVATIONS[activation.lower()]
    layers = []
    convs = sorted(int(m.group(1)) for k in state for m in [re.fullmatch(r"conv(\d+)\.weight", k)] if m)
    if convs:
        channels = [state[f"conv{i}.weight"].shape[0] for i in convs]
        in_features = state["dense.weight"].shape[1]
        size = int(round((in_features / channels[-1]) ** 0.5))
        side = size << len(convs)
        layers.append(("image", nn.Unflatten(1, (1, side, side))))
        previous = 1
        for i, c in zip(convs, channels):
            layers += [(f"conv{i}", nn.Conv2d(previous, c, 3, padding=1)), (f"act{i}", act()), (f"pool{i}", nn.MaxPool2d(2))]
            previous = c
        layers += [("flatten", nn.Flatten()), ("dense", nn.Linear(in_features, state["dense.weight"].shape[0])), ("dense_act", act())]
    else:
        hidden = sorted(int(m.group(1)) for k in state for m in [re.fullmatch(r"linear(\d+)\.weight", k)] if m)
        for i in hidden:
            out_features, in_features = state[f"linear{i}.weight"].shape
            layers += [(f"linear{i}", nn.Linear(in_features, out_features)), (f"act{i}", act())]
    out_features, in_features = state["output.weight"].shape
    layers.append(("output", nn.Linear(in_features, out_features)))
    return nn.Sequential(OrderedDict(layers))


def main():
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("folder", help="a folder written by `smt artifacts export` (model.safetensors and config.json)")
    parser.add_argument("--check", help="a safetensors file with features, logits (and targets) computed in .NET")
    parser.add_argument("--activation", help="the activation, when config.json has no 'Activation'")
    args = parser.parse_args()

    with open(os.path.join(args.folder, "config.json"), encoding="utf-8") as f:
        description = json.load(f)
    state = load_safetensors(os.path.join(args.folder, "model.safetensors"))
    activation = args.activation or description["config"].get("Activation")
    if activation is None:
        sys.exit("config.json has no 'Activation'; pass --activation NAME")

    model = build(state, activation)
    model.load_state_dict(state, strict=True)
    model.eval()
    parameters = sum(p.numel() for p in model.parameters())
    print(f"torch {torch.__version__}: study '{description['study']}', trial #{description['trial']} "
          f"(score {description['score']}, {description['direction']}), {parameters} parameters")
    print(model)

    if args.check:
        check = load_safetensors(args.check)
        with torch.no_grad():
            logits = model(check["features"])
        expected = check["logits"]
        print(f"outputs on {check['features'].shape[0]} rows: max |PyTorch - .NET| = {(logits - expected).abs().max().item():.3g}, "
              f"bit-identical: {torch.equal(logits, expected)}, same predicted class: {(logits.argmax(1) == expected.argmax(1)).float().mean().item():.1%}")
        if "targets" in check:
            accuracy = (logits.argmax(1) == check["targets"]).float().mean().item()
            loss = nn.functional.cross_entropy(logits, check["targets"]).item()
            print(f"accuracy {accuracy:.1%}, cross-entropy {loss:.6f} "
                  f"(the trial's last epoch measured {description['metrics'].get('validation_loss', float('nan')):.6f} in .NET)")


if __name__ == "__main__":
    main()
