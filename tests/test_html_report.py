"""The HTML report: number-line geometry (computed by hand), page structure, escaping, determinism."""

from __future__ import annotations

import datetime as dt
import math
import re
import subprocess
import sys
from dataclasses import dataclass
from html.parser import HTMLParser
from pathlib import Path

import pytest
from typer.testing import CliRunner

from factcheck.analysis import Analysis
from factcheck.cli import app
from factcheck.html import annotate, numberline, values
from factcheck.html.page import render_page
from factcheck.loading import load_file
from factcheck.model import (
    Claim,
    Document,
    Evidence,
    Fact,
    Finding,
    Location,
    Mention,
    Sentence,
    Severity,
    SourceMap,
    line_starts,
)
from factcheck.report import Report
from factcheck.reporters import html as html_reporter

INF = math.inf
ROOT = Path(__file__).resolve().parents[1]


@dataclass(frozen=True, kw_only=True)
class Q(Mention):
    """A stand-in quantity mention: just what the report reads."""

    qualifier: str = "="
    base_unit: str | None = None
    value: float | None = None  # as stated, in ``unit``
    unit: str | None = None

    def to_json(self) -> dict:
        return {"qualifier": self.qualifier}


def doc(path: str, text: str, **meta) -> Document:
    return Document(path, text, SourceMap(line_starts(text)), meta=meta)


def analysis(d: Document, mentions: list[Mention] = ()) -> Analysis:
    a = Analysis(d, [Sentence(0, len(d.text), 0)])
    a.quantities = [m for m in mentions if m.kind == "quantity"]
    a.dates = [m for m in mentions if m.kind == "date"]
    a.names = [m for m in mentions if m.kind == "name"]
    return a


def claim(d: Document, needle: str, interval: tuple[float, float], display: str, *, fact: str = "f",
          qualifier: str = "=", base_unit: str | None = "meter", outlet: str | None = None,
          value: float | None = None, unit: str | None = None) -> Claim:
    s = d.text.index(needle)
    m = Q(kind="quantity", start=s, end=s + len(needle), text=needle, qualifier=qualifier, base_unit=base_unit,
          value=value, unit=unit)
    return Claim(fact, "r", d.doc_id, Location.of(d, s, s + len(needle)), needle, m, interval, display,
                 sentence=d.text.strip(), outlet=outlet)


# --- the number line: positions computed by hand ----------------------------------------------------------

def hand_fact() -> tuple[Fact, list[Document]]:
    docs = [doc("a.txt", "It is about 8 km away."), doc("b.txt", "It is 10 km away."),
            doc("c.txt", "It is less than 10 km away."), doc("d.txt", "It is more than 12 km away.")]
    claims = [  # given out of file order on purpose: rows are drawn sorted by file, indices are kept
        claim(docs[3], "more than 12 km", (12000, INF), "> 12 km", qualifier=">"),
        claim(docs[0], "about 8 km", (7000, 9000), "≈ 8 km", qualifier="~", value=8, unit="kilometer"),
        claim(docs[2], "less than 10 km", (-INF, 10000), "< 10 km", qualifier="<"),
        claim(docs[1], "10 km", (9500, 10500), "10 km", outlet='Daily "Planet"', value=10, unit="kilometer"),
    ]
    return Fact("distance X–Y", "distance", "quantity", "kilometer", claims, (10000, 10000), [1]), docs


