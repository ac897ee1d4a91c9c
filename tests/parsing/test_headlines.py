"""Title-case headlines parsed in sentence case, on the source's own words."""

from eventwire.parsing.headlines import VerbForms, is_title_case, sentence_case

STOP_WORDS = frozenset({"in", "with", "against", "the", "of", "to", "over"})
VERBS = VerbForms(index=["deny", "shell", "meet", "trump", "bomb"], exceptions={"met": ["meet"]},
                  rules=[["s", ""], ["ies", "y"], ["ing", ""], ["ed", ""]])


def test_a_line_with_every_longer_content_word_capitalised_is_title_case():
    assert is_title_case("Army Denies Shelling Border Villages", STOP_WORDS)
    assert is_title_case("Kenya Meets Somalia Over the Border Dispute", STOP_WORDS)


def test_running_text_capitals_and_short_lines_are_not():
    assert not is_title_case("Kenya denies shelling border villages near Mandera", STOP_WORDS)
    assert not is_title_case("ARMY DENIES SHELLING BORDER VILLAGES", STOP_WORDS)
    assert not is_title_case("Breaking News", STOP_WORDS)


def test_verbs_and_function_words_are_lowered_and_the_text_keeps_its_length():
    text = "Army Denies Shelling Border Villages\nThe army said on Monday it had not fired."
    recased = sentence_case(text, STOP_WORDS, VERBS)
    assert recased.split("\n")[0] == "Army denies shelling Border Villages"
    assert len(recased) == len(text) and recased.split("\n")[1] == text.split("\n")[1]


def test_first_words_acronyms_and_names_written_so_in_the_body_keep_their_capitals():
    text = "Trump Met Kenya's Leader in Nairobi\nOn Monday President Trump flew in."
    assert sentence_case(text, STOP_WORDS, VERBS).split("\n")[0] == "Trump met Kenya's Leader in Nairobi"
    text = "Envoy Says US Will Meet Trump Aides\nThe envoy met aides of Trump on Friday."
    assert sentence_case(text, STOP_WORDS, VERBS).split("\n")[0] == "Envoy Says US Will meet Trump Aides"


def test_a_text_without_headlines_is_returned_as_it_is():
    text = "Kenya denied shelling villages. Somalia protested."
    assert sentence_case(text, STOP_WORDS, VERBS) is text


def test_the_model_parses_the_headline_as_sentences_but_keeps_the_source_words(nlp):
    text = "Army Denies Shelling Border Villages\n\nThe army said on Monday that it had not fired on the villages."
    doc = nlp(text)
    assert doc.text == text
    denies = next(t for t in doc if t.text == "Denies")
    assert denies.pos_ == "VERB" and denies.lemma_ == "deny"
    assert [s.text.strip() for s in doc.sents][1].startswith("The army said")


def test_documents_keep_their_context_through_the_pipe(nlp):
    texts = [("Army Denies Shelling Border Villages", 1), ("The army denied it.", 2)]
    assert [(doc.text, n) for doc, n in nlp.pipe(texts, as_tuples=True)] == texts
