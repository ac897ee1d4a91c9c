"""Hostile inputs: one regression test per case of issue 20, each ending in a reported problem and the
rest of the input still read. Caps are set small here, so a bomb of a few kilobytes stands for one of
gigabytes (bench/hostile_inputs.py reads the real sizes and measures memory)."""

from __future__ import annotations

import dataclasses
import gzip
import io
import json
import os
import zipfile

import pytest

from eventwire.errors import InputError
from eventwire.readers import ReadOptions, read_inputs

GOOD = "France signed a trade agreement with Germany in Paris on Monday, officials said."


def good_line(doc_id: str) -> str:
    return json.dumps({"id": doc_id, "text": GOOD})


def collect(inputs, options=None, stdin=None):
    options = options or ReadOptions()
    problems: list[InputError] = []
    documents = list(read_inputs([str(item) for item in inputs], problems.append, stdin=stdin, options=options))
    return [d.id for d in documents], [str(p) for p in problems]


def test_a_5000_digit_number_and_a_100000_deep_array_skip_their_line_only(tmp_path):
    lines = [good_line("a"), '{"id": 1, "text": ' + "9" * 5000 + "}", "[" * 100_000 + "]" * 100_000, good_line("b")]
    (tmp_path / "bad.jsonl").write_text("\n".join(lines) + "\n")
    (tmp_path / "next.jsonl").write_text(good_line("c") + "\n")
    ids, problems = collect([tmp_path / "bad.jsonl", tmp_path / "next.jsonl"])
    assert ids == ["a", "b", "c"], "the lines after them and the next file are read"
    assert len(problems) == 2
    assert problems[0] == f"{tmp_path}/bad.jsonl:2: not readable JSON (a number of more than 4,300 digits)"
    assert problems[1] == f"{tmp_path}/bad.jsonl:3: not readable JSON (nested too deeply)"


def test_a_csv_first_record_over_131072_characters_is_read(tmp_path):
    # The csv module's own cap (131,072) stopped the header read; the configured cap is far higher.
    (tmp_path / "long.csv").write_text(f'id,text\n1,"{GOOD} {"x" * 200_000}"\n2,"{GOOD}"\n')
    ids, problems = collect([tmp_path / "long.csv"])
    assert ids == ["1", "2"] and problems == []


def test_a_csv_cell_over_the_cap_stops_its_file_and_the_next_file_is_read(tmp_path):
    options = ReadOptions(max_field_chars=1000)
    # A cell over the cap across lines (each line under it): the csv module's own cell cap.
    (tmp_path / "cell.csv").write_text(f'id,text\n1,"{("x" * 500 + chr(10)) * 10}"\n2,"{GOOD}"\n')
    (tmp_path / "header.csv").write_text(f'"{("h" * 500 + chr(10)) * 10}",text\n1,"{GOOD}"\n')
    (tmp_path / "next.jsonl").write_text(good_line("after") + "\n")
    ids, problems = collect([tmp_path / "cell.csv", tmp_path / "header.csv", tmp_path / "next.jsonl"], options)
    assert ids == ["after"]
    assert problems[0].startswith(f"{tmp_path}/cell.csv:2: a cell over 1,000 characters")
    assert problems[0].endswith("the rest of the file is skipped")
    assert problems[1].startswith(f"{tmp_path}/header.csv:1: header row: a cell over 1,000 characters")
    assert len(problems) == 2


def test_an_unterminated_csv_quote_is_reported(tmp_path):
    (tmp_path / "open.csv").write_text(f'id,text\n1,"{GOOD}"\n2,"{GOOD}\n3,{GOOD}\n4,{GOOD}\n')
    (tmp_path / "closed-late.csv").write_text(f'id,text\n1,"{GOOD}\n2,"{GOOD}"\n3,"{GOOD}"\n')
    ids, problems = collect([tmp_path / "open.csv", tmp_path / "closed-late.csv"])
    assert ids == ["1", "3"]
    assert problems == [f"{tmp_path}/open.csv:3: a quote opened in this row is never closed; the rest of the file "
                        "was read as one cell and is skipped",
                        f"{tmp_path}/closed-late.csv:2: a quote in this row ends in the middle of a cell (',' expected "
                        "after '\"'), as a quote left open runs on to the next one; the lines up to there are skipped"]