def test_numberline_positions_by_hand():
    fact, _ = hand_fact()
    line = numberline.layout(fact)
    # finite values in km: 7, 9 (bar), 10 (point), 10 (upper end of "less"), 12 (lower end of "more"),
    # 10 (consensus) -> [7, 12], span 5, pad 0.5 -> axis [6.5, 12.5] over pixels [340, 860]: 520/6 px a km
    assert line.scale.dmin == pytest.approx(6.5) and line.scale.dmax == pytest.approx(12.5)
    px = 520 / 6
    marks = {m.label.split(":")[0]: m for m in line.marks}
    assert [m.index for m in line.marks] == [1, 3, 2, 0]  # a.txt, b.txt (outlet), c.txt, d.txt
    a, b, c, d = marks["a.txt"], marks['Daily "Planet"'], marks["c.txt"], marks["d.txt"]
    assert (a.shape, b.shape, c.shape, d.shape) == ("bar", "point", "less", "more")
    assert a.x0 == pytest.approx(340 + 0.5 * px) and a.x1 == pytest.approx(340 + 2.5 * px)  # 383.3, 556.7
    # "10 km" exact: a point at 10 (643.3) with a whisker over its rounding, 9.5 (600) to 10.5 (686.7)
    assert b.stated == pytest.approx(340 + 3.5 * px) == pytest.approx(643.333, abs=1e-3)
    assert b.x0 == pytest.approx(600) and b.x1 == pytest.approx(340 + 4 * px)
    assert c.x1 == pytest.approx(643.333, abs=1e-3) and c.x0 == 340  # open below: to the left edge
    assert d.x0 == pytest.approx(340 + 5.5 * px) and d.x1 == 860  # open above: to the right edge
    assert a.stated == pytest.approx(340 + 1.5 * px)  # 8 km, the stated value inside the bar: 470
    assert c.stated is None and d.stated is None
    assert (a.role, b.role, c.role, d.role) == ("outlier", "consensus", "consensus", "other")
    assert [m.y for m in line.marks] == [26, 54, 82, 110]  # 12 + 28 * row + 14
    # consensus is the single value 10 km: a band 3 px wide centred on x(10)
    assert line.band == pytest.approx((643.333 - 1.5, 643.333 + 1.5), abs=1e-3)
    # ticks every 2 km (6 km / 5 = 1.2 -> 2): 8, 10, 12
    assert [t[1] for t in line.ticks] == ["8", "10", "12"]
    assert [t[0] for t in line.ticks] == pytest.approx([340 + 1.5 * px, 340 + 3.5 * px, 340 + 5.5 * px])
    assert line.unit == "km"

    svg = numberline.render_svg(line)
    assert '<rect class="bar" x="383.3" y="21.0" width="173.3"' in svg
    assert '<line class="stated" x1="470.0" y1="22.0" x2="470.0" y2="30.0"/>' in svg
    assert '<line class="prec" x1="600.0" y1="54.0" x2="686.7" y2="54.0"/><circle class="pt" cx="643.3" cy="54.0" ' \
           'r="5"/>' in svg
    assert '<path class="head" d="M340.0 82.0 l9 -5 v10 z"/>' in svg  # "less than": arrow head at the left
    assert '<path class="head" d="M860.0 110.0 l-9 -5 v10 z"/>' in svg  # "more than": at the right
    assert svg.count(">outlier</text>") == 1
    assert '<g class="row outlier" data-doc="a.txt"' in svg
    assert "Daily &quot;Planet&quot;" in svg


def test_numberline_converts_temperatures_with_offset_and_leaves_counts_alone():
    d = doc("t.txt", "It was 20C, then 30C.")
    hot = Fact("temp", "t", "quantity", "degree_Celsius", [
        claim(d, "20C", (293.15, 293.15), "20 °C", base_unit="kelvin"),
        claim(d, "30C", (302.15, 304.15), "29–31 °C", base_unit="kelvin", value=86, unit="degree_Fahrenheit"),
    ])
    line = numberline.layout(hot)
    assert line.unit == "°C"
    assert [(m.lo, m.hi) for m in line.marks] == [pytest.approx((20, 20)), pytest.approx((29, 31))]
    assert [m.shape for m in line.marks] == ["point", "point"]  # exact values, the second stated in °F
    # [20, 31]: span 11, pad 1.1 -> [18.9, 32.1]
    assert (line.scale.dmin, line.scale.dmax) == pytest.approx((18.9, 32.1))
    # stated as 86 °F = 30 °C: x = 340 + (30 - 18.9) / 13.2 * 520
    assert line.marks[1].stated == pytest.approx(340 + 11.1 / 13.2 * 520)

    d2 = doc("p.txt", "559 residents and more than 500 civilians")
    people = Fact("people", "p", "quantity", None, [
        claim(d2, "559 residents", (559, 559), "559", base_unit=None),
        claim(d2, "more than 500 civilians", (500, INF), "> 500", qualifier=">", base_unit=None),
    ], consensus=(559, 559))
    line = numberline.layout(people)
    assert line.unit == "count"
    # [500, 559]: span 59, pad 5.9 -> [494.1, 564.9]
    assert (line.scale.dmin, line.scale.dmax) == pytest.approx((494.1, 564.9))
    assert [m.shape for m in line.marks] == ["point", "more"]
    assert all(m.role == "consensus" for m in line.marks)


