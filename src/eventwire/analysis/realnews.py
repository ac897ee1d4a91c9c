"""The real-news event gold: a sample of GeoWebNews and LGL articles coded in full by the team.

Layout (`gold/realnews/` at the repository root; the article texts stay in `../shared/gold`):

* `sample.jsonl` — the drawn articles, one line each: `doc` (our key, "gwn-12", "lgl-40311"),
  `corpus`, `id` (the corpus' own id), `split` ("train" or "heldout"), `stratum`
  ("political" or "other", by the word screen below), `draw` (rank in the seeded draw) and the
  SHA-1 of the text, so a changed source text is noticed.
* `sentences.jsonl` — the coding units: `doc`, `sent` (0-based), `start`, `end` (character
  offsets into the article's `text`).
* `coder_a/<doc>.json`, `coder_b/<doc>.json` — one file per article and coder: every sentence of
  the article with its events (possibly none). `coder_a` is the gold; `coder_b` is the blind second
  coding of a part of the train split, for agreement.

The draw and the split are functions of the article key and fixed seeds, so anyone can re-derive
them; `sample.jsonl` and `sentences.jsonl` are committed so that they never move under the
annotations. This module needs nothing beyond the standard library except for `segment`, which
uses spaCy's rule-based sentencizer (no statistical model, so no coder decision leaks into the
units).
"""

from __future__ import annotations

import hashlib
import json
import re
from collections.abc import Iterable, Iterator
from dataclasses import dataclass
from pathlib import Path

from eventwire.errors import InputError
from eventwire.records import MODALITIES, PLOVER_CATEGORIES

# Key prefix -> file under ../shared/gold. The synthetic stories (`gold/synthetic`) are coded the same
# way, for training only: their facts are made up and their style is a machine's.
CORPORA = {"gwn": "geowebnews.jsonl", "lgl": "lgl.jsonl", "syn": "../corpus/synthetic_plover_stories.jsonl.gz"}
REAL_NEWS = ("gwn", "lgl")
DRAW_SEED = "eventwire-realnews-draw-2026-12"
SPLIT_SEED = "eventwire-realnews-split-2026-12"
TRAIN_PERCENT = 60
SPLITS = ("train", "heldout")
CODERS = ("coder_a", "coder_b")
# A political article mentions at least this many political words (counting repeats) per 1,000
# characters, and at least this many in all. Set before the draw, by the word list alone.
POLITICAL_PER_1000_CHARS = 1.0
POLITICAL_MIN_HITS = 3

# The PLOVER manual's sector codes (table "Sector Codes"), plus IGO and NGO as the seeds gold uses them.
SECTORS = ("COP", "GOV", "JUD", "LEG", "MIL", "PRM", "PTY", "REB", "SPY", "UAF", "UNK", "AGR", "BUS",
           "CRM", "CVL", "EDU", "ELI", "JRN", "LAB", "MED", "REF", "OPP", "PRE", "REL", "SOC", "IGO", "NGO")
EVENT_KEYS = {"event", "mode", "trigger", "actor", "recipient", "negated", "modality",
              "attributed_to", "background", "note"}
ACTOR_KEYS = {"text", "country", "sector", "name"}


def draw_rank(key: str) -> str:
    """The article's place in the seeded draw: a hash, so the order is random but fixed."""
    return hashlib.sha1(f"{DRAW_SEED}:{key}".encode()).hexdigest()


def split_of(key: str) -> str:
    """Train or held-out, by a hash of the article key alone (about 60 % train)."""
    bucket = int(hashlib.sha1(f"{SPLIT_SEED}:{key}".encode()).hexdigest()[:8], 16) % 100
    return "train" if bucket < TRAIN_PERCENT else "heldout"


def load_political_terms() -> list[re.Pattern]:
    from eventwire.datafiles import read_tsv

    patterns = []
    for _, row in read_tsv("eventwire.analysis", "data/political_terms.tsv", ("term",)):
        term = row["term"]
        body = re.escape(term.rstrip("*")) + (r"\w*" if term.endswith("*") else "")
        patterns.append(re.compile(rf"\b{body}\b", re.IGNORECASE))
    return patterns


def stratum(text: str, terms: list[re.Pattern]) -> str:
    hits = sum(len(pattern.findall(text)) for pattern in terms)
    dense = hits * 1000 / max(len(text), 1) >= POLITICAL_PER_1000_CHARS
    return "political" if hits >= POLITICAL_MIN_HITS and dense else "other"


def shared_gold_beside(root: Path) -> Path:
    """`../shared/gold` beside the repository that holds the gold folder (`<repo>/gold/realnews`)."""
    return root.resolve().parents[1].parent / "shared" / "gold"


