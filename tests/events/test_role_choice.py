"""The learned role choice: candidates and their features, the choice, the model file."""

from __future__ import annotations

import json

import numpy as np
import pytest

from eventwire.events.coder import code_document
from eventwire.events.role_choice import (
    FEATURE_NAMES,
    RoleChoice,
    RoleModel,
    RoleModelError,
    choose_roles,
    load_role_model,
)
from eventwire.records import Document
from tests.events.coding import actors_in, names, only

FEATURE = {name: number for number, name in enumerate(FEATURE_NAMES)}


def one_feature_model(actor_feature: str, recipient_feature: str, threshold: float = 0.5) -> RoleModel:
    """A model that is sure of a role exactly when one feature is on."""
    size = len(FEATURE_NAMES)
    actor, recipient = np.zeros(size), np.zeros(size)
    actor[FEATURE[actor_feature]] = 10.0
    recipient[FEATURE[recipient_feature]] = 10.0
    return RoleModel(mean=np.zeros(size), scale=np.ones(size), actor_weights=actor, actor_bias=-5.0,
                     recipient_weights=recipient, recipient_bias=-5.0, actor_threshold=threshold,
                     recipient_threshold=threshold)


def logged(nlp, lexicon, text: str, model: RoleModel | None = None):
    """The events of a sentence and the candidates the role step saw, with actors given by hand."""
    log: list = []
    events = code_document(nlp(text), Document(id="t", text=text), "2015-12-09", lexicon, actors_in(text), [], [],
                           roles=RoleChoice(model, log))
    return events, log


def features_of(log, category: str, text: str) -> dict[str, float]:
    entries = [entry for entry in log if entry[1] == category]
    assert entries, f"no {category} among {[entry[1] for entry in log]}"
    candidates = [c for c in entries[0][2] if c.actor.text == text]
    assert candidates, f"no candidate {text!r}"
    return dict(zip(FEATURE_NAMES, candidates[0].features, strict=True))


def test_a_passive_agent_and_its_subject_are_told_apart(nlp, lexicon):
    _, log = logged(nlp, lexicon, "Somalia was attacked by Kenya on Monday.")
    kenya, somalia = features_of(log, "ASSAULT", "Kenya"), features_of(log, "ASSAULT", "Somalia")
    assert kenya["agent_of_passive"] == 1 and kenya["prep_by"] == 1 and kenya["rule_actor"] == 1
    assert somalia["subject_of_passive"] == 1 and somalia["rule_recipient"] == 1 and somalia["before"] == 1
    assert len(log[0][2][0].features) == len(FEATURE_NAMES)


def test_the_speaker_of_a_statement_is_a_candidate(nlp, lexicon):
    _, log = logged(nlp, lexicon, "China said on Monday that Russia was responsible for the attack.")
    china = features_of(log, "ACCUSE", "China")
    assert china["speaker"] == 1 or china["subject_of_governing_verb"] == 1


def test_the_parse_roles_stand_whatever_the_model(nlp, lexicon):
    # A model that would take the passive subject as actor and the agent as recipient: the passive
    # agent is grammar, and stays the actor.
    events, _ = logged(nlp, lexicon, "Somalia was attacked by Kenya on Monday.",
                       one_feature_model("subject_of_passive", "agent_of_passive"))
    event = only(events, "ASSAULT")
    assert names(event.actor) == ["Kenya"] and names(event.recipient) == ["Somalia"]


def test_where_the_parse_gives_no_actor_the_model_chooses_not_proximity(nlp, lexicon):
    text = "Pakistan's anger over the attack on India grew."
    rules, _ = logged(nlp, lexicon, text)
    assert names(only(rules, "ASSAULT").actor) == ["Pakistan"]  # the nearest mention before the trigger
    events, _ = logged(nlp, lexicon, text, one_feature_model("pronoun", "pronoun"))  # sure of no one
    event = only(events, "ASSAULT")
    assert event.actor == () and names(event.recipient) == ["India"]  # the rules' recipient stands
    assert "nearest mention" not in event.rule and "roles: learned choice" in event.rule


def test_a_recipient_the_rules_give_is_never_the_chosen_actor(nlp, lexicon):
    text = "In Syria, the fighting between Turkey and Kenya went on."
    rules, _ = logged(nlp, lexicon, text)
    assert only(rules, "ASSAULT").actor == () and names(only(rules, "ASSAULT").recipient) == ["Turkey"]
    events, _ = logged(nlp, lexicon, text, one_feature_model("nearest_after", "dep_pobj"))
    event = only(events, "ASSAULT")
    assert names(event.actor) == ["Turkey"] and "Turkey" not in names(event.recipient)


def test_coordinated_mentions_are_chosen_together(nlp, lexicon):
    _, log = logged(nlp, lexicon, "Russia and Iran attacked Turkey.")
    actors, recipients = choose_roles(log[0][2], one_feature_model("before", "dep_dobj"), lexicon.words)
    assert names(actors) == ["Russia", "Iran"] and names(recipients) == ["Turkey"]


def test_an_actor_is_never_also_the_recipient(nlp, lexicon):
    _, log = logged(nlp, lexicon, "Russia attacked Turkey.")
    candidates = log[0][2]
    assert len(candidates) == 2
    actors, recipients = choose_roles(candidates, one_feature_model("before", "before"), lexicon.words)
    assert names(actors) == ["Russia"] and recipients == []


def test_the_shipped_model_fits_the_features():
    model = load_role_model()
    assert model is not None and model.actor_weights.shape == (len(FEATURE_NAMES),)
    assert 0 < model.actor_threshold < 1 and 0 < model.recipient_threshold < 1


def test_a_model_trained_for_other_features_is_refused(tmp_path):
    path = tmp_path / "role_model.json"
    path.write_text(json.dumps({"format": 1, "features": ["something_else"]}), encoding="utf-8")
    with pytest.raises(RoleModelError, match="retrain"):
        load_role_model(path)
    assert load_role_model(tmp_path / "missing.json") is None


def test_who_reports_the_act_is_never_made_its_recipient(nlp, lexicon):
    text = "Russia said on Monday that the strikes destroyed two depots."
    events, log = logged(nlp, lexicon, text, one_feature_model("pronoun", "source_clause"))
    assert features_of(log, "ASSAULT", "Russia")["source_clause"] == 1  # the model would take it
    assert "Russia" not in names(only(events, "ASSAULT").recipient)
