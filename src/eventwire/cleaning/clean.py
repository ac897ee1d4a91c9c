"""Clean scraped article text before it is coded.

`clean_text` takes the text as read and returns the cleaned text, what was
removed and why, and the metadata the text itself gave away (a publication
date printed on the page, a dateline's place and outlet). It works on whole
lines: a line is kept exactly as it was or removed, so every sentence left
is verbatim from the input (after the encoding repair), and the cleaned
text is what gets stored and what record offsets index.

The steps, in order:

1. repair mojibake ("Russiaâ€™s" -> "Russia’s") with ftfy, changing nothing
   else (quotes, dashes and non-breaking spaces stay as written);
2. remove site furniture: widget and navigation lines, credit, legal and
   subscription lines (`data/*.tsv`), tag lists, story-series links with
   counts, and date stamps (the first one near the top is the publication
   date);
3. remove repeated lines (a caption printed twice, seed 001) after their
   first appearance;
4. remove the trailing run of headline-shaped lines after the last sentence
   (related-article links, seeds 002 and 004);
5. remove inserted headlines: title-case lines inside the body that share no
   words with the rest of the article (an unrelated book title in seed 000);
6. read the dateline ("WASHINGTON (Sputnik) –") for place and outlet; it
   stays in the text, being part of the first sentence.

Blank lines left around a removed line are collapsed so paragraphs stay one
blank line apart.
"""

from __future__ import annotations

import dataclasses
from dataclasses import dataclass

from eventwire.cleaning.lines import (
    BULLET,
    MAX_HEADLINE_WORDS,
    TRAILING_MIN_CAPITALIZED,
    LineRules,
    capitalized_share,
    content_words,
    date_line,
    dateline,
    ends_sentence,
    furniture,
    headline_shaped,
    load_line_rules,
    normalized,
    stamped_line,
    tag_line,
    words,
)
from eventwire.records import Document, Removal

# Date stamps are read as the publication date only near the top of the page.
HEADER_LINES = 6
# A datelined paragraph opens the article: look at its first few paragraphs.
DATELINE_LINES = 4
# A repeated line this short may be legitimate ("No comment."); longer repeats are scraping artefacts.
MIN_REPEAT_WORDS = 4
# The body has begun at the first line that is a sentence of at least this many words.
MIN_BODY_WORDS = 8
# An inserted headline: title case (seed 000's has 1.0) ...
INSERTED_MIN_CAPITALIZED = 0.75
INSERTED_MIN_WORDS = 3
# ... sharing at most this share of its words with the rest of the article
# (seed 000's inserted book title shares none of its six words;
# a real subheading such as "Russian strikes continue" shares most of its words).
INSERTED_MAX_SHARED = 0.25


@dataclass(frozen=True)
class Cleaner:
    """What cleaning needs, loaded once (`load_cleaner`) and passed in."""

    rules: LineRules

    @classmethod
    def load(cls) -> Cleaner:
        return cls(rules=load_line_rules())


def load_cleaner() -> Cleaner:
    return Cleaner.load()


@dataclass(frozen=True)
class CleanedText:
    text: str
    removed: tuple[Removal, ...]
    date: str | None = None  # publication date printed in the text, YYYY-MM-DD
    dateline: str | None = None  # place of the dateline
    outlet: str | None = None  # outlet of the dateline
    encoding_fixed: bool = False


def repair_encoding(text: str) -> str:
    """Undo mojibake only: quotes, dashes, widths, ligatures and spaces stay as written,
    since gold sentences and offsets refer to them."""
    import ftfy

    config = ftfy.TextFixerConfig(
        uncurl_quotes=False, fix_character_width=False, fix_latin_ligatures=False, explain=False
    )
    return ftfy.fix_text(text, config)


def clean_text(text: str, cleaner: Cleaner) -> CleanedText:
    repaired = repair_encoding(text)
    lines = repaired.split("\n")
    reasons: list[str | None] = [None] * len(lines)
    publication = _remove_furniture(lines, reasons, cleaner.rules)
    _remove_repeats(lines, reasons)
    title_at = _first_kept(lines, reasons)
    _remove_trailing_headlines(lines, reasons, title_at)
    _remove_inserted_headlines(lines, reasons, title_at)
    place, outlet = _dateline(lines, reasons, title_at)
    removed = tuple(Removal(reason, lines[i].strip()) for i, reason in enumerate(reasons) if reason)
    return CleanedText(
        text=_join(lines, reasons, repaired.endswith("\n")),
        removed=removed,
        date=publication,
        dateline=place,
        outlet=outlet,
        encoding_fixed=repaired != text,
    )