def read_corpus(shared_gold: Path, prefix: str) -> Iterator[tuple[str, dict]]:
    import gzip

    path = shared_gold / CORPORA[prefix]
    with (gzip.open(path, "rt", encoding="utf-8") if path.suffix == ".gz" else path.open(encoding="utf-8")) as stream:
        for number, line in enumerate(stream, 1):
            if line.strip():
                try:
                    row = json.loads(line)
                except json.JSONDecodeError as exc:
                    raise InputError(str(path), f"not valid JSON ({exc.msg})", number) from exc
                yield f"{prefix}-{row['id']}", row


def read_articles(shared_gold: Path, prefixes: Iterable[str] = REAL_NEWS) -> dict[str, dict]:
    """Every article of the corpora by our key."""
    return {key: row for prefix in prefixes for key, row in read_corpus(shared_gold, prefix)}


def text_sha1(text: str) -> str:
    return hashlib.sha1(text.encode("utf-8")).hexdigest()


def draw_sample(articles: dict[str, dict], political: int, other: int) -> list[dict]:
    """The first `political` and the first `other` articles of each stratum in the seeded order."""
    terms = load_political_terms()
    wanted = {"political": political, "other": other}
    sample = []
    for key in sorted(articles, key=draw_rank):
        text = articles[key]["text"]
        kind = stratum(text, terms)
        if wanted[kind] <= 0:
            continue
        wanted[kind] -= 1
        prefix, _, own_id = key.partition("-")
        sample.append({"doc": key, "corpus": CORPORA[prefix].removesuffix(".jsonl"), "id": own_id,
                       "split": split_of(key), "stratum": kind, "draw": len(sample),
                       "chars": len(text), "sha1": text_sha1(text)})
    return sample


def extend_sample(articles: dict[str, dict], sample: list[dict], wave: int) -> list[dict]:
    """Every article not yet drawn, appended in the same seeded order (a later coding wave); the
    rows already drawn keep their place, split and stratum."""
    terms = load_political_terms()
    drawn = {row["doc"] for row in sample}
    added = []
    for key in sorted(set(articles) - drawn, key=draw_rank):
        text = articles[key]["text"]
        prefix, _, own_id = key.partition("-")
        added.append({"doc": key, "corpus": CORPORA[prefix].removesuffix(".jsonl"), "id": own_id,
                      "split": split_of(key), "stratum": stratum(text, terms), "draw": len(sample) + len(added),
                      "chars": len(text), "sha1": text_sha1(text), "wave": wave})
    return added


def draw_training_stories(stories: dict[str, dict], count: int) -> list[dict]:
    """A seeded draw of synthetic stories to code for training only (split "train", never scored)."""
    rows = []
    for key in sorted(stories, key=draw_rank)[:count]:
        text = stories[key]["text"]
        rows.append({"doc": key, "corpus": "synthetic_plover_stories", "id": key.partition("-")[2],
                     "split": "train", "stratum": stories[key].get("event"), "draw": len(rows),
                     "chars": len(text), "sha1": text_sha1(text)})
    return rows


def segment(text: str, nlp) -> list[tuple[int, int]]:
    """Sentence spans: spaCy's punctuation sentencizer within each non-empty line, so a headline
    or a list item is a unit of its own. Surrounding white space is trimmed from each span."""
    spans = []
    for line in re.finditer(r"[^\n]+", text):
        doc = nlp(line.group())
        for sent in doc.sents:
            start = line.start() + sent.start_char
            end = line.start() + sent.end_char
            piece = text[start:end]
            start += len(piece) - len(piece.lstrip())
            end -= len(piece) - len(piece.rstrip())
            if end > start:
                spans.append((start, end))
    return spans


def sentencizer():
    import spacy

    nlp = spacy.blank("en")
    nlp.add_pipe("sentencizer")
    return nlp


def write_jsonl(path: Path, rows: Iterable[dict]) -> None:
    path.parent.mkdir(parents=True, exist_ok=True)
    temporary = path.with_suffix(path.suffix + ".tmp")
    with temporary.open("w", encoding="utf-8") as stream:
        for row in rows:
            stream.write(json.dumps(row, ensure_ascii=False) + "\n")
    temporary.replace(path)


def read_jsonl(path: Path) -> list[dict]:
    rows = []
    with path.open(encoding="utf-8") as stream:
        for number, line in enumerate(stream, 1):
            if line.strip():
                try:
                    rows.append(json.loads(line))
                except json.JSONDecodeError as exc:
                    raise InputError(str(path), f"not valid JSON ({exc.msg})", number) from exc
    return rows


