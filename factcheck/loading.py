"""Reading articles: files and folders of .txt, .md (YAML front matter), .json and .jsonl into Documents.

Nothing here raises on bad input: every problem becomes an ``input-error`` finding naming the file, the
line and the reason, and loading goes on with the other files.
"""

from __future__ import annotations

import codecs
import datetime as dt
import json
import os
import re
from collections.abc import Iterable
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

import yaml

from factcheck.model import Document, Evidence, Finding, Location, Severity, SourceMap, line_starts

ARTICLE_SUFFIXES = {".txt", ".md", ".markdown", ".json", ".jsonl"}
TEXT_FIELDS = ("text", "body", "content", "maintext", "article")
TITLE_FIELDS = ("title", "headline")
DATE_FIELDS = ("date", "date_publish", "published", "published_at", "pubdate", "date_published")
OUTLET_FIELDS = ("outlet", "source", "source_domain", "publisher", "site")
URL_FIELDS = ("url", "link")
# Analysis time and memory grow with the text (about 100 bytes of memory a character); a news article is
# well under 100 KB, so anything this long is a mistake (a dump, a log) and is skipped with a message.
MAX_ARTICLE_CHARS = 4_000_000
# libyaml's safe loader when PyYAML has it: the same safe constructor, parsing ~10x faster (front matter was
# 8 % of a run's time on news-sized articles with the pure-Python one).
_YAML_LOADER = getattr(yaml, "CSafeLoader", yaml.SafeLoader)
# libyaml's composer recurses in C once per nesting level and crashes the process (a segfault, no exception)
# somewhere past 10,000 levels ("[[[[…" or "- - - …", a character or two a level). A front matter this long
# could be that deep, so it is parsed by the pure-Python loader, which stops at Python's recursion limit.
_C_YAML_MAX_CHARS = 4096
# What PyYAML's safe constructor raises, besides YAMLError, for a value it resolved (or was tagged) but cannot
# build: "2023-02-30" or "2023-01-01 25:00" (ValueError from datetime), "!!int x" (ValueError), "!!int ''"
# (IndexError), "!!bool x" (KeyError), "!!timestamp x" (AttributeError).
_YAML_VALUE_ERRORS = (ValueError, LookupError, AttributeError, TypeError, OverflowError)
# One line of the front matter most articles have ("title: \"…\"", "date: 2023-01-13", "story: 51"), read
# without YAML (``_simple_front_matter``): a double-quoted string without escapes, a decimal integer, a date,
# or a plain word-like string. Only what reads as the same value in YAML is let through; anything else
# (comments, nesting, other quoting, tabs, CR, characters YAML refuses, keys over the 1,024 characters both
# of PyYAML's loaders allow a key without '?') goes to the YAML loader.
_SIMPLE_META_LINE = re.compile(
    r'([A-Za-z_][A-Za-z0-9_]{0,1023}): +(?:"([^"\\\x00-\x1f\x7f-\x9f\u2028\u2029\ud800-\udfff\ufeff\ufffe\uffff]*)"'
    r"|(0|[1-9][0-9]{0,17})|([0-9]{4})-([0-9]{2})-([0-9]{2})|([A-Za-z](?:[A-Za-z0-9 ._/()&,'-]*[A-Za-z0-9.)])?))")
# One line as ``str.splitlines`` cuts them (with its line end, any of those it knows)
_LINE_ENDS = r"\n\r\x0b\x0c\x1c\x1d\x1e\x85\u2028\u2029"
_SPLITLINES_LINE = re.compile(rf"[^{_LINE_ENDS}]*(?:\r\n|[{_LINE_ENDS}])?")
# plain scalars YAML 1.1 reads as booleans or null (in any of the cases it accepts, and more)
_YAML_WORDS = frozenset({"yes", "no", "true", "false", "on", "off", "null"})


@dataclass
class LoadResult:
    documents: list[Document] = field(default_factory=list)
    problems: list[Finding] = field(default_factory=list)
    files: int = 0


