import pytest

from eventwire.cleaning import Preparation, PreparationSummary, identify_language, prepare_documents
from eventwire.cleaning.language import skip_reason
from eventwire.errors import InputError, NotCodedError
from eventwire.records import Document

GERMAN = ("Die Bundesregierung hat am Dienstag beschlossen, die Sanktionen gegen Russland um weitere sechs Monate "
          "zu verlängern, teilte ein Sprecher in Berlin mit.")
FRENCH = ("Le ministre français des Affaires étrangères a annoncé mardi de nouvelles sanctions contre la Russie "
          "après les frappes sur Idlib.")
RUSSIAN = "Министр иностранных дел России заявил во вторник, что Москва не будет сотрудничать с коалицией в Сирии."
ENGLISH = ("Kenya urged Somalia on Thursday to release two Kenyan journalists detained in Mogadishu, "
           "the foreign ministry said.")


@pytest.mark.parametrize("text,code", [(GERMAN, "de"), (FRENCH, "fr"), (RUSSIAN, "ru"), (ENGLISH, "en")])
def test_languages_are_identified(identifier, text, code):
    guess = identify_language(text, identifier)
    assert guess.code == code and guess.probability >= 0.8


def test_too_short_to_tell_is_coded(identifier):
    guess = identify_language("Putin meets Erdogan", identifier)
    assert guess.code is None and skip_reason(guess) is None


def test_non_english_documents_are_skipped_with_a_reason_and_counted(cleaner, identifier):
    preparation = Preparation(cleaner=cleaner, identifier=identifier)
    documents = [Document(id=name, text=text, origin=f"{name}.txt") for name, text in
                 (("de", GERMAN), ("en", ENGLISH), ("fr", FRENCH), ("ru", RUSSIAN))]
    problems: list[InputError] = []
    summary = PreparationSummary()
    kept = list(prepare_documents(documents, preparation, problems.append, summary))
    assert [(d.id, d.language) for d in kept] == [("en", "en")]
    assert len(problems) == 3 and all(isinstance(p, NotCodedError) for p in problems)
    assert "de.txt: written in German (de, probability" in str(problems[0]) and "not coded" in str(problems[0])
    assert summary.not_coded == {"de": 1, "fr": 1, "ru": 1}
    assert "3 documents not in English skipped (de 1, fr 1, ru 1)" in summary.describe()


def test_preparation_without_cleaning_keeps_the_text(identifier):
    text = "Listen Live\n\n" + ENGLISH
    preparation = Preparation(cleaner=None, identifier=identifier)
    (document,) = prepare_documents([Document(id="a", text=text)], preparation, lambda p: None)
    assert document.text == text and document.removed == ()


def test_a_document_that_was_all_furniture_is_reported(cleaner, identifier):
    preparation = Preparation(cleaner=cleaner, identifier=identifier)
    problems: list[InputError] = []
    kept = list(prepare_documents([Document(id="menu", text="Home\nShare\nListen Live\n")], preparation, problems.append))
    assert kept == [] and "nothing left after cleaning" in str(problems[0])