def clean_document(document: Document, cleaner: Cleaner) -> tuple[Document, CleanedText]:
    """The document with cleaned text, and metadata the text gave filled in where missing."""
    cleaned = clean_text(document.text, cleaner)
    title = document.title
    if title and title not in cleaned.text and title in document.text:
        title = None  # the line taken for the title was furniture ("Listen Live")
    return (
        dataclasses.replace(
            document,
            text=cleaned.text,
            title=title,
            date=document.date or cleaned.date,
            source=document.source or cleaned.outlet,
            dateline=document.dateline or cleaned.dateline,
            removed=document.removed + cleaned.removed,
        ),
        cleaned,
    )


def _blank(line: str) -> bool:
    return not line.strip()


def _kept(lines: list[str], reasons: list[str | None]) -> list[int]:
    return [i for i, line in enumerate(lines) if reasons[i] is None and not _blank(line)]


def _first_kept(lines: list[str], reasons: list[str | None]) -> int | None:
    kept = _kept(lines, reasons)
    return kept[0] if kept else None


def _remove_furniture(lines: list[str], reasons: list[str | None], rules: LineRules) -> str | None:
    publication = None
    seen = 0
    for i, line in enumerate(lines):
        if _blank(line):
            continue
        seen += 1
        first = seen == 1
        stamp = date_line(line) if seen <= HEADER_LINES else None
        stamp = stamp or stamped_line(line)
        if stamp is not None:
            reasons[i] = "date line"
            publication = publication or stamp.isoformat()
            continue
        why = furniture(line, rules)
        if why is None and not first and tag_line(line):  # a headline may list names: "Russia, Iran, Turkey ..."
            why = "tags"
        reasons[i] = why
    return publication


def _remove_repeats(lines: list[str], reasons: list[str | None]) -> None:
    seen: set[str] = set()
    for i in _kept(lines, reasons):
        key = normalized(lines[i]).casefold()
        if len(key.split()) < MIN_REPEAT_WORDS:
            continue
        if key in seen:
            reasons[i] = "repeated"
        seen.add(key)


def _remove_trailing_headlines(lines: list[str], reasons: list[str | None], title_at: int | None) -> None:
    """After the last sentence, a run of headline-shaped lines is a list of related links."""
    run: list[int] = []
    for i in reversed(_kept(lines, reasons)):
        if i == title_at or not (headline_shaped(lines[i]) and capitalized_share(lines[i]) >= TRAILING_MIN_CAPITALIZED):
            if ends_sentence(lines[i]) and i != title_at:
                for j in run:
                    reasons[j] = "related headlines"
            return
        run.append(i)


def _remove_inserted_headlines(lines: list[str], reasons: list[str | None], title_at: int | None) -> None:
    kept = _kept(lines, reasons)
    body_started = False
    for i in kept:
        line = lines[i]
        if not body_started:
            body_started = i != title_at and ends_sentence(line) and len(words(line)) >= MIN_BODY_WORDS
            continue
        if not _inserted_headline(line):
            continue
        rest = set().union(*(content_words(lines[j]) for j in kept if j != i and reasons[j] is None))
        own = content_words(line)
        if own and len(own & rest) / len(own) <= INSERTED_MAX_SHARED:
            reasons[i] = "inserted headline"


def _inserted_headline(line: str) -> bool:
    count = len(words(line))
    return (
        not BULLET.match(line)
        and INSERTED_MIN_WORDS <= count <= MAX_HEADLINE_WORDS
        and headline_shaped(line)
        and capitalized_share(line) >= INSERTED_MIN_CAPITALIZED
    )


def _dateline(lines: list[str], reasons: list[str | None], title_at: int | None) -> tuple[str | None, str | None]:
    for i in [i for i in _kept(lines, reasons) if i != title_at][:DATELINE_LINES]:
        found = dateline(lines[i])
        if found is not None:
            return found.place, found.outlet
    return None, None


def _join(lines: list[str], reasons: list[str | None], final_newline: bool) -> str:
    """Kept lines in order. Where lines were removed, the blank lines around them
    collapse to one between paragraphs and none at the start or end."""
    out: list[str] = []
    blanks: list[str] = []
    removed_here = False
    for line, reason in zip(lines, reasons):
        if reason is not None:
            removed_here = True
        elif _blank(line):
            blanks.append(line)
        else:
            if out:
                out.extend(blanks[:1] if removed_here else blanks)
            elif not removed_here:
                out.extend(blanks)
            out.append(line)
            blanks, removed_here = [], False
    if not removed_here:
        out.extend(blanks)
    text = "\n".join(out)
    if final_newline and removed_here and text:
        text += "\n"
    return text
