"""Issue 9, benchmark (a): eventwire's coding against bare spaCy parsing, in one run on the same input.

Usage: .venv/bin/python bench/parse_ratio.py [--documents N] [--repeat R]

Four passes over the same documents, one after the other in one process, the model loaded once:
  bare      nlp.pipe over every document with the same model eventwire loads (all sentences parsed)
  coded     eventwire's coding (parse, actors, places, dates, events), pre-filter off
  triggers  the same with the pre-filter's `triggers` policy
  mentions  the same with its `mentions` policy
  ceiling   eventwire's coding (pre-filter off) of the texts with every sentence blanked that holds no
            trigger of an event the `coded` pass found: what any pre-filter that keeps every event
            could at best reach (its own cost left out). Blanking is done before the pass, untimed.
Targets: with the pre-filter >= 1.5x bare documents/s; coded >= 0.8x bare. Also prints how many
sentences the pre-filter skipped and how many of the unfiltered run's events it kept (same id and category).
Cleaning is not timed (the documents are prepared before the passes): it is the same in every mode.
Loading is not timed either: the model and, by coding one document with each coder first, what
eventwire builds on first use (the name matcher, dateparser's tables).
"""

from __future__ import annotations

import argparse
import os
import time
from dataclasses import replace

from corpus import first, replicated, require_shared

from eventwire.config import Config
from eventwire.parsing.prefilter import (
    MENTIONS,
    NOT_BLANK,
    TRIGGERS,
    FilterCounts,
    load_sentence_filter,
    rough_sentences,
)
from eventwire.pipeline import Coder, code_documents
from eventwire.records import Document


def timed(run) -> tuple[float, object]:
    started = time.perf_counter()
    result = run()
    return time.perf_counter() - started, result


def event_sentences_only(coder: Coder, coded) -> tuple[list[Document], FilterCounts]:
    """Each document with its rough sentences (the pre-filter's) blanked unless they hold an event's trigger."""
    documents, counts = [], FilterCounts()
    for item in coded:
        text, triggers = item.document.text, [e.trigger_start for e in item.events]
        doc = coder.nlp.tokenizer(text)
        pieces, position = [], 0
        for start, last in rough_sentences(doc):
            span = doc[start:last]
            if not span.text.strip():
                continue
            counts.sentences += 1
            if any(span.start_char <= offset < span.end_char for offset in triggers):
                continue
            counts.skipped += 1
            end = span.start_char + len(span.text.rstrip())
            pieces += [text[position:span.start_char], NOT_BLANK.sub(" ", text[span.start_char:end])]
            position = end
        documents.append(replace(item.document, text="".join(pieces) + text[position:]))
    return documents, counts


def main() -> None:
    parser = argparse.ArgumentParser()
    parser.add_argument("--documents", type=int, default=1000)
    parser.add_argument("--repeat", type=int, default=1, help="passes of each kind, alternated; the best is kept")
    parser.add_argument("--batch-size", type=int, default=Config.batch_size, help="nlp.pipe batch, every pass")
    args = parser.parse_args()
    require_shared()
    print(f"load before {os.getloadavg()[0]:.1f}", flush=True)
    documents = [Document(id=r["id"], text=r["text"], source=r["source"]) for r in first(replicated(args.documents), args.documents)]
    coder = Coder.load(Config(batch_size=args.batch_size))
    filtering = {policy: replace(coder, config=replace(coder.config, prefilter=policy), sentence_filter=load_sentence_filter(
        coder.nlp, coder.events, coder.actors, coder.gazetteer, policy)) for policy in (TRIGGERS, MENTIONS)}
    # Warm up: the model, and what each coder builds on first use, so every pass times documents.
    coder.nlp("Warm up.")
    for warming in (coder, *filtering.values()):
        list(code_documents(warming, documents[:1]))
    best = {"bare": float("inf"), "coded": float("inf"), TRIGGERS: float("inf"), MENTIONS: float("inf"), "ceiling": float("inf")}
    events, counts, ceiling_documents = {}, {}, None
    for _ in range(args.repeat):
        seconds, _ = timed(lambda: sum(1 for _ in coder.nlp.pipe((d.text for d in documents), batch_size=coder.config.batch_size)))
        best["bare"] = min(best["bare"], seconds)
        seconds, coded = timed(lambda: list(code_documents(coder, documents)))
        best["coded"] = min(best["coded"], seconds)
        events["coded"] = {(e.id, e.event) for c in coded for e in c.events}
        for policy, filtering_coder in filtering.items():
            counts[policy] = FilterCounts()
            seconds, filtered = timed(lambda: list(code_documents(filtering_coder, documents, counts[policy])))
            best[policy] = min(best[policy], seconds)
            events[policy] = {(e.id, e.event) for c in filtered for e in c.events}
        if ceiling_documents is None:
            ceiling_documents, counts["ceiling"] = event_sentences_only(coder, coded)
        seconds, kept = timed(lambda: list(code_documents(coder, ceiling_documents)))
        best["ceiling"] = min(best["ceiling"], seconds)
        events["ceiling"] = {(e.id, e.event) for c in kept for e in c.events}
    rate = {name: len(documents) / seconds for name, seconds in best.items()}
    print(f"{len(documents)} documents, batch size {args.batch_size}, cores: {os.cpu_count()}, one process; "
          f"best of {args.repeat}; load after {os.getloadavg()[0]:.1f}")
    before = events["coded"]
    for name in best:
        line = f"  {name:<9} {best[name]:7.1f} s {rate[name]:7.1f} docs/s  {rate[name] / rate['bare']:.2f}x bare"
        if name in counts:
            kept = events[name] & before
            line += (f"; {counts[name].describe()}, {len(kept)} of {len(before)} events kept "
                     f"({len(kept) / max(len(before), 1):.1%}), {len(events[name] - before)} new")
        print(line)
    print(f"RATIO pre-filter (triggers)/bare {rate[TRIGGERS] / rate['bare']:.2f}, (mentions)/bare "
          f"{rate[MENTIONS] / rate['bare']:.2f} (target >= 1.5); no pre-filter/bare {rate['coded'] / rate['bare']:.2f} (target >= 0.8); "
          f"ceiling of any pre-filter keeping every event/bare {rate['ceiling'] / rate['bare']:.2f}")


if __name__ == "__main__":
    main()
