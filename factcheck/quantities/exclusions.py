"""Numbers that are not quantities: dates, years, times of day, ordinals, phone numbers, ids in URLs, list
and section numbers, and names containing numbers ("World War One", "S&P 500", "G7").

Everything is judged around one number at a time with anchored matches (``excluded_at``), so the cost
grows with the numbers in a text, not with its length.
"""

from __future__ import annotations

import re
from functools import cache, lru_cache

from factcheck.lexicon import load_yaml


@cache
def _data() -> dict:
    return load_yaml("exclusions.yaml")


def _alt(words: list[str]) -> str:
    return "|".join(re.escape(str(w)) for w in sorted({str(w) for w in words}, key=len, reverse=True))


@cache
def _span_pattern() -> re.Pattern[str]:
    """Shapes that are never amounts, matched AT a position (a number, or the month or sign before it)."""
    d = _data()
    month = rf"(?:{_alt(d['months'])})\.?"
    day = r"\d{1,2}(?:st|nd|rd|th)?"
    year = r"(?:1[5-9]|20)\d{2}"
    times = _alt(d["time_suffixes"])
    parts = [
        r"\d{4}-\d{1,2}-\d{1,2}\b",  # ISO dates
        r"\d{1,2}[/.]\d{1,2}[/.]\d{2,4}\b",  # 24/02/2022, 24.02.22
        rf"{month}\s+{day}(?:\s*[-–]\s*\d{{1,2}})?(?:\s*,?\s*{year}\b)?(?!\d|,\d)",  # Feb. 24, 2022; May 5-6
        rf"{day}\s*(?:[-–]\s*{day}\s+)?(?:of\s+)?{month}(?![a-z])(?:\s*,?\s*{year}\b)?",  # 24 February 2022
        rf"{month},?\s+{year}\b",  # July 2022
        rf"\d{{1,2}}[:.]\d{{2}}(?::\d{{2}})?\s*(?:{times})(?![A-Za-z])",  # 10.30 pm
        r"\d{1,2}:\d{2}(?::\d{2})?(?!\d)",  # 10:30
        rf"\d{{1,4}}\s*(?:{times})(?![A-Za-z])",  # 3pm, 0600 GMT
        r"(?:\+\d{1,3}[\s.-]?)?\(?\d{2,5}\)?[\s.-]\d{3,4}[\s.-]\d{3,5}(?![\d,])",  # phone numbers
        r"\+\d{1,3}[\s.-]?\d{6,}",  # +380501234567
        r"(?:1[5-9]|20)\d0s\b|['’]\d0s\b",  # decades: the 1990s, the '90s
        rf"{year}\s*[-–/]\s*(?:{year}|\d{{2}})\b(?![-–/]\d)",  # 2022-23, 2014-2015
        r"\d+(?:st|nd|rd|th)\b",  # ordinals: 22nd, 3rd
        r"\d{13,}",  # ids: no newspaper amount has 13 digits unseparated
    ]
    return re.compile("|".join(f"(?:{p})" for p in parts))


@cache
def _month_before() -> re.Pattern[str]:
    month = rf"(?:{_alt(_data()['months'])})\.?"
    return re.compile(rf"(?<![A-Za-z]){month},?\s+(?:\d{{1,2}}(?:st|nd|rd|th)?(?:\s*[-–]\s*\d{{1,2}})?,?\s+)?$")


_URLISH = ("://", "www.", "@", "/", "\\")
_SPACE = re.compile(r"[\s<>\"“”]")
_SPACE_CHARS = (" ", "\n", "\t", "\r", "\u00a0", "<", ">", '"', "“", "”")
_SPACE_SET = frozenset(_SPACE_CHARS)