def test_date_fact_gets_a_time_axis():
    d = doc("d.txt", "On Jan. 12 it fell; others say Jan. 13; all agree: in January.")
    day = lambda y, m, dd: float(dt.date(y, m, dd).toordinal())  # noqa: E731
    jan12, jan13, jan1, jan31 = day(2023, 1, 12), day(2023, 1, 13), day(2023, 1, 1), day(2023, 1, 31)

    def dclaim(needle: str, lo: float, hi: float) -> Claim:
        s = d.text.index(needle)
        m = Mention(kind="date", start=s, end=s + len(needle), text=needle)
        return Claim("fall", "r", d.doc_id, Location.of(d, s, s + len(needle)), needle, m, (lo, hi), needle)

    fact = Fact("fall", "r", "date", None, [dclaim("Jan. 12", jan12, jan12), dclaim("Jan. 13", jan13, jan13),
                                            dclaim("in January", jan1, jan31)], (jan12, jan12), [1])
    line = numberline.layout(fact)
    # Jan 1 .. Jan 31: 30 days, padded 3 each side -> Dec 29 .. Feb 3, 36 days over 520 px
    assert (line.scale.dmin, line.scale.dmax) == (jan1 - 3, jan31 + 3)
    assert [m.shape for m in line.marks] == ["point", "point", "bar"]
    assert line.marks[0].x0 == pytest.approx(340 + 14 / 36 * 520)  # Jan 12: 14 days after Dec 29
    assert line.marks[1].role == "outlier" and line.unit == "date"
    # 36 / 5 = 7.2 days a tick wanted -> every 14 days, on Sundays (ordinals divisible by 7): Jan 8, Jan 22
    assert [t[1] for t in line.ticks] == ["2023-01-08", "2023-01-22"]
    assert dt.date(2023, 1, 8).weekday() == 6
    page = render_page(Report(findings=[], files=1, analyses=[analysis(d)], facts=[fact]))
    assert "consensus 2023-01-12" in page
    # a longer span: ticks on the first of every second month (200 days / 5 = 40 days a tick wanted)
    assert [t[1] for t in values.date_ticks(jan1, jan1 + 200)] == ["2023-01-01", "2023-03-01", "2023-05-01",
                                                                   "2023-07-01"]


def test_running_figure_rows_go_by_publication_date():
    a, b = doc("a.txt", "12 dead"), doc("b.txt", "30 dead")
    early = Claim("dead", "r", "b.txt", Location.of(b, 0, 7), "30 dead", Q(kind="quantity", start=0, end=7,
                  text="30 dead"), (30, 30), "30", date=dt.date(2024, 5, 1))
    late = Claim("dead", "r", "a.txt", Location.of(a, 0, 7), "12 dead", Q(kind="quantity", start=0, end=7,
                 text="12 dead"), (12, 12), "12", date=dt.date(2024, 5, 3))
    fact = Fact("dead", "r", "quantity", None, [late, early], running=True)
    line = numberline.layout(fact)
    assert [m.label for m in line.marks] == ["b.txt:1 · 2024-05-01", "a.txt:1 · 2024-05-03"]
    fact.running = False
    assert [m.label for m in numberline.layout(fact).marks] == ["a.txt:1", "b.txt:1"]


