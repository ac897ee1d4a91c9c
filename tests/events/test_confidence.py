"""Confidence: the lexicon's prior for the trigger, raised by the roles the parse gave."""

from eventwire.events.candidates import find_triggers, read_candidate
from eventwire.events.confidence import SECONDARY_PENALTY, confidence
from eventwire.events.roles import ActorIndex
from eventwire.records import Actor

KENYA = Actor("Kenya", 0, 5, "Kenya", "KEN", None, "state")
SOMALIA = Actor("Somalia", 15, 22, "Somalia", "SOM", None, "state")


def reading_of(nlp, lexicon, text):
    sentence = next(nlp(text).sents)
    token, trigger = find_triggers(sentence, lexicon)[0]
    return read_candidate(token, trigger, lexicon, ActorIndex([]))


def test_each_role_the_parse_gives_makes_an_event_likelier(nlp, lexicon):
    reading = reading_of(nlp, lexicon, "Kenya attacked Somalia.")
    bare, with_actor, with_both = (confidence(reading, [], []), confidence(reading, [KENYA], []),
                                   confidence(reading, [KENYA], [SOMALIA]))
    assert 0.05 <= bare < with_actor < with_both <= 0.95


def test_a_bare_event_noun_without_an_actor_loses_more_than_its_lower_prior(nlp, lexicon):
    noun = reading_of(nlp, lexicon, "The attack was over.")
    assert (noun.token.pos_, noun.trigger.weight) == ("NOUN", 0.65)
    assert confidence(noun, [], []) == round(0.25 + 0.45 * 0.65 - 0.1, 3)
    assert confidence(noun, [KENYA], []) == round(0.25 + 0.45 * 0.65 + 0.15, 3)


def test_an_event_that_is_not_the_main_one_loses_the_penalty_but_stays_above_the_floor(nlp, lexicon):
    reading = reading_of(nlp, lexicon, "Kenya attacked Somalia.")
    main = confidence(reading, [KENYA], [SOMALIA])
    assert confidence(reading, [KENYA], [SOMALIA], secondary=True) == round(main - SECONDARY_PENALTY, 3)
    assert confidence(reading, [], [], secondary=True) >= 0.05