def display_path(path: Path) -> str:
    try:
        rel = path.resolve().relative_to(Path.cwd().resolve())
        return rel.as_posix()
    except (ValueError, OSError):
        return path.as_posix()


def _cwd_prefix() -> str | None:
    try:
        cwd = os.path.realpath(os.getcwd())
    except OSError:
        return None
    return cwd.rstrip("/") + "/" if cwd else None


def _walk_folder(top: Path, found: dict[str, Path]) -> None:
    """The article files under ``top`` into ``found`` (shown path -> path): ``os.walk(top, followlinks=True)``
    in the same order, hidden folders skipped, each real folder walked once (links may loop). Made for
    10,000-file folders (this was a tenth of a warm run): the real path of a folder is its parent's plus its
    name unless it is a link (one ``realpath`` per link, not per folder), and the folder listing says which
    files are links (no system call per file)."""
    prefix = _cwd_prefix()
    seen_dirs: set[tuple[int, int]] = set()
    root = os.fspath(top)
    try:
        real: str | None = os.path.realpath(root)
    except OSError:
        real = None
    stack: list[tuple[str, str | None]] = [(root, real)]
    while stack:
        root, real_root = stack.pop()
        try:
            st = os.stat(root)
            with os.scandir(root) as it:
                entries = list(it)
        except OSError:
            continue
        if (st.st_dev, st.st_ino) in seen_dirs:  # a symlink loop: walk each real folder once
            continue
        seen_dirs.add((st.st_dev, st.st_ino))
        dirs = []
        for entry in entries:
            name = entry.name
            try:
                is_dir = entry.is_dir()
            except OSError:
                is_dir = False
            if is_dir:
                if not name.startswith(".") and name != "__pycache__":
                    dirs.append(entry)
                continue
            if name.startswith(".") or os.path.splitext(name)[1].lower() not in ARTICLE_SUFFIXES:
                continue
            fp = Path(entry.path)
            if prefix is None or real_root is None or entry.is_symlink():
                key = display_path(fp)  # a link resolves elsewhere: the general way
            else:
                full = os.path.join(real_root, name)
                key = full[len(prefix):] if full.startswith(prefix) else fp.as_posix()
            if key not in found:
                found[key] = fp
        for entry in sorted(dirs, key=lambda e: e.name, reverse=True):  # popped in sorted order
            if real_root is not None and not entry.is_symlink():
                child: str | None = os.path.join(real_root, entry.name)
            else:
                try:
                    child = os.path.realpath(entry.path)
                except OSError:
                    child = None
            stack.append((entry.path, child))


def problem(path: str, message: str, line: int = 1, column: int = 1, severity: Severity = Severity.ERROR,
            record: int | None = None) -> Finding:
    loc = Location(path, line, column, line, column, record)
    return Finding(rule="input-error", kind="input-error", severity=severity, message=message,
                   evidence=(Evidence(loc, "", role="file"),))


def discover(paths: Iterable[str | Path]) -> tuple[list[Path], list[Finding]]:
    """Expand files and folders into a sorted, de-duplicated list of article files."""
    named, problems = discover_named(paths)
    return [fp for _, fp in named], problems


def discover_named(paths: Iterable[str | Path]) -> tuple[list[tuple[str, Path]], list[Finding]]:
    """``discover``, each file with the path it is shown under (``display_path``, computed once)."""
    found: dict[str, Path] = {}
    problems: list[Finding] = []
    for raw in paths:
        p = Path(raw)
        if p.is_dir():
            _walk_folder(p, found)
        elif p.exists() or p.is_symlink():
            found.setdefault(display_path(p), p)
        else:
            problems.append(problem(p.as_posix(), "no such file or directory"))
    return [(k, found[k]) for k in sorted(found)], problems