def test_a_jsonl_line_over_the_cap_is_skipped_with_its_size_without_being_held(tmp_path):
    options = ReadOptions(max_line_bytes=1000)
    long_line = json.dumps({"id": "long", "text": "x" * 50_000})
    with gzip.open(tmp_path / "bomb.jsonl.gz", "wt") as stream:
        stream.write(good_line("a") + "\n" + long_line + "\n" + good_line("b") + "\n")
    ids, problems = collect([tmp_path / "bomb.jsonl.gz"], options)
    assert ids == ["a", "b"]
    assert problems == [f"{tmp_path}/bomb.jsonl.gz:2: line is 50,027 bytes, over the 1,000 bytes limit for one line; skipped"]


def test_gzip_and_zip_bombs_stop_at_the_caps_and_the_next_files_are_read(tmp_path):
    options = ReadOptions(max_member_bytes=100_000, max_stream_bytes=250_000)
    filler = (good_line("x") + "\n") * 5000  # about 470 kB, compressed to a few kB
    with gzip.open(tmp_path / "a.jsonl.gz", "wt") as stream:
        stream.write(good_line("first") + "\n" + filler)
    with gzip.open(tmp_path / "b.csv.gz", "wt") as stream:
        stream.write("id,text\n" + f'9,"{GOOD}"\n' * 5000)
    with zipfile.ZipFile(tmp_path / "c.zip", "w", zipfile.ZIP_DEFLATED) as archive:
        for number in range(4):  # each member under the member cap, all of them over the archive's
            archive.writestr(f"part{number}.jsonl", (good_line(f"z{number}") + "\n") * 900)
        archive.writestr("whole.jsonl", filler)  # declared over the member cap: refused before reading
    (tmp_path / "d.jsonl").write_text(good_line("after") + "\n")
    ids, problems = collect([tmp_path], options)
    assert ids[0] == "first" and ids[-1] == "after", "the files after the bombs are read"
    assert any(p.startswith(f"{tmp_path}/a.jsonl.gz: decompresses to over 0.1 MB") for p in problems)
    assert any(p.startswith(f"{tmp_path}/b.csv.gz: decompresses to over 0.1 MB") for p in problems)
    assert any(p.startswith(f"{tmp_path}/c.zip[part2.jsonl]: the archive decompresses to over 0.2 MB in all")
               for p in problems)
    assert f"{tmp_path}/c.zip[whole.jsonl]: decompresses to 520,000 bytes, over the 0.1 MB limit for one compressed file" in problems


def test_zip_member_names_keep_their_brackets(tmp_path):
    with zipfile.ZipFile(tmp_path / "a.zip", "w") as archive:
        archive.writestr("bad.jsonl", "not json\n" + good_line("ok") + "\n")
    ids, problems = collect([tmp_path / "a.zip"])
    assert ids == ["ok"] and problems == [f"{tmp_path}/a.zip[bad.jsonl]:1: not valid JSON (Expecting value at column 1)"]


def test_dangling_symlinks_are_reported(tmp_path):
    (tmp_path / "good.jsonl").write_text(good_line("ok") + "\n")
    os.symlink(tmp_path / "gone.txt", tmp_path / "link.txt")
    ids, problems = collect([tmp_path, tmp_path / "link.txt"])
    assert ids == ["ok"]
    message = f"{tmp_path}/link.txt: dangling symbolic link (to {tmp_path}/gone.txt); nothing to read"
    assert problems == [message, message]


def test_utf16_json_lines_and_csv_are_read(tmp_path):
    (tmp_path / "a.jsonl").write_bytes((good_line("u1") + "\n" + good_line("u2") + "\n").encode("utf-16"))
    (tmp_path / "b.csv").write_bytes(f'id,text\nu3,"{GOOD}"\n'.encode("utf-16"))
    (tmp_path / "c.tsv").write_bytes(f"id\ttext\nu4\t{GOOD}\n".encode("utf-16-be").join([b"\xfe\xff", b""]))
    ids, problems = collect([tmp_path])
    assert ids == ["u1", "u2", "u3", "u4"] and problems == []