@dataclass(frozen=True)
class RealNewsGold:
    """The committed sample and sentence units, with the article texts read from `../shared`."""

    root: Path
    sample: dict[str, dict]
    sentences: dict[str, list[tuple[int, int]]]
    texts: dict[str, str]
    dates: dict[str, str]  # the corpus' own date of an article (LGL's collection day), where given

    @classmethod
    def load(cls, root: Path, shared_gold: Path) -> RealNewsGold:
        sample = {row["doc"]: row for row in read_jsonl(root / "sample.jsonl")}
        sentences: dict[str, list[tuple[int, int]]] = {}
        for row in read_jsonl(root / "sentences.jsonl"):
            sentences.setdefault(row["doc"], []).append((row["start"], row["end"]))
        prefixes = {key.partition("-")[0] for key in sample}
        articles = read_articles(shared_gold, prefixes)
        texts, dates = {}, {}
        for key, row in sample.items():
            if key not in articles:
                raise InputError(str(root / "sample.jsonl"), f"article {key} is not in {shared_gold}")
            text = articles[key]["text"]
            if text_sha1(text) != row["sha1"]:
                raise InputError(str(root / "sample.jsonl"), f"the text of {key} has changed since the draw")
            texts[key] = text
            if articles[key].get("date"):
                dates[key] = articles[key]["date"]
        return cls(root, sample, sentences, texts, dates)

    def docs(self, split: str | None = None) -> list[str]:
        return [key for key, row in self.sample.items() if split in (None, row["split"])]

    def sentence_texts(self, key: str) -> list[str]:
        text = self.texts[key]
        return [text[start:end] for start, end in self.sentences[key]]

    def documents(self, keys: Iterable[str]):
        """The articles as the coder reads them: the text as in the corpus (no cleaning, so offsets
        are the gold's own), with LGL's collection date where given."""
        from eventwire.records import Document

        return [Document(id=key, text=self.texts[key], date=self.dates.get(key)) for key in keys]

    def annotation_path(self, coder: str, key: str) -> Path:
        return self.root / coder / f"{key}.json"

    def annotation(self, coder: str, key: str) -> dict | None:
        path = self.annotation_path(coder, key)
        if not path.is_file():
            return None
        try:
            return json.loads(path.read_text(encoding="utf-8"))
        except json.JSONDecodeError as exc:
            raise InputError(str(path), f"not valid JSON ({exc.msg})", exc.lineno) from exc


def show(gold: RealNewsGold, key: str) -> str:
    """The article as coders see it: its title, then each sentence with its number."""
    row = gold.sample[key]
    lines = [f"# {key} ({row['corpus']} id {row['id']})"]
    lines += [f"[{n}] {sentence}" for n, sentence in enumerate(gold.sentence_texts(key))]
    return "\n".join(lines)


def check_annotation(gold: RealNewsGold, coder: str, key: str) -> list[str]:
    """Every problem of one annotation file, as readable lines (empty when it is sound)."""
    data = gold.annotation(coder, key)
    if data is None:
        return [f"{gold.annotation_path(coder, key)}: missing"]
    where = str(gold.annotation_path(coder, key))
    problems = []
    if data.get("doc") != key:
        problems.append(f"{where}: doc is {data.get('doc')!r}, should be {key!r}")
    if not isinstance(data.get("political"), bool):
        problems.append(f"{where}: political must be true or false")
    texts = gold.sentence_texts(key)
    seen = set()
    for unit in data.get("sentences", []):
        n = unit.get("sent")
        if not isinstance(n, int) or not 0 <= n < len(texts):
            problems.append(f"{where}: sentence number {n!r} is not one of 0..{len(texts) - 1}")
            continue
        if n in seen:
            problems.append(f"{where}: sentence {n} appears twice")
        seen.add(n)
        for e, event in enumerate(unit.get("events", [])):
            problems += [f"{where}: sentence {n}, event {e}: {p}" for p in check_event(event, texts[n], gold.texts[key])]
    missing = sorted(set(range(len(texts))) - seen)
    if missing:
        problems.append(f"{where}: sentences not coded (give each, with \"events\": [] for none): {missing}")
    return problems


def check_event(event: dict, sentence: str, article: str) -> list[str]:
    problems = []
    unknown = set(event) - EVENT_KEYS
    if unknown:
        problems.append(f"unknown keys {sorted(unknown)}")
    category = event.get("event")
    if category not in PLOVER_CATEGORIES:
        problems.append(f"event {category!r} is not a PLOVER category")
    mode = event.get("mode")
    if mode is not None and mode not in plover_modes().get(category, ()):
        problems.append(f"mode {mode!r} is not a mode of {category} ({sorted(plover_modes().get(category, ()))})")
    trigger = event.get("trigger")
    if not trigger or trigger not in sentence:
        problems.append(f"trigger {trigger!r} is not a substring of the sentence")
    if event.get("modality") not in MODALITIES:
        problems.append(f"modality {event.get('modality')!r} is not one of {MODALITIES}")
    for flag in ("negated", "background"):
        if not isinstance(event.get(flag), bool):
            problems.append(f"{flag} must be true or false")
    for role in ("actor", "recipient"):
        parties = event.get(role)
        if not isinstance(parties, list):
            problems.append(f"{role} must be a list (possibly empty)")
            continue
        problems += [f"{role}: {p}" for party in parties for p in check_party(party, article)]
    if not event.get("actor") and not event.get("recipient"):
        problems.append("neither actor nor recipient: such an event is not coded")
    source = event.get("attributed_to")
    if source is not None:
        problems += [f"attributed_to: {p}" for p in check_party(source, article)]
    return problems