def decode(data: bytes) -> tuple[str, str | None]:
    """Bytes to text: UTF-8 (BOM optional) or UTF-16/32 with a BOM; invalid UTF-8 is decoded with
    replacement characters and a note saying so."""
    for bom, enc in ((codecs.BOM_UTF32_LE, "utf-32"), (codecs.BOM_UTF32_BE, "utf-32"),
                     (codecs.BOM_UTF8, "utf-8-sig"), (codecs.BOM_UTF16_LE, "utf-16"),
                     (codecs.BOM_UTF16_BE, "utf-16")):
        if data.startswith(bom):
            try:
                return data.decode(enc), None
            except UnicodeDecodeError as exc:
                return data.decode(enc, errors="replace"), f"invalid {enc.upper()} at byte {exc.start}"
    try:
        return data.decode("utf-8"), None
    except UnicodeDecodeError as exc:
        return data.decode("utf-8", errors="replace"), (
            f"invalid UTF-8 at byte {exc.start}; undecodable bytes were replaced with U+FFFD")


def load(paths: Iterable[str | Path]) -> LoadResult:
    files, problems = discover(paths)
    result = LoadResult(problems=problems)
    for fp in files:
        result.files += 1
        docs, probs = load_file(fp)
        result.documents.extend(docs)
        result.problems.extend(probs)
    return result


def load_file(fp: Path) -> tuple[list[Document], list[Finding]]:
    shown = display_path(fp)
    data = read_article_bytes(fp, shown)
    if not isinstance(data, bytes):
        return [], data
    return parse_bytes(shown, fp.suffix.lower(), data)


def read_article_bytes(fp: Path, shown: str) -> bytes | list[Finding]:
    """A file's bytes, or the problems that keep it from being read. Every read of an article goes through
    here (the cache and the parallel runs read files themselves, then call ``parse_bytes``)."""
    try:
        return fp.read_bytes()
    except IsADirectoryError:
        return [problem(shown, "is a directory")]
    except OSError as exc:
        return [problem(shown, f"cannot read: {exc.strerror or exc}")]


def parse_bytes(shown: str, suffix: str, data: bytes, meta_wanted: bool = True
                ) -> tuple[list[Document], list[Finding]]:
    """The articles in one file's bytes (``suffix`` lower-case, e.g. ``.md``); lets the bytes that were
    hashed for the cache, or shipped to another machine, be the very bytes that are analysed. Without
    ``meta_wanted``, Markdown front matter is skipped unparsed (the texts are the same; metadata and its
    problems are not read)."""
    if b"\x00" in data[:8192] and not data.startswith((codecs.BOM_UTF16_LE, codecs.BOM_UTF16_BE,
                                                         codecs.BOM_UTF32_LE, codecs.BOM_UTF32_BE)):
        return [], [problem(shown, "binary file (contains NUL bytes), skipped")]
    raw, note = decode(data)
    problems = [problem(shown, note, severity=Severity.WARNING)] if note else []
    if suffix == ".json":
        docs, probs = parse_json(shown, raw)
    elif suffix == ".jsonl":
        docs, probs = parse_jsonl(shown, raw)
    elif suffix in (".md", ".markdown"):
        docs, probs = parse_markdown(shown, raw, meta_wanted)
    else:
        docs, probs = [Document(shown, raw, SourceMap(line_starts(raw)))], []
    too_long = [d for d in docs if len(d.text) > MAX_ARTICLE_CHARS]
    for doc in too_long:
        where = Location.of(doc, 0, 0)
        probs.append(problem(shown, f"article too long ({len(doc.text) / 1e6:.1f} million characters; the limit "
                             f"is {MAX_ARTICLE_CHARS / 1e6:g} million), skipped", line=where.line,
                             column=where.column, record=doc.record))
    docs = [d for d in docs if len(d.text) <= MAX_ARTICLE_CHARS]
    for doc in docs:
        if not doc.text.strip():
            where = Location.of(doc, 0, 0)
            probs.append(problem(shown, "empty article: nothing to check", line=where.line, column=where.column,
                                 severity=Severity.INFO, record=doc.record))
    return docs, problems + probs


# --- metadata -----------------------------------------------------------------------------------------