def test_html_nested_10000_deep_keeps_its_text(tmp_path):
    (tmp_path / "deep.html").write_text("<div>" * 10_000 + f"<p>{GOOD} The talks went on.</p>" + "</div>" * 10_000)
    documents = list(read_inputs([str(tmp_path / "deep.html")], pytest.fail))
    assert [d.id for d in documents] == ["deep.html"] and GOOD in documents[0].text


def test_a_garbage_warc_is_reported_without_its_bytes(tmp_path):
    (tmp_path / "junk.warc").write_bytes(b"\x00\x01garbage\xff\xfe\x1b[31m [/x]\n" * 20)
    ids, problems = collect([tmp_path / "junk.warc"])
    assert ids == [] and problems == [f"{tmp_path}/junk.warc: not a WARC or ARC archive "
                                      "(no record header where one should start)"]


def test_stdin_lines_are_capped_too():
    stdin = io.TextIOWrapper(io.BytesIO(f'{good_line("a")}\n{"x" * 5000}\n{good_line("b")}\n'.encode()))
    ids, problems = collect(["-"], ReadOptions(max_line_bytes=1000), stdin=stdin)
    assert ids == ["a", "b"] and problems == ["<stdin>:2: line is 5,001 bytes, over the 1,000 bytes limit for one line; skipped"]


def test_a_reader_that_raises_anything_loses_only_its_file(tmp_path, monkeypatch):
    from eventwire.readers import files

    def explode(source, on_problem, options):
        yield from ()
        raise MemoryError("simulated")

    monkeypatch.setitem(files.READERS, ".html", explode)
    (tmp_path / "a.html").write_text("<p>x</p>")
    (tmp_path / "b.jsonl").write_text(good_line("b") + "\n")
    ids, problems = collect([tmp_path])
    assert ids == ["b"] and problems == [f"{tmp_path}/a.html: could not be read (MemoryError: simulated)"]


def test_feed_entries_that_trip_the_reader_are_skipped_one_by_one(tmp_path, monkeypatch):
    from eventwire.readers import feeds

    real = feeds._entry_text

    def text_or_fail(entry):
        if entry.get("title") == "Broken":
            raise RecursionError("maximum recursion depth exceeded")
        return real(entry)

    monkeypatch.setattr(feeds, "_entry_text", text_or_fail)
    items = "".join(f"<item><title>{title}</title><guid>{title}</guid><description>{GOOD}</description></item>"
                    for title in ("One", "Broken", "Three"))
    (tmp_path / "f.rss").write_text(f'<rss version="2.0"><channel><title>W</title>{items}</channel></rss>')
    ids, problems = collect([tmp_path / "f.rss"])
    assert ids == ["One", "Three"]
    assert problems == [f"{tmp_path}/f.rss#2: entry not readable (RecursionError: maximum recursion depth exceeded)"]


def test_caps_come_from_the_config():
    from eventwire.config import Config

    options = ReadOptions.from_config(dataclasses.replace(Config(), max_line_bytes=10, max_member_bytes=20), "body")
    assert (options.max_line_bytes, options.max_member_bytes, options.text_column) == (10, 20, "body")
    assert ReadOptions().max_line_bytes == Config().max_line_bytes


def test_a_csv_line_over_the_cap_is_never_held_whole(tmp_path):
    # csv reads whole lines: a line with no newline in a .csv.gz bomb is cut at the cell cap, not held.
    with gzip.open(tmp_path / "bomb.csv.gz", "wt") as stream:
        stream.write(f'id,text\n1,"{GOOD}"\n2,"' + "a" * 50_000 + f'\n3,"{GOOD}"\n')
    ids, problems = collect([tmp_path / "bomb.csv.gz"], ReadOptions(max_field_chars=1000))
    assert ids == ["1", "3"], "the row after it is read"
    assert problems == [f"{tmp_path}/bomb.csv.gz:3: line is 50,004 characters, over the 1,000 a line of a table may "
                        "have; skipped"]