def test_long_labels_are_cut_in_the_middle_to_stay_clear_of_the_value():
    d = doc("x.txt", "It is 10 km away.")
    c = claim(d, "10 km", (10000, 10000), "≈ 10 km", outlet="The Extraordinarily Long-Named Evening Gazette")
    (mark,) = numberline.layout(Fact("f", "r", "quantity", "kilometer", [c])).marks
    # room: (340 - 30 - 7 chars * 7.4 px) / 7.4 px = 34.9 -> 34 characters: 16 + "…" + 17
    assert mark.label == "The Extraordinar…Evening Gazette:1"  # "The Extraordinar" is 16, "Evening Gazette:1" 17


def test_domain_rules():
    assert numberline.domain([100, 100]) == pytest.approx((90, 110))  # one value: 10 % of it each side
    assert numberline.domain([0.5, 10.5]) == (0.0, pytest.approx(11.5))  # never below 0 for positives
    assert numberline.domain([-5, 5]) == pytest.approx((-6, 6))
    assert numberline.domain([]) == (0.0, 1.0)
    assert values.nice_step(6) == 2 and values.nice_step(0.3) == pytest.approx(0.1)
    assert values.nice_step(0.2) == pytest.approx(0.05)  # 0.04 a step wanted: 5 x 0.01
    assert values.ticks(0.0, 1.0) == pytest.approx([0, 0.2, 0.4, 0.6, 0.8, 1.0])
    assert values.format_tick(12000, 2000) == "12,000" and values.format_tick(0.25, 0.05) == "0.25"


# --- the page ---------------------------------------------------------------------------------------------

HOSTILE = ('Officials said <script>alert("x")</script> the town is 5 km away.\x1b[31m\n'
           'A caption read "><img src=x onerror=alert(1)> and Mayor O\'Brien & co agreed on Jan. 5.\n')


def hostile_report() -> Report:
    d = doc("evil/<b>.txt", HOSTILE, outlet="<i>Outlet</i>")
    s = HOSTILE.index("5 km")
    q = Q(kind="quantity", start=s, end=s + 4, text="5 km", base_unit="meter")
    i = HOSTILE.index('"><img')
    name = Mention(kind="name", start=i, end=i + 30, text=HOSTILE[i:i + 30])
    j = HOSTILE.index("Jan. 5")
    date = Mention(kind="date", start=j, end=j + 6, text="Jan. 5")
    d2 = doc("z.txt", "The town is 8 km away.")
    c1 = claim(d, "5 km", (5000, 5000), "5 km <u>", fact="<b>fact</b>")
    c2 = claim(d2, "8 km", (8000, 8000), "8 km", fact="<b>fact</b>")
    fact = Fact("<b>fact</b>", "r", "quantity", "kilometer", [c1, c2], (8000, 8000), [0])
    k = HOSTILE.index("<script>")
    findings = [
        Finding("r\"><script>", "contradiction", Severity.ERROR, "5 km vs 8 km <script>alert(2)</script>",
                (Evidence(c1.location, "5 km", "outlier", d.doc_id, s, s + 4),
                 Evidence(c2.location, "8 km", "consensus", d2.doc_id, 12, 16)), fact="<b>fact</b>"),
        # no offsets given: found from line/column and text
        Finding("names", "spelling", Severity.WARNING, 'odd "><img src=y onerror=alert(3)>',
                (Evidence(Location.of(d, k, k + 8), "<script>", "other"),)),
        Finding("input-error", "input-error", Severity.INFO, "file <odd>",
                (Evidence(Location(d.path, 1, 1, 1, 1), "", "file"),)),
    ]
    return Report(findings=findings, files=2, analyses=[analysis(d, [q, name, date]), analysis(d2)],
                  facts=[fact], rules=[])