def parse_date(value: Any) -> dt.date | None:
    if isinstance(value, dt.datetime):
        return value.date()
    if isinstance(value, dt.date):
        return value
    if isinstance(value, str):
        s = value.strip()
        try:
            return dt.datetime.fromisoformat(s.replace("Z", "+00:00")).date()
        except ValueError:
            pass
        for fmt in ("%Y-%m-%d", "%d %B %Y", "%B %d, %Y", "%b %d, %Y", "%d %b %Y", "%Y/%m/%d"):
            try:
                return dt.datetime.strptime(s[: len(s)], fmt).date()
            except ValueError:
                continue
    return None


def normalize_meta(record: dict[str, Any]) -> dict[str, Any]:
    """Common field names to factcheck's: title, date, outlet, url; other keys are kept as they are."""
    meta: dict[str, Any] = {}
    for key, value in record.items():
        if key in TEXT_FIELDS:
            continue
        meta[str(key)] = value
    for canonical, names in (("title", TITLE_FIELDS), ("date", DATE_FIELDS), ("outlet", OUTLET_FIELDS),
                             ("url", URL_FIELDS)):
        for name in names:
            if record.get(name) not in (None, ""):
                meta[canonical] = record[name]
                break
    return meta


def make_document(path: str, text: str, smap: SourceMap, meta: dict[str, Any],
                  record: int | None = None) -> Document:
    doc = Document(path, text, smap, meta, record)
    date = parse_date(meta.get("date"))
    if date is not None:
        doc.date, doc.date_source = date, "meta"
    return doc


# --- Markdown -----------------------------------------------------------------------------------------

def _simple_front_matter(header: str) -> dict[str, Any] | None:
    """What ``yaml.load`` makes of ``header`` when every line of it is a ``_SIMPLE_META_LINE`` (10x faster);
    None for anything else."""
    if not header.endswith("\n") or "\r" in header:
        return None
    out: dict[str, Any] = {}
    for line in header[:-1].split("\n"):
        m = _SIMPLE_META_LINE.fullmatch(line)
        if m is None:
            return None
        key, quoted, number, year, month, day, plain = m.groups()
        if key.lower() in _YAML_WORDS:
            return None
        value: Any
        if quoted is not None:
            value = quoted
        elif number is not None:
            value = int(number)
        elif year is not None:
            try:
                value = dt.date(int(year), int(month), int(day))
            except ValueError:  # YAML cannot build it either: the YAML path reports it (malformed front matter)
                return None
        elif plain.lower() in _YAML_WORDS or "  " in plain:
            return None
        else:
            value = plain
        out[key] = value
    return out


def _unbuildable_value(header: str, exc: Exception) -> tuple[int, str]:
    """The line (in the file) and a reason for a front matter value PyYAML read but could not build (one of
    ``_YAML_VALUE_ERRORS``): its nodes are built again one scalar at a time to find the one that fails."""
    loader_cls = _YAML_LOADER if len(header) <= _C_YAML_MAX_CHARS else yaml.SafeLoader
    builder = loader_cls("")
    nodes = [yaml.compose(header, Loader=loader_cls)]
    while nodes:
        node = nodes.pop()
        if isinstance(node, yaml.ScalarNode):
            try:
                builder.construct_object(node)
            except _YAML_VALUE_ERRORS as failed:
                detail = f": {str(failed).rstrip('.')}" if isinstance(failed, ValueError) else ""
                what = node.tag.rsplit(":", 1)[-1]
                return node.start_mark.line + 2, f"cannot read {node.value!r} as {what}{detail}"
            except yaml.YAMLError:
                pass
        elif isinstance(node, yaml.SequenceNode):
            nodes.extend(reversed(node.value))
        elif isinstance(node, yaml.MappingNode):
            nodes.extend(n for pair in reversed(node.value) for n in reversed(pair))
    return 2, str(exc) or type(exc).__name__


