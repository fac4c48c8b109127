"""Parsing a written number at a position: digits ("10,000", "6.2"), scales ("1.5 million", "$2.5bn",
"25k"), number words ("twenty-one", "a hundred and two", "a dozen", "half a million") and fractions
("two-thirds", "a quarter"). The lexicon is ``data/numbers.yaml``."""

from __future__ import annotations

import re
from dataclasses import dataclass
from functools import cache, lru_cache

from factcheck.lexicon import load_yaml


# Not frozen: a frozen dataclass's __init__ sets each of the nine fields through object.__setattr__, and one
# Num is made per number read (treat it as immutable: ``dataclasses.replace`` makes changed copies).
@dataclass(slots=True)
class Num:
    value: float
    start: int
    end: int
    decimals: int  # digits after the decimal point as written (1 for "half a million" = 0.5 million)
    scale: float  # the multiplier written after the digits ("million" -> 1e6), 1 if none
    words: bool = False  # written in words
    fraction: bool = False  # a fraction ("two-thirds"): exact, no rounding
    money_scale: bool = False  # scale is an abbreviation valid only for money ("$5m")
    big_word: bool = False  # contains a scale word of a thousand or more ("a million", "five thousand")

    @property
    def half_unit(self) -> float:
        """Half a unit of the last written digit, in the number's own terms: the rounding it implies."""
        if self.fraction:
            return 0.0
        return 0.5 * 10.0 ** (-self.decimals) * self.scale


@dataclass(frozen=True, slots=True)
class Lexicon:
    units: dict[str, int]
    tens: dict[str, int]
    hundred: int
    scales: dict[str, int]
    dozen: int
    abbreviations: dict[str, int]
    money_only: frozenset[str]
    fractions: dict[str, int]
    vague: frozenset[str]

    @property
    def cardinal_words(self) -> frozenset[str]:
        return frozenset([*self.units, *self.tens, "hundred", *self.scales, "dozen"])


@cache
def lexicon() -> Lexicon:
    d = load_yaml("numbers.yaml")
    return Lexicon(
        units={str(k): int(v) for k, v in d["units"].items()},
        tens={str(k): int(v) for k, v in d["tens"].items()},
        hundred=int(d["hundred"]),
        scales={str(k): int(v) for k, v in d["scales"].items()},
        dozen=int(d["dozen"]),
        abbreviations={str(k): int(v) for k, v in d["scale_abbreviations"].items()},
        money_only=frozenset(str(x) for x in d["money_only"]),
        fractions={str(k): int(v) for k, v in d["fractions"].items()},
        vague=frozenset(str(x) for x in d["vague"]),
    )


_DIGITS = re.compile(r"(?:\d{1,3}(?:,\d{3})+(?![\d,]\d)|\d+)(?:\.\d+)?(?!\.\d)|\.\d+")
_WORD = re.compile(r"[A-Za-z]+")


@cache
def _scale_word_re() -> re.Pattern[str]:
    lx = lexicon()
    words = "|".join(sorted([*lx.scales, "hundred"], key=len, reverse=True))
    abbr = "|".join(sorted(lx.abbreviations, key=len, reverse=True))
    # "1.5 million", "1.5-million"; abbreviations glued ("25k", "$2.5bn") or after one space ("$3 bn")
    return re.compile(rf"(?:[ \t\u00a0]|-)?({words})(?![A-Za-z])|({abbr})(?![A-Za-z0-9])|[ \t]({abbr})(?![A-Za-z0-9.])",
                      re.IGNORECASE)


def parse_digits(text: str, pos: int) -> Num | None:
    found = parse_digits_and_end(text, pos)
    return found[0] if found is not None else None


def parse_digits_and_end(text: str, pos: int) -> tuple[Num, int] | None:
    """The number at ``pos`` and the end of its digits without any scale word ("1.5" of "1.5 million")."""
    m = _DIGITS.match(text, pos)
    if not m:
        return None
    value, decimals = _digits_value(m.group())
    end = plain_end = m.end()
    scale = 1.0
    money = False
    big = False
    # a scale starts with a space, a hyphen or a letter: most numbers are followed by neither, or by a space
    # and a letter no scale starts with ("10 people")
    c = text[end : end + 1]
    if c.isalpha() or (firsts := _scale_first_letters()) is None:
        s = _scale_word_re().match(text, end)
    elif c in _SCALE_LEAD:
        d = text[end + 1 : end + 2]
        s = _scale_word_re().match(text, end) if d in firsts or not d.isascii() else None
    else:
        s = None
    while s:
        lx = lexicon()
        before = scale
        if s.group(1):
            w = s.group(1).lower()
            scale *= float(lx.hundred if w == "hundred" else lx.scales[w])
            big = scale >= 1000
        else:
            ab = s.group(2) or s.group(3)
            if s.group(3) and ab.lower() in lx.money_only:
                ab = ""  # "5 m" with a space is five metres, never five million
            if ab and (ab == ab.lower() or ab.lower() in ("bn", "tn", "mn", "mln", "trn")):
                scale *= float(lx.abbreviations[ab.lower()])
                money = ab.lower() in lx.money_only
        if scale == before:
            break
        end = s.end()
        # a second scale word multiplies the first ("2.5 lakh crore", "a thousand million")
        s = _scale_word_re().match(text, end) if not money else None
    return Num(value * scale, pos, end, decimals, scale, money_scale=money, big_word=big), plain_end


_SCALE_LEAD = frozenset(" \t\u00a0-")