class Tags(HTMLParser):
    def __init__(self) -> None:
        super().__init__()
        self.tags: list[tuple[str, dict]] = []
        self.text: list[str] = []

    def handle_starttag(self, tag, attrs):
        self.tags.append((tag, dict(attrs)))

    def handle_data(self, data):
        self.text.append(data)


def parse(page: str) -> Tags:
    p = Tags()
    p.feed(page)
    return p


def test_article_text_and_messages_are_escaped():
    page = html_reporter.render(hostile_report())
    p = parse(page)
    names = [t for t, _ in p.tags]
    assert names.count("script") == 1  # ours, at the end
    assert "img" not in names and "b" not in names and "i" not in names and "u" not in names
    assert not [a for _, attrs in p.tags for a in attrs if a.startswith("on")]
    text = "".join(p.text)
    # the hostile strings come back as text, verbatim
    assert '<script>alert("x")</script>' in text
    assert '"><img src=x onerror=alert(1)>' in text
    assert "5 km vs 8 km <script>alert(2)</script>" in text
    assert "<i>Outlet</i>" in text and "<b>fact</b>" in text
    assert "&lt;script&gt;alert(&quot;x&quot;)&lt;/script&gt;" in page
    # attribute values stay inside their quotes: the tooltip of the name mention holds the raw text escaped
    assert 'title="name: “&quot;&gt;&lt;img src=x onerror=alert(1)&gt;”"' in page
    assert page.count("<script>") == 1
    assert "\x1b" not in page and "away.\ufffd[31m" in page  # control characters do not reach the page


def test_page_structure():
    report = hostile_report()
    page = render_page(report)
    p = parse(page)
    ids = {a.get("id") for _, a in p.tags}
    assert {"summary", "filters", "findings", "facts", "articles", "doc-1", "doc-2", "fact-1"} <= ids
    assert {"finding-0", "finding-1", "finding-2"} <= ids
    assert {"doc-1-L1", "doc-1-L2", "doc-2-L1"} <= ids  # line anchors for file:line links
    # summary counts by level
    assert re.search(r'data-count="error">1<', page) and re.search(r'data-count="warning">1<', page)
    assert re.search(r'data-count="info">1<', page)
    # filters: one checkbox per level, per finding kind present, per mention kind
    boxes = [(a["data-filter"], a["value"]) for t, a in p.tags if t == "input"]
    assert [v for f, v in boxes if f == "level"] == ["error", "warning", "info"]
    assert [v for f, v in boxes if f == "kind"] == ["contradiction", "input-error", "spelling"]
    assert [v for f, v in boxes if f == "mention"] == ["quantity", "date", "name"]
    # mentions underlined by kind; findings marked by level with the message as tooltip
    spans = [a for t, a in p.tags if t == "span" and "class" in a]
    assert any(a["class"] == "m-quantity f lvl-error" and a["data-f"] == "0" for a in spans)
    assert any("m-name" in a["class"].split() for a in spans) and any("m-date" in a["class"] for a in spans)
    warn = [a for a in spans if {"f", "lvl-warning"} <= set(a["class"].split())]
    assert warn and warn[0]["title"] == '[warning] spelling: odd "><img src=y onerror=alert(3)>'
    assert warn[0]["data-f"] == "1"
    # each finding's marker links to it; the file-level input error is listed above the article text
    assert any(t == "a" and a.get("href") == "#finding-0" for t, a in p.tags)
    assert 'class="factfinding lvl-info" data-f="2"' in page
    # the claims table links each claim to its line in the article and highlights the quantity
    assert '<a class="loc" href="#doc-1-L1">evil/&lt;b&gt;.txt:1:' in page
    assert "<mark>8 km</mark>" in page
    # no network: nothing is loaded from anywhere
    assert not [a for _, a in p.tags if a.get("src") or (a.get("href") or "#").split("#")[0]]