def parse_markdown(path: str, raw: str, meta_wanted: bool = True) -> tuple[list[Document], list[Finding]]:
    starts = line_starts(raw)
    # the lines of ``raw.splitlines(keepends=True)``, read one at a time up to the end of the front matter
    n = len(raw)
    line = _SPLITLINES_LINE.match(raw)
    assert line is not None  # it matches the empty string
    if not n or line.group().strip() != "---":
        return [make_document(path, raw, SourceMap(starts), {})], []
    pos = header_start = line.end()
    while pos < n:
        line = _SPLITLINES_LINE.match(raw, pos)
        assert line is not None
        if line.group().strip() in ("---", "..."):
            header = raw[header_start:pos]
            body_start = line.end()
            break
        pos = line.end()
    else:
        return [make_document(path, raw, SourceMap(starts), {})], [
            problem(path, "front matter opened with '---' is never closed; read as text",
                    severity=Severity.WARNING)]
    problems: list[Finding] = []
    meta: dict[str, Any] = {}
    if not meta_wanted:  # the text alone (a scan for places): the front matter is not parsed
        return [make_document(path, raw[body_start:], SourceMap(starts, base=body_start), meta)], problems
    simple = _simple_front_matter(header)
    if simple is not None:
        meta = normalize_meta(simple)
    else:
        try:
            loaded = yaml.load(header, Loader=_YAML_LOADER if len(header) <= _C_YAML_MAX_CHARS else yaml.SafeLoader)
            if isinstance(loaded, dict):
                meta = normalize_meta(loaded)
            elif loaded is not None:
                problems.append(problem(path, "front matter is not a mapping of keys to values; ignored", line=2,
                                        severity=Severity.WARNING))
        except RecursionError:
            problems.append(problem(path, "front matter nested too deeply; ignored", line=2, severity=Severity.WARNING))
        except yaml.YAMLError as exc:
            mark = getattr(exc, "problem_mark", None)
            at = (mark.line + 2) if mark is not None else 2
            reason = getattr(exc, "problem", None) or str(exc).splitlines()[0]
            problems.append(problem(path, f"malformed front matter: {reason}; ignored", line=at,
                                    severity=Severity.WARNING))
        except _YAML_VALUE_ERRORS as exc:
            at, reason = _unbuildable_value(header, exc)
            problems.append(problem(path, f"malformed front matter: {reason}; ignored", line=at,
                                    severity=Severity.WARNING))
    body = raw[body_start:]
    return [make_document(path, body, SourceMap(starts, base=body_start), meta)], problems


# --- JSON and JSON Lines ------------------------------------------------------------------------------

def _skip_ws(raw: str, i: int) -> int:
    n = len(raw)
    while i < n and raw[i] in " \t\r\n":
        i += 1
    return i


def _string_end(raw: str, i: int) -> int:
    """``raw[i]`` is an opening quote; the offset just past the closing quote."""
    i += 1
    n = len(raw)
    while i < n:
        c = raw[i]
        if c == "\\":
            i += 2
            continue
        if c == '"':
            return i + 1
        i += 1
    return n


def _value_end(raw: str, i: int) -> int:
    """Offset just past the JSON value starting at ``i`` (the text is known to be valid JSON)."""
    depth = 0
    n = len(raw)
    while i < n:
        c = raw[i]
        if c == '"':
            i = _string_end(raw, i)
            if depth == 0:
                return i
            continue
        if c in "{[":
            depth += 1
        elif c in "}]":
            depth -= 1
            if depth == 0:
                return i + 1
        elif depth == 0 and c in ",\r\n \t":
            return i
        i += 1
    return n


def _object_fields(raw: str, i: int) -> dict[str, int]:
    """For the object at ``raw[i] == '{'``: each key to the offset where its value starts."""
    out: dict[str, int] = {}
    i = _skip_ws(raw, i + 1)
    n = len(raw)
    while i < n and raw[i] == '"':
        key_end = _string_end(raw, i)
        key = json.loads(raw[i:key_end])
        i = _skip_ws(raw, key_end)
        i = _skip_ws(raw, i + 1)  # past ':'
        out.setdefault(key, i)
        i = _skip_ws(raw, _value_end(raw, i))
        if i < n and raw[i] == ",":
            i = _skip_ws(raw, i + 1)
    return out