COUNTRY_CODE = re.compile(r"^[A-Z]{3}$")


def check_party(party, article: str) -> list[str]:
    if not isinstance(party, dict):
        return [f"{party!r} is not an object with text, country, sector"]
    problems = []
    unknown = set(party) - ACTOR_KEYS
    if unknown:
        problems.append(f"unknown keys {sorted(unknown)}")
    text = party.get("text")
    if not text or text not in article:
        problems.append(f"text {text!r} is not a substring of the article")
    country = party.get("country")
    if country is not None and not COUNTRY_CODE.match(country):
        problems.append(f"country {country!r} is not an ISO 3166-1 alpha-3 code or null")
    sector = party.get("sector")
    if sector is not None and sector not in SECTORS:
        problems.append(f"sector {sector!r} is not one of {SECTORS} or null")
    return problems


def plover_modes() -> dict[str, set[str]]:
    """The modes of each category, from the same table the coder reads."""
    from eventwire.datafiles import read_tsv

    modes: dict[str, set[str]] = {}
    for _, row in read_tsv("eventwire.events", "data/plover_scores.tsv", ("category", "mode", "quad", "score")):
        if row["mode"]:
            modes.setdefault(row["category"], set()).add(row["mode"])
    return modes


NONE = "(none)"


def unit_events(gold: RealNewsGold, coder: str, key: str) -> list[list[dict]]:
    """The events a coder gave each unit of an article, in unit order (none for an uncoded article)."""
    coding = gold.annotation(coder, key) or {"sentences": []}
    by_unit = {u["sent"]: u.get("events", []) for u in coding["sentences"]}
    return [by_unit.get(n, []) for n in range(len(gold.sentences[key]))]


def unit_categories(gold: RealNewsGold, coder: str, key: str) -> list[frozenset[str]]:
    return [frozenset(e["event"] for e in events) for events in unit_events(gold, coder, key)]


def cohen_kappa(pairs: list[tuple[str, str]]) -> float:
    """Cohen's kappa of two coders' labels over the same items."""
    from collections import Counter

    if not pairs:
        return 0.0
    n = len(pairs)
    observed = sum(a == b for a, b in pairs) / n
    first, second = Counter(a for a, _ in pairs), Counter(b for _, b in pairs)
    expected = sum(first[label] * second[label] for label in first) / (n * n)
    return (observed - expected) / (1 - expected) if expected < 1 else 1.0


def agreement(gold: RealNewsGold, first: str = "coder_a", second: str = "coder_b") -> dict:
    """How far two codings of the same articles agree.

    * event vs no event: Cohen's kappa over units;
    * category: Cohen's kappa over aligned labels: in each unit a category both coders gave is one
      agreeing item, a category only one gave is an item against "(none)", and a unit neither coded
      is one ("(none)", "(none)") item;
    * F1 of (unit, category) pairs, the measure the coder is scored by."""
    keys = [k for k in gold.docs() if gold.annotation_path(first, k).is_file() and gold.annotation_path(second, k).is_file()]
    event_pairs, category_pairs = [], []
    both = only_first = only_second = 0
    for key in keys:
        for a, b in zip(unit_categories(gold, first, key), unit_categories(gold, second, key)):
            event_pairs.append((bool(a), bool(b)))
            category_pairs += [(c, c) for c in a & b] + [(c, NONE) for c in a - b] + [(NONE, c) for c in b - a]
            if not a and not b:
                category_pairs.append((NONE, NONE))
            both, only_first, only_second = both + len(a & b), only_first + len(a - b), only_second + len(b - a)
    precision = both / (both + only_second) if both + only_second else 0.0
    recall = both / (both + only_first) if both + only_first else 0.0
    return {
        "articles": len(keys),
        "units": len(event_pairs),
        "pairs_first": both + only_first,
        "pairs_second": both + only_second,
        "kappa_event_vs_none": round(cohen_kappa(event_pairs), 3),
        "kappa_category": round(cohen_kappa(category_pairs), 3),
        "pair_f1": round(2 * precision * recall / (precision + recall), 3) if precision + recall else 0.0,
    }