def test_output_is_deterministic_whatever_the_order_of_analyses():
    r1 = hostile_report()
    r2 = hostile_report()
    r2.analyses.reverse()
    assert html_reporter.render(r1) == html_reporter.render(r2)


def test_empty_report_and_fact_sheet():
    page = html_reporter.render(Report(findings=[], files=0, extra={"baseline": {"path": "b<.json", "baselined": 3,
                                                                                "gone": 1}}))
    assert "No findings." in page and "No facts" in page and "No articles." in page
    assert "3 finding(s) hidden by baseline <code>b&lt;.json</code>; 1 baselined" in page
    sheet = html_reporter.render_facts(hostile_report())
    ids = {a.get("id") for _, a in parse(sheet).tags}
    assert "facts" in ids and "fact-1" in ids and "articles" not in ids and "doc-1" not in ids
    assert 'href="#doc-' not in sheet  # no links to article lines that are not on the page
    assert 'href="#finding-0"' in sheet and "finding-0" in ids


def test_offsets_from_line_and_column_in_a_file_with_front_matter(tmp_path):
    md = tmp_path / "a.md"
    md.write_text("---\ntitle: T\noutlet: O\n---\nFirst line.\r\nThe town is 8 km away.\r\n", encoding="utf-8")
    (d,), _ = load_file(md)
    s = d.text.index("8 km")
    loc = Location.of(d, s, s + 4)
    assert (loc.line, loc.column) == (6, 13)
    assert annotate.offset_of(d, 6, 13) == s
    assert annotate.evidence_span(d, Evidence(loc, "8 km")) == (s, s + 4)
    html = annotate.render_text(d, [], [annotate.Mark(0, s, s + 4, "error", "k", "m")], "doc-1")
    assert 'data-line="5" id="doc-1-L5"' in html and 'data-line="6" id="doc-1-L6"' in html
    assert '<span class="f lvl-error" data-f="0" title="[error] k: m">8 km</span>' in html


def test_overlapping_spans_are_cut_into_pieces():
    d = doc("o.txt", "abcdef")
    mentions = [Mention(kind="name", start=0, end=4, text="abcd"), Mention(kind="date", start=2, end=6, text="cdef")]
    html = annotate.render_text(d, mentions, [annotate.Mark(3, 1, 3, "warning", "k", "msg")], "x")
    pieces = re.findall(r'<span class="([^"]*)"[^>]*>([^<]*)</span>', html)
    assert pieces == [("m-name", "a"), ("m-name f lvl-warning", "b"), ("m-date m-name f lvl-warning", "c"),
                      ("m-date m-name", "d"), ("m-date", "ef")]
    assert html.index('href="#finding-3"') > html.index(">c</span>")  # the marker follows the span's end


def test_cli_writes_the_html_report_and_fact_sheet(tmp_path, monkeypatch):
    art = tmp_path / "arts"
    art.mkdir()
    (art / "a.txt").write_text("Mayor <script>x</script> said the fire burned 300 acres.\n", encoding="utf-8")
    out = tmp_path / "report.html"
    proc = subprocess.run([sys.executable, "-m", "factcheck", "run", "--format", "html", "--output", str(out),
                           "--exit-zero", str(art)], capture_output=True, text=True, cwd=tmp_path, timeout=120)
    assert proc.returncode == 0, proc.stderr
    page = out.read_text(encoding="utf-8")
    assert page.startswith("<!DOCTYPE html>") and "Mayor &lt;script&gt;x&lt;/script&gt; said" in page
    assert page.count("<script>") == 1
    monkeypatch.chdir(tmp_path)  # in-process this time: the fact sheet on stdout
    result = CliRunner().invoke(app, ["facts", "--format", "html", str(art)])
    assert result.exit_code == 0, result.output
    assert result.stdout.startswith("<!DOCTYPE html>") and 'id="facts"' in result.stdout
    assert 'id="articles"' not in result.stdout
