"""The encoder fine-tuning experiment (bench/detector_finetune.py): its shortcut (the lower layers' output
computed once, only the top layers run after) must give the embeddings the coder computes, or its
figures would measure another model."""

import importlib.util
import sys

import numpy as np
import pytest

from tests.conftest import REPO


@pytest.fixture(scope="module")
def bench():
    spec = importlib.util.spec_from_file_location("detector_finetune", REPO / "bench" / "detector_finetune.py")
    module = importlib.util.module_from_spec(spec)
    sys.modules[spec.name] = module
    spec.loader.exec_module(module)
    yield module
    del sys.modules[spec.name]


TEXTS = ["Police arrested two men in Boston on Friday.", "They protested.",
         "The foreign ministers of both countries met in Geneva to discuss the ceasefire and the release of prisoners."]


def test_lower_states_then_the_top_layers_give_the_full_models_embeddings(bench):
    import torch
    from transformers import AutoModel, AutoTokenizer

    # In float32: the int8 encoder's dynamic quantisation scales each batch's activations together, so
    # there a sentence's embedding moves with its batch mates, and only float32 can show the shortcut exact.
    folder = bench.encoder_folder()
    tokenizer = AutoTokenizer.from_pretrained(folder, local_files_only=True)
    model = AutoModel.from_pretrained(folder, local_files_only=True).eval()
    batch = tokenizer(TEXTS, padding=True, return_tensors="pt")
    with torch.inference_mode():
        hidden = model(**batch).last_hidden_state
        mask = batch["attention_mask"].unsqueeze(-1).float()
        expected = torch.nn.functional.normalize((hidden * mask).sum(1) / mask.sum(1), dim=1).numpy()
        states = bench.lower_states(model, tokenizer, TEXTS, first_top=4)
        assert [s.shape[0] for s in states] == [int(n) for n in batch["attention_mask"].sum(1)]
        # all three in one padded batch: padding must not change any sentence's embedding
        got = bench.pooled(model.encoder.layer[4:], states, [0, 1, 2]).numpy()
    # the states are kept in fp16: equal to a few thousandths
    assert np.abs(got - expected).max() < 2e-3
    assert (got * expected).sum(axis=1).min() > 0.9999


def test_batches_hold_every_training_unit_once_in_an_order_fixed_by_the_seed(bench):
    import torch

    states = [torch.zeros(n, 4) for n in (5, 3, 9, 3, 7, 1, 2)]
    first = list(bench.length_batches(list(range(7)), states, 3, np.random.RandomState(0)))
    again = list(bench.length_batches(list(range(7)), states, 3, np.random.RandomState(0)))
    assert first == again
    assert sorted(i for batch in first for i in batch) == list(range(7))
    assert [5, 6, 1] in first  # the shortest three (lengths 1, 2 and 3) together: little padding
