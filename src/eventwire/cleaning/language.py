"""Which language a document is written in (py3langid, offline; the model ships in the wheel).

eventwire's lexicons and parser are English; a document identified with
confidence as another language is skipped with its language as the reason,
never coded as English. A text too short to tell is given the benefit of the
doubt: identifiers guess wildly on a headline.
"""

from __future__ import annotations

from dataclasses import dataclass

# Languages the coder has a pipeline for.
CODED_LANGUAGES = ("en",)
# Letters needed before a guess counts: py3langid calls "Putin and Erdogan met in
# Sochi on Tuesday." (34 letters) Nigerian Pidgin at 0.22, and short German or
# Spanish sentences of 60-90 letters correctly at 0.90-0.99.
MIN_LETTERS = 40
# Probability at which a non-English guess is trusted enough to skip the document.
MIN_SKIP_PROBABILITY = 0.8
# Enough text to identify a language; the rest of a long article adds time, not certainty.
SAMPLE_CHARS = 5000


@dataclass(frozen=True)
class LanguageGuess:
    code: str | None  # ISO 639-1, None when the text is too short to tell
    probability: float


def load_language_identifier():
    """py3langid's identifier with probabilities normalised to 0..1 (built once, passed in)."""
    from py3langid.langid import MODEL_FILE, LanguageIdentifier

    return LanguageIdentifier.from_model_file(MODEL_FILE, norm_probs=True)


def identify_language(text: str, identifier) -> LanguageGuess:
    sample = text[:SAMPLE_CHARS]
    if sum(c.isalpha() for c in sample) < MIN_LETTERS:
        return LanguageGuess(None, 0.0)
    code, probability = identifier.classify(sample)
    return LanguageGuess(code, round(float(probability), 3))


def language_name(code: str) -> str:
    import pycountry

    found = pycountry.languages.get(alpha_2=code) or pycountry.languages.get(alpha_3=code)
    return found.name if found else code


def skip_reason(guess: LanguageGuess, languages: tuple[str, ...] = CODED_LANGUAGES) -> str | None:
    """Why a document in this language is not coded, or None when it is coded."""
    if guess.code is None or guess.code in languages or guess.probability < MIN_SKIP_PROBABILITY:
        return None
    coded = ", ".join(language_name(code) for code in languages)
    return (f"written in {language_name(guess.code)} ({guess.code}, probability {guess.probability:.2f}); "
            f"eventwire codes {coded} only: not coded")
