"""The model as eventwire loads it: hyphenated trigger words stay whole, other hyphens still split."""

from eventwire.events.lexicon import load_event_lexicon


def test_every_hyphenated_trigger_is_one_token(nlp):
    hyphenated = sorted({lemma for lemma, _ in load_event_lexicon().triggers if "-" in lemma})
    assert hyphenated, "the lexicon has hyphenated triggers (co-operate, cease-fire ...)"
    for lemma in hyphenated:
        doc = nlp(f"They spoke of the {lemma} yesterday.")
        assert lemma in [t.text for t in doc], f"{lemma!r} is split: {[t.text for t in doc]}"


def test_inflected_and_capitalised_forms_stay_whole(nlp):
    words = [t.text for t in nlp("Co-operation grew as Russia was co-ordinating strikes, the cease-fires aside.")]
    assert {"Co-operation", "co-ordinating", "cease-fires"} <= set(words)


def test_other_hyphenated_words_still_split(nlp):
    assert [t.text for t in nlp("the US-led coalition")] == ["the", "US", "-", "led", "coalition"]


def test_double_hyphens_of_wire_datelines_split(nlp):
    words = [token.text for token in nlp("PLEASANTON, Calif.--(BUSINESS WIRE)--DeltaTrak, a maker of sensors, said.")]
    assert words[:10] == ["PLEASANTON", ",", "Calif.", "--", "(", "BUSINESS", "WIRE", ")", "--", "DeltaTrak"]
    assert [token.text for token in nlp("The army--not the police--fired.")][:4] == ["The", "army", "--", "not"]
