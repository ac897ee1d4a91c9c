"""Name normalisation shared by the gazetteer index and the look-up.

Transliterated Arabic, Russian and Turkish names reach English news in many
spellings: "Deir ez-Zor", "Deir Ezzor", "Dayr az Zawr"; "Al-Hasakah",
"Hasaka". Two keys absorb most of that variation:

* `normalize_name`: lower case, diacritics and apostrophes dropped, hyphens
  and dots turned into spaces ("Al-Ḩasakah" -> "al hasakah"), and the usual
  abbreviations spelt out ("St. Petersburg" and "Saint Petersburg" ->
  "saint petersburg").
* `compact_keys`: the normalised name without spaces and without a final "h"
  after a vowel, once without a leading Arabic article and once without any
  ("al hasakah" -> "hasaka"; "deir ez zor" -> "deirezzor" and "deirzor", so
  "Deir Ezzor" meets the first and "Jisr al-Shughur" meets "Jisr ash-Shughur"
  on the second). Matches on these keys rank below exact and alternate names.
"""

from __future__ import annotations

import functools
import re
import unicodedata

# Letters NFKD does not decompose into a base letter plus a combining mark.
_SPECIAL_LETTERS = str.maketrans({
    "ı": "i", "ł": "l", "ø": "o", "æ": "ae", "œ": "oe", "ß": "ss", "đ": "d", "ð": "d", "þ": "th",
    "ħ": "h", "ŧ": "t",
})
_APOSTROPHES = re.compile(r"[’'`ʿʾʻʼ‘]")
_SEPARATORS = re.compile(r"[\s\-‐‑‒–—.,/()]+")
_LEADING_THE = re.compile(r"^the\s+")
# Abbreviated words of place names: GeoNames writes "Saint Petersburg" and "St. Louis", news both ways.
_ABBREVIATIONS = {"st": "saint", "ste": "sainte", "mt": "mount", "ft": "fort"}

# Leading articles of transliterated Arabic (al-, el-, as-Suwayda, ad-Dana, ...).
ARABIC_ARTICLES = frozenset({"al", "el", "ad", "ar", "as", "az", "ash", "at", "an", "ath", "adh", "ed", "es", "ez", "er", "en"})


@functools.lru_cache(maxsize=1 << 16)  # a pure function asked the same words over and over by the geoparser
def normalize_name(text: str) -> str:
    """Fold case, diacritics, apostrophes and separators; drop a leading "the"."""
    decomposed = unicodedata.normalize("NFKD", text.lower().translate(_SPECIAL_LETTERS))
    stripped = "".join(ch for ch in decomposed if not unicodedata.combining(ch))
    stripped = _APOSTROPHES.sub("", stripped)
    folded = _SEPARATORS.sub(" ", stripped).strip()
    if any(word in _ABBREVIATIONS for word in folded.split()):
        folded = " ".join(_ABBREVIATIONS.get(word, word) for word in folded.split())
    return _LEADING_THE.sub("", folded)


def compact_keys(normalized: str) -> tuple[str, ...]:
    """The loose keys of an already normalised name (see the module docstring)."""
    words = normalized.split()
    if len(words) > 1 and words[0] in ARABIC_ARTICLES:
        words = words[1:]
    keys = [_final_h("".join(words))]
    without_articles = [word for word in words if word not in ARABIC_ARTICLES]
    if without_articles and len(without_articles) < len(words):
        keys.append(_final_h("".join(without_articles)))
    return tuple(keys)


def _final_h(compact: str) -> str:
    """ "hasakah" and "hasaka", "raqqah" and "raqqa" are one name."""
    if len(compact) > 4 and compact.endswith("h") and compact[-2] in "aeiou":
        return compact[:-1]
    return compact


def is_latin(normalized: str) -> bool:
    """True when a normalised name is plain a-z words (Latin script after folding)."""
    return bool(normalized) and all("a" <= ch <= "z" or ch == " " for ch in normalized)