def _string_offsets(raw: str, i: int) -> list[int]:
    """For the string literal at ``raw[i] == '"'``: the file offset of each decoded character."""
    offsets: list[int] = []
    i += 1
    n = len(raw)
    while i < n and raw[i] != '"':
        if raw[i] == "\\" and i + 1 < n:
            if raw[i + 1] == "u":
                code = int(raw[i + 2 : i + 6], 16)
                if 0xD800 <= code < 0xDC00 and raw[i + 6 : i + 8] == "\\u":
                    offsets.append(i)  # a surrogate pair decodes to one character
                    i += 12
                    continue
                offsets.append(i)
                i += 6
            else:
                offsets.append(i)
                i += 2
        else:
            offsets.append(i)
            i += 1
    return offsets


def _record_to_document(path: str, raw: str, starts: list[int], obj_start: int, value: Any,
                        record: int | None, line: int) -> tuple[Document | None, Finding | None]:
    if not isinstance(value, dict):
        return None, problem(path, "record is not a JSON object; skipped", line=line, record=record)
    key = next((k for k in TEXT_FIELDS if isinstance(value.get(k), str)), None)
    if key is None:
        return None, problem(path, f"record has no text field ({', '.join(TEXT_FIELDS)}); skipped",
                             line=line, record=record)
    fields = _object_fields(raw, obj_start)
    offsets = _string_offsets(raw, fields[key]) if key in fields else None
    text = value[key]
    if offsets is not None and len(offsets) != len(text):
        offsets = None  # should not happen; fall back to the record's start rather than wrong columns
    smap = SourceMap(starts, base=obj_start, offsets=offsets)
    return make_document(path, text, smap, normalize_meta(value), record), None


def parse_json(path: str, raw: str) -> tuple[list[Document], list[Finding]]:
    try:
        value = json.loads(raw)
    except json.JSONDecodeError as exc:
        return [], [problem(path, f"invalid JSON: {exc.msg}", line=exc.lineno, column=exc.colno)]
    except RecursionError:  # the decoder recurses once a nesting level
        return [], [problem(path, "invalid JSON: nested too deeply", line=1)]
    starts = line_starts(raw)
    docs: list[Document] = []
    problems: list[Finding] = []
    i = _skip_ws(raw, 0)
    if isinstance(value, list):
        i = _skip_ws(raw, i + 1)
        for n, item in enumerate(value):
            line = SourceMap(starts).position(i).line
            doc, prob = _record_to_document(path, raw, starts, i, item, n, line)
            docs.extend([doc] if doc else [])
            problems.extend([prob] if prob else [])
            i = _skip_ws(raw, _value_end(raw, i))
            if i < len(raw) and raw[i] == ",":
                i = _skip_ws(raw, i + 1)
    else:
        doc, prob = _record_to_document(path, raw, starts, i, value, None, 1)
        docs.extend([doc] if doc else [])
        problems.extend([prob] if prob else [])
    return docs, problems


def parse_jsonl(path: str, raw: str) -> tuple[list[Document], list[Finding]]:
    starts = line_starts(raw)
    docs: list[Document] = []
    problems: list[Finding] = []
    record = 0
    for lineno, start in enumerate(starts, 1):
        end = starts[lineno] if lineno < len(starts) else len(raw)
        line = raw[start:end]
        if not line.strip():
            continue
        try:
            value = json.loads(line)
        except json.JSONDecodeError as exc:
            problems.append(problem(path, f"invalid JSON record: {exc.msg}", line=lineno, column=exc.colno,
                                    record=record))
            record += 1
            continue
        except RecursionError:
            problems.append(problem(path, "invalid JSON record: nested too deeply", line=lineno, record=record))
            record += 1
            continue
        doc, prob = _record_to_document(path, raw, starts, _skip_ws(raw, start), value, record, lineno)
        docs.extend([doc] if doc else [])
        problems.extend([prob] if prob else [])
        record += 1
    return docs, problems
