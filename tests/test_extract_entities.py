"""Tests of newsweave.extract.entities: rule-based fallback and the optional spaCy model."""

from __future__ import annotations

import pickle

import pytest

from newsweave.errors import ConfigError, MissingDependencyError
from newsweave.extract import entities as entities_mod
from newsweave.extract.entities import EntityRecognizer, NerParams
from newsweave.names import rule_entities

TEXT = (
    "Valdorian President Ana Holt met Foreign Minister Tomas Reyk in Moscow on Friday. "
    "The Harbour Ministry said the talks went well. Holt later flew to Germany. "
    "Regarding Russia's offer, NATO officials were silent."
)


def _labels(ents):
    return {(e.text, e.label) for e in ents}


def test_rule_entities_people_orgs_places():
    ents = rule_entities(TEXT)
    labels = _labels(ents)
    assert ("Valdorian", "NORP") in labels
    assert ("Ana Holt", "PERSON") in labels
    assert ("Tomas Reyk", "PERSON") in labels
    assert ("Moscow", "GPE") in labels
    assert ("Harbour Ministry", "ORG") in labels
    assert ("Holt", "PERSON") in labels  # surname of a person named in full
    assert ("Germany", "GPE") in labels
    assert ("Russia", "GPE") in labels
    assert ("NATO", "ORG") in labels
    assert not any(e.text.startswith(("Regarding", "The ")) for e in ents)
    for e in ents:
        assert TEXT[e.start : e.end] == e.text


def test_recognizer_off_uses_rules_and_pickles():
    rec = EntityRecognizer("off")
    assert rec(TEXT) == rule_entities(TEXT)
    assert not rec.uses_model
    clone = pickle.loads(pickle.dumps(rec))
    assert clone.mode == "off" and clone(TEXT) == rule_entities(TEXT)


def test_recognizer_on_without_model_raises_a_clear_error():
    missing = NerParams(model="no_such_model_newsweave_test")
    with pytest.raises(MissingDependencyError, match="nlp"):
        EntityRecognizer("on", params=missing)("Text.")
    assert EntityRecognizer("auto", params=missing)(TEXT) == rule_entities(TEXT)
    clone = pickle.loads(pickle.dumps(EntityRecognizer("auto", params=missing)))
    assert clone.params == missing


def test_ner_params_are_validated():
    with pytest.raises(ConfigError, match="spaCy package"):
        NerParams(model=" ")


def test_recognizer_rejects_unknown_mode():
    with pytest.raises(ValueError, match="auto, on or off"):
        EntityRecognizer("maybe")


@pytest.mark.slow
def test_spacy_model_when_installed():
    pytest.importorskip("spacy")
    rec = EntityRecognizer("auto")
    if not rec.uses_model:
        pytest.skip(f"{entities_mod.SPACY_MODEL} is not installed (pip install 'newsweave[nlp]')")
    ents = rec("Russian President Vladimir Putin met Donald Trump in Helsinki.")
    assert ("Vladimir Putin", "PERSON") in _labels(ents)
    assert ("Helsinki", "GPE") in _labels(ents)
    state = pickle.loads(pickle.dumps(rec))
    assert state._nlp is None  # the model does not travel; it reloads lazily


def test_a_surname_that_looks_like_a_demonym_is_a_person_once_named_in_full() -> None:
    text = "Police detained Teodor Lukan on Monday. Lukan denies the charges. Lukan said nothing."
    labels = {(e.text, e.label) for e in rule_entities(text)}
    assert ("Lukan", "PERSON") in labels
    assert ("Lukan", "NORP") not in labels
    # Without the full name it stays a nationality guess.
    alone = rule_entities("Protests by Lukan farmers went on.")
    assert ("Lukan", "NORP") in {(e.text, e.label) for e in alone}
