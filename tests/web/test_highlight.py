"""Marked article text: every piece escaped, overlapping spans marked without nesting."""

from eventwire.web.highlight import Mark, event_marks, highlighted


def test_text_and_notes_are_escaped():
    text = 'A <script>alert("x")</script> & B'
    html = str(highlighted(text, [Mark(0, 1, "actor", 'note "<b>"')]))
    assert "<script>" not in html and "&lt;script&gt;" in html and "&amp; B" in html
    assert 'title="note &#34;&lt;b&gt;&#34;"' in html


def test_overlapping_spans_share_a_mark():
    text = "Rebels attacked a post."
    marks = [Mark(0, len(text), "sentence", "s"), Mark(7, 15, "trigger", "t"), Mark(0, 6, "actor", "a")]
    html = str(highlighted(text, marks, anchor=0))
    assert '<mark class="sentence actor" title="s; a" id="evidence">Rebels</mark>' in html
    assert '<mark class="sentence trigger" title="s; t">attacked</mark>' in html
    assert html.count('id="evidence"') == 1


def test_spans_outside_the_text_are_dropped():
    assert str(highlighted("short", [Mark(3, 50, "place", "p"), Mark(-1, 2, "actor", "a")])) == "short"


def test_an_event_record_marks_its_sentence_trigger_actors_and_place():
    event = {"event": "ASSAULT", "quad": "MATERIAL_CONFLICT", "sentence": "Rebels attacked Goma.", "sent_start": 10,
             "trigger": "attacked", "trigger_start": 17, "actor": [{"name": "rebels", "start": 10, "end": 16}],
             "recipient": [], "attributed_to": None,
             "location": {"name": "Goma", "start": 26, "end": 30}}
    kinds = {(m.kind, m.start, m.end) for m in event_marks(event)}
    assert kinds == {("sentence", 10, 31), ("trigger", 17, 25), ("actor", 10, 16), ("place", 26, 30)}
