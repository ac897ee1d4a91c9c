"""Candidate actor phrases from noun chunks."""

from __future__ import annotations

from eventwire.actors import load_actor_lexicon
from eventwire.actors.matching import name_matches
from eventwire.actors.phrases import actor_phrases


def _phrases(nlp, text):
    lexicon = load_actor_lexicon()
    doc = nlp(text)
    return [(doc[p.start:p.end].text, doc[p.root].text) for p in actor_phrases(doc, name_matches(doc, lexicon), lexicon)]


def test_possessor_is_its_own_phrase_and_determiners_are_dropped(nlp):
    found = _phrases(nlp, "Russia's defence ministry denied the report.")
    assert ("Russia", "Russia") in found
    assert ("defence ministry", "ministry") in found
    assert ("report", "report") in found


def test_every_phrase_reaches_its_head(nlp):
    for text in ("A Pentagon spokeswoman said the strikes continue.", "The Taliban, Hamas, Boko Haram and the PKK met."):
        phrases = _phrases(nlp, text)
        assert phrases, text
        for phrase_text, root in phrases:
            assert phrase_text.endswith(root) or root in phrase_text


def test_parentheses_split_a_chunk(nlp):
    found = _phrases(nlp, "The Syrian Democratic Forces (SDF) advanced.")
    texts = [text for text, _root in found]
    assert "Syrian Democratic Forces" in texts and "SDF" in texts
