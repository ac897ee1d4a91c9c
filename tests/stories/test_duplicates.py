from eventwire.stories.duplicates import DOCUMENT_RULE, SENTENCE_RULE, CopyIndex, Signature

# Fixture text written for these tests.
ORIGINAL = "Ruritania said on Monday that its bombers had struck three fuel depots near the northern town of Velna overnight."
SPUN = "Republic of Ruritania said on Monday that its bombers had struck three fuel depots near the northern town of Velna overnight."
LONGER = ("Officials in the capital were cautious, but Ruritania said on Monday that its bombers had struck three fuel "
          "depots near the northern town of Velna overnight, and more raids would follow.")
UNRELATED = "The ministry said on Monday that it would hold talks with the delegation from Ostrava next week in Geneva."


def index_with(rule, **texts):
    index = CopyIndex.empty(rule)
    for key, text in texts.items():
        index.add(key, index.signature(text))
    return index


def test_a_spun_sentence_is_a_copy_of_its_original():
    index = index_with(SENTENCE_RULE, original=ORIGINAL)
    match = index.find_copy(index.signature(SPUN))
    assert match is not None and match.original == "original" and match.similarity >= 0.5


def test_a_sentence_reused_inside_a_longer_one_is_a_copy():
    index = index_with(SENTENCE_RULE, original=ORIGINAL)
    assert index.find_copy(index.signature(LONGER)).original == "original"


def test_sentences_sharing_stock_phrases_are_not_copies():
    index = index_with(SENTENCE_RULE, original=ORIGINAL)
    assert index.find_copy(index.signature(UNRELATED)) is None


def test_short_texts_are_not_compared():
    index = CopyIndex.empty(SENTENCE_RULE)
    assert index.signature("Talks resumed on Friday.") is None


def test_copies_of_copies_point_at_the_first_text():
    index = index_with(SENTENCE_RULE, original=ORIGINAL)
    spun = index.signature(SPUN)
    index.add("spun", spun, index.find_copy(spun).original)
    again = index.signature(SPUN.replace("Velna", "Velna city"))
    assert index.find_copy(again, exclude={"original"}).original == "original"


def test_signatures_survive_a_round_trip_through_bytes():
    index = CopyIndex.empty(DOCUMENT_RULE)
    article = " ".join([ORIGINAL, LONGER, UNRELATED] * 2)
    signature = index.signature(article)
    restored = Signature.from_bytes(signature.to_bytes(), signature.size)
    assert restored.minhash.jaccard(signature.minhash) == 1.0
    index.add("article", restored)
    assert index.find_copy(index.signature(article + " Updated at noon.")).original == "article"
