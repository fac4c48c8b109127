"""Loading articles: formats, metadata and offsets that map back to the file's line and column."""

from __future__ import annotations

import json
from pathlib import Path

from factcheck.loading import load
from factcheck.model import Location


def _loc(doc, needle):
    i = doc.text.index(needle)
    return Location.of(doc, i, i + len(needle))


def test_txt_positions_count_crlf_and_lone_cr(tmp_path: Path) -> None:
    (tmp_path / "a.txt").write_bytes(b"first line\r\nsecond line\rthird 10 km here\n")
    doc = load([tmp_path]).documents[0]
    loc = _loc(doc, "10 km")
    assert (loc.line, loc.column, loc.end_line, loc.end_column) == (3, 7, 3, 11)


def test_markdown_front_matter_is_metadata_and_lines_count_it(tmp_path: Path) -> None:
    (tmp_path / "a.md").write_text("---\ntitle: T\ndate: 2023-01-13\noutlet: Wire\nextra: 1\n---\nBody\nfive miles\n",
                                   encoding="utf-8")
    doc = load([tmp_path]).documents[0]
    assert doc.meta["title"] == "T" and doc.meta["outlet"] == "Wire" and doc.meta["extra"] == 1
    assert str(doc.date) == "2023-01-13"
    assert doc.text.startswith("Body")
    loc = _loc(doc, "five miles")
    assert (loc.line, loc.column) == (8, 1)


def test_json_list_and_escapes_map_to_file_columns(tmp_path: Path) -> None:
    raw = '[\n {"title": "A", "body": "Caf\\u00e9 \\"x\\" 10 km"},\n {"text": "second", "source": "Wire"}\n]\n'
    (tmp_path / "a.json").write_text(raw, encoding="utf-8")
    docs = load([tmp_path]).documents
    assert [d.record for d in docs] == [0, 1]
    assert docs[0].text == 'Café "x" 10 km'
    loc = _loc(docs[0], "10 km")
    line2 = raw.splitlines()[1]
    assert (loc.line, loc.column) == (2, line2.index("10 km") + 1)
    assert docs[1].meta["outlet"] == "Wire"


def test_jsonl_bad_record_is_reported_with_its_line_and_others_load(tmp_path: Path) -> None:
    lines = [json.dumps({"text": "one", "date_publish": "2023-01-12"}), "{not json", json.dumps({"content": "three"})]
    (tmp_path / "a.jsonl").write_text("\n".join(lines) + "\n", encoding="utf-8")
    result = load([tmp_path])
    assert [d.text for d in result.documents] == ["one", "three"]
    assert str(result.documents[0].date) == "2023-01-12"
    assert len(result.problems) == 1
    assert result.problems[0].evidence[0].location.line == 2


def test_bad_files_are_reported_and_the_rest_loaded(tmp_path: Path) -> None:
    (tmp_path / "bin.txt").write_bytes(b"\x00\x01\x02binary")
    (tmp_path / "bad.txt").write_bytes(b"caf\xe9 ok")
    (tmp_path / "u16.txt").write_bytes("hello".encode("utf-16"))
    (tmp_path / "good.txt").write_text("fine", encoding="utf-8")
    result = load([tmp_path])
    texts = sorted(d.text for d in result.documents)
    assert texts == ["caf\ufffd ok", "fine", "hello"]
    messages = sorted(p.message for p in result.problems)
    assert any("binary" in m for m in messages) and any("invalid UTF-8" in m for m in messages)


def test_directory_order_is_sorted_and_recursive(tmp_path: Path) -> None:
    for name in ["b/2.txt", "a.txt", "b/1.md", "c.json", "skip.csv"]:
        p = tmp_path / name
        p.parent.mkdir(parents=True, exist_ok=True)
        p.write_text('{"text": "x"}' if name.endswith(".json") else "x", encoding="utf-8")
    result = load([tmp_path])
    names = [Path(d.path).name for d in result.documents]
    assert names == ["a.txt", "1.md", "2.txt", "c.json"]