def excluded_at(text: str, pos: int) -> int | None:
    """When the number starting at ``pos`` belongs to something that is never an amount (a URL, a date, a
    time, a phone number, an ordinal…), the end of that thing; otherwise None. Only anchored matches: the
    cost is per number, not per character."""
    # inside a URL, e-mail address or path: look at the whole white-space-delimited token (most numbers
    # follow a space: then there is no token before them to look at)
    before = text[pos - 1] if pos > 0 else " "
    if before == " " and pos > 1:
        # the common case, a number after one space: no URL, and a month only after a word ending like one,
        # or a day (``_may_follow_month`` for this case)
        p = text[pos - 2]
        if p in _PLAIN_BEFORE:
            tails = _month_tails()
            lo = pos - 4 if pos >= 4 else 0
            if tails is None or text[lo : pos - 1] in tails or text[pos - 3 : pos - 1] in _ORDINAL_ENDS:
                mb = _month_before().search(text, max(0, pos - 24), pos)
                if mb:
                    m = _span_pattern().match(text, mb.start())
                    if m and m.end() > pos:
                        return m.end()
            m = _span_pattern().match(text, pos)
            return m.end() if m and m.end() > pos else None
    if before not in _SPACE_SET:
        lo = max(0, pos - 300)
        seg = text[lo:pos]
        # (no URL mark anywhere in the window: none in the token either, and no need to find where it starts)
        if any(u in seg for u in _URLISH):
            # the last of any of these characters: after the last space, the others need only be looked for there
            last = seg.rfind(" ")
            a = lo + 1 + max(last, *(seg.rfind(c, last + 1) for c in _SPACE_CHARS[1:]))
            if a < pos:
                token_head = text[a:pos]
                if any(u in token_head for u in _URLISH):
                    m = _SPACE.search(text, pos)
                    return m.start() if m else len(text)
    pattern = _span_pattern()
    starts = [pos]
    if before in "+('’" and pos > 0:
        starts.insert(0, pos - 1)
    # a month before the number ends in white space ("Jan. 5", "May 5, 2022"): skip the search otherwise
    mb = _month_before().search(text, max(0, pos - 24), pos) if before.isspace() and _may_follow_month(
        text, pos) else None
    if mb:
        starts.insert(0, mb.start())
    for st in starts:
        m = pattern.match(text, st)
        if m and m.end() > pos:
            return m.end()
    return None


def _may_follow_month(text: str, pos: int) -> bool:
    """Whether ``_month_before`` may match before ``pos`` (a cheap necessary condition): the last thing
    before the white space is a month (its last three letters, maybe with a dot), or a day ("5", "5th",
    "5-6"), maybe followed by a comma."""
    seg = text[max(0, pos - 24) : pos].rstrip()  # the window the search looks in
    if seg[-1:] == ",":
        seg = seg[:-1]
    if seg[-1:].isdigit() or seg[-2:] in _ORDINAL_ENDS:
        return True
    if seg[-1:] == ".":
        seg = seg[:-1]
    tails = _month_tails()
    return tails is None or seg[-3:] in tails


_ORDINAL_ENDS = frozenset({"st", "nd", "rd", "th"})
# letters: a word before the number's space that is neither a day nor ends in a comma or a dot
_PLAIN_BEFORE = frozenset("abcdefghijklmnopqrstuvwxyzABCDEFGHIJKLMNOPQRSTUVWXYZ")


@cache
def _month_tails() -> frozenset[str] | None:
    """Last three letters of every month name (None when a name is shorter: then no shortcut)."""
    names = [str(m) for m in _data()["months"]]
    return frozenset(m[-3:] for m in names) if all(len(m) >= 3 for m in names) else None


@cache
def _label_re() -> re.Pattern[str]:
    return re.compile(rf"(?:^|(?<=[\s(\[“\"]))(?:{_alt(_data()['labels'])})\.?\s?#?\s*$")


@cache
def _label_words() -> frozenset[str]:
    return frozenset(str(w).split()[-1].lower() for w in _data()["labels"])


@lru_cache(maxsize=4096)
def _may_be_label(last: str) -> bool:
    """Whether the last word before a number may be a label (then the pattern decides)."""
    return last.rstrip(".#").lower() in _label_words() or last.endswith("#")


def is_label(before: str) -> bool:
    """``before`` ends with a label word that numbers things: "No. ", "Article ", "S&P ", "#"."""
    words = before.rsplit(None, 1)  # (trailing white space is ignored)
    if not words or not _may_be_label(words[-1]):
        return False
    return bool(_label_re().search(before))


@cache
def _year_prep_re() -> re.Pattern[str]:
    return re.compile(rf"(?:^|(?<=[\s(]))(?:{_alt(_data()['year_prepositions'])})[\s-]+$", re.IGNORECASE)


def looks_like_year(raw: str, before: str) -> bool:
    """A bare four-digit number between 1500 and 2099 ("in 2022", "2019 was")."""
    if not _YEAR.fullmatch(raw):
        return False
    return True if _year_prep_re().search(before) else int(raw) >= 1800


@cache
def months() -> frozenset[str]:
    return frozenset(_data()["months"])


_YEAR = re.compile(r"(?:1[5-9]|20)\d\d")
_MARKER_END = re.compile(r"[.)\]:](?:\s|$)")
_LIST_MARKER = re.compile(r"(?:^|\n)[ \t]*(?:[(\[]?)$")


def is_list_marker(text: str, start: int, end: int) -> bool:
    """"1." or "2)" opening a line: list numbering."""
    if start >= 2 and text[start - 1] == " " and text[start - 2] not in " \t\n":
        return False  # one space after a word: no line start before the number (the common case)
    if not _LIST_MARKER.search(text, max(0, start - 10), start):
        return False
    return bool(_MARKER_END.match(text, end))
