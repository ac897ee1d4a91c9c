"""Parse shapes that several steps read, on parsed inline sentences."""

from eventwire.events.syntax import clause_reported_before, joined


def test_a_participle_describing_a_noun_is_no_report(nlp):
    doc = nlp("Kenya and Somalia signed a treaty, a deal opposed by Egypt.")
    opposed = next(t for t in doc if t.text == "opposed")
    assert clause_reported_before(opposed) is None


def test_a_two_part_trigger_takes_the_function_words_between_but_never_a_participant(nlp):
    doc = nlp("Iran refused to share intelligence.")
    assert joined(doc[1], doc[3]) == {1, 2, 3}
    doc = nlp("Iran asked Russia to withdraw.")
    assert joined(doc[1], doc[4]) == {1}