@lru_cache(maxsize=4096)
def _digits_value(raw: str) -> tuple[float, int]:
    """(value, decimals as written) of a run of digits ("10,000.5" -> (10000.5, 1))."""
    return float(raw.replace(",", "")), len(raw.split(".", 1)[1]) if "." in raw else 0


def first_letters(phrases: list[str]) -> frozenset[str] | None:
    """Both cases of the first letters of ``phrases``, when they all start with an ASCII letter (then no other
    ASCII character matches them, ignoring case); None otherwise (then no first character rules them out)."""
    firsts = {p[:1] for p in phrases}
    if not all(f.isascii() and f.isalpha() for f in firsts):
        return None
    return frozenset({f.lower() for f in firsts} | {f.upper() for f in firsts})


@cache
def _scale_first_letters() -> frozenset[str] | None:
    """``first_letters`` of the scale words and abbreviations."""
    lx = lexicon()
    return first_letters([*lx.scales, "hundred", *lx.abbreviations])


def parse_digits_plain_end(text: str, pos: int) -> int:
    """End of the digits at ``pos`` without any scale word ("1.5" of "1.5 million")."""
    m = _DIGITS.match(text, pos)
    return m.end() if m else pos


@cache
def _vocabulary() -> frozenset[str]:
    lx = lexicon()
    return frozenset([*lx.units, *lx.tens, "hundred", *lx.scales, "dozen", *lx.fractions, "a", "an", "and"])


_TOKEN_RUN = re.compile(r"([A-Za-z]+)([ \t\u00a0]*-[ \t\u00a0]*|[ \t\u00a0]+)?")


def _tokens(text: str, pos: int, limit: int = 8) -> list[tuple[str, int, int]]:
    """Words from ``pos`` on, joined by spaces or hyphens (stops at any other character, and after the
    first word that cannot continue a number)."""
    out: list[tuple[str, int, int]] = []
    vocab = _vocabulary()
    expect = pos
    for m in _TOKEN_RUN.finditer(text, pos, min(len(text), pos + 120)):
        if m.start() != expect:
            break
        w = m.group(1).lower()
        out.append((w, m.start(1), m.end(1)))
        if w not in vocab or not m.group(2) or len(out) >= limit:
            break  # the number ends at the first word that cannot continue it
        expect = m.end()
    return out


def parse_words(text: str, pos: int) -> Num | None:
    """A number in words starting at ``pos`` ("a hundred and two", "twenty-one", "two-thirds")."""
    lx = lexicon()
    toks = _tokens(text, pos)
    if not toks:
        return None
    total = 0.0
    current = 0.0
    have = False
    end = pos
    decimals = 0
    scale = 1.0
    big = False
    last = ""
    i = 0
    n = len(toks)
    if toks[0][0] in ("a", "an"):
        if n < 2 or toks[1][0] not in ("hundred", "dozen", *lx.scales, "half", "third", "quarter", "fifth",
                                        "tenth", "couple"):
            return None
        if toks[1][0] in lx.fractions:
            # "a third", "a quarter", "a half": one over the denominator
            return Num(1.0 / lx.fractions[toks[1][0]], pos, toks[1][2], 0, 1.0, words=True, fraction=True)
        current = 1.0
        have = True
        i = 1
    elif toks[0][0] == "half":
        # "half a million", "half of", "half an hour"
        if n >= 3 and toks[1][0] in ("a", "an") and toks[2][0] in lx.scales:
            s = float(lx.scales[toks[2][0]])
            return Num(0.5 * s, pos, toks[2][2], 1, s, words=True, big_word=True)
        return Num(0.5, pos, toks[0][2], 0, 1.0, words=True, fraction=True)
    while i < n:
        w, a, b = toks[i]
        if w in lx.units or w in lx.tens:
            v = lx.units.get(w, lx.tens.get(w, 0))
            if have and last in ("unit", "teen"):
                break  # "five six" is not one number
            if have and last == "ten" and (v >= 10 or w in lx.tens):
                break
            current += v
            last = "ten" if w in lx.tens else ("unit" if v < 10 else "teen")
            have = True
            end = b
        elif w == "hundred" and have or w == "hundred" and i > 0:
            current = (current or 1.0) * lx.hundred
            last = "hundred"
            end = b
        elif w in lx.scales and have:
            s = float(lx.scales[w])
            total += (current or 1.0) * s
            current = 0.0
            scale = s
            big = True
            last = "scale"
            end = b
        elif w == "dozen" and have:
            current = (current or 1.0) * lx.dozen
            last = "dozen"
            end = b
        elif w in lx.fractions and have and last in ("unit", "teen", "ten"):
            # "two-thirds", "three quarters": numerator over denominator
            if w in ("half", "halves") and current != 1.0 and not w.endswith("s"):
                break
            return Num((total + current) / lx.fractions[w], pos, b, 0, 1.0, words=True, fraction=True)
        elif w == "and" and have and i + 1 < n:
            nxt = toks[i + 1][0]
            if nxt in ("a", "an") and i + 2 < n and toks[i + 2][0] == "half":
                current += 0.5
                decimals = 1
                end = toks[i + 2][2]
                i += 3
                last = "half"
                continue
            if last == "hundred" and (nxt in lx.units or nxt in lx.tens):
                i += 1
                continue
            break
        else:
            break
        i += 1
    if not have:
        return None
    value = total + current
    if last != "scale":
        scale = 1.0
        decimals = decimals if last == "half" else 0
    elif decimals:
        pass
    return Num(value, pos, end, decimals, scale, words=True, big_word=big)


def parse_number(text: str, pos: int) -> Num | None:
    c = text[pos : pos + 1]
    if c.isdigit() or c == ".":
        return parse_digits(text, pos)
    return parse_words(text, pos)
