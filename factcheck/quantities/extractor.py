"""The quantity scanner: one compiled-regex pass finds number candidates, then cheap local parsing around
each one reads its scale, unit, range, hedge, counted noun and restatements.

Every decision is local to a few dozen characters around the number, so the cost is linear in the text and
independent of how many units or words the lexicons hold (their alternations are compiled once).
"""

from __future__ import annotations

import bisect
import math
import re
from dataclasses import dataclass, replace
from functools import cache, lru_cache
from typing import Any

from factcheck.model import Sentence
from factcheck.quantities import exclusions, interval, nouns, numbers, qualifiers, units
from factcheck.quantities.model import Quantity, Statement, make_quantity, make_statement
from factcheck.quantities.numbers import Num

_VAGUE_MULT = ("several", "a few", "a couple of")


@cache
def _candidate_re() -> Any:
    """Where a number may start: a digit, or a number word. Compiled with RE2 (linear time, DFA): this one
    pass over the text dominates extraction time, and Python's ``re`` is ~8x slower on the alternation."""
    import re2

    lx = numbers.lexicon()
    words = [*lx.units, *lx.tens, "hundred", *lx.scales, "dozen", "half", "third", "thirds", "quarter",
             "quarters", *lx.vague]
    alt = "|".join(sorted(set(words), key=len, reverse=True))
    lead = r"(?:an?|several|a\s+few|a\s+couple\s+of)\s+"
    after_lead = "|".join(["hundred", "dozen", "half", "third", "quarter", *lx.scales])
    # a whole digit run is one match ("10,000.5"), so the scanner sees each number once
    return re2.compile(rf"(?i)\.?\d[\d,.]*|\b(?:{lead}(?:{after_lead})|{alt})\b".encode())


def _candidates(text: str, start: int = 0) -> list[tuple[int, int, str]]:
    """(start, end, matched text) of every candidate from ``start`` on, in character offsets. RE2 runs on
    bytes (its str interface converts offsets on every match, which costs more than the search): an ASCII
    copy of the text, and the UTF-8 bytes only when the text holds "ſ" or the Kelvin sign (below)."""
    part = text[start:]
    if part.isascii() or not ("ſ" in part or "\u212a" in part):
        # One byte a character, so that byte offsets are character offsets: other characters as "?", which
        # the pattern treats as it does them (no digit, blank or ASCII word character; no match holds one).
        # Not when the text has the two characters that match ASCII letters ignoring case ("ſ" is "s" and
        # the Kelvin sign "k" to RE2): then their UTF-8 bytes are searched.
        spans = _spans(_candidate_re(), part.encode("ascii", "replace"))
        return [(start + b, start + e, text[start + b : start + e]) for b, e in spans]
    data = part.encode("utf-8")
    spans = _spans(_candidate_re(), data)
    out = []
    last_b, last_c = 0, start
    for b, e in spans:
        s = last_c + len(data[last_b:b].decode("utf-8"))
        t = s + len(data[b:e].decode("utf-8"))
        last_b, last_c = b, s
        out.append((s, t, text[s:t]))
    return out


def _spans(pattern: Any, data: bytes) -> list[tuple[int, int]]:
    """(start, end) of every match of an RE2 pattern in ``data``, as ``finditer`` would find them. Through
    the binding's own ``Match`` call when it has one: ``finditer`` wraps each match in a Python object, which
    costs more than the search itself here."""
    match = getattr(getattr(pattern, "_regexp", None), "Match", None)
    if match is None:
        return [(m.start(), m.end()) for m in pattern.finditer(data)]
    import re2

    unanchored = re2._Anchor.UNANCHORED
    out = []
    pos, n = 0, len(data)
    while True:
        b, e = match(unanchored, data, pos, n)[0]
        if b < 0:
            return out
        out.append((b, e))
        if pos == n:
            return out
        pos = pos + 1 if pos == e else e  # past an empty match, as finditer does


_AGE = re.compile(r"(?:-|[ \t]+)(year|month|week|day)s?(?:-|[ \t]+)old\b", re.IGNORECASE)
_TIMES = re.compile(r"(?:[ \t]+times|-?fold)\b", re.IGNORECASE)
_CAP_BEFORE = re.compile(r"(?:^|[\s(])([A-Z][\w&.’'-]*)[ \t]$")
_RANGE_CONN = re.compile(r"[ \t]*(?:(-|–|—)|(to|and|or|through))[ \t]*", re.IGNORECASE)
_RANGE_MARK = re.compile(r"\b(between|from)[ \t]+$", re.IGNORECASE)
_CHANGE_VERB = re.compile(
    r"\b(?:rose|rise[sn]?|rising|fell|fall(?:s|en|ing)?|increas\w*|decreas\w*|dropp?\w*|declin\w*|climb\w*|"
    r"jump\w*|gr[eo]w\w*|went|go(?:es|ne)?|cut|rais\w*|lower\w*|reduc\w*|slash\w*|boost\w*|up|down|surg\w*|"
    r"soar\w*|plung\w*|shr[iu]nk\w*|swell\w*|balloon\w*|moved?|changed?|revised?|upgraded?|downgraded?)\b"
    r"[^.;]{0,30}$",
    re.IGNORECASE,
)
_RANGE_LEADS = frozenset(" \t-tTaAoO")
_RESTATE_OPEN = re.compile(r"[ \t]*(?:\([ \t]*|,?[ \t]+or[ \t]+|[ \t]*/[ \t]*|[ \t]*[–—][ \t]*)")
_RESTATE_LEADS = frozenset(" \t(,o/–—")  # what may follow a first blank in ``_RESTATE_OPEN``
_RESTATE_QUAL = re.compile(
    r"(?:about|around|roughly|approximately|approx\.?|some|nearly|almost|close to|just over|just under|"
    r"more than|less than|over|under|~)[ \t]+",
    re.IGNORECASE,
)
_NOUN_TOKEN = re.compile(r"[ \t\u00a0]*([A-Za-z][A-Za-z’'-]*)")
_CODE_BEFORE = re.compile(r"\b([A-Z]{3})[ \t]$")
_HYPHEN_WORD = re.compile(r"-[A-Za-z]")
_OF = re.compile(r"[ \t]+of\b")
_OF_THE = re.compile(r"[ \t]+of(?:[ \t]+the)?\b")
_LETTER_HYPHEN_END = re.compile(r"[A-Za-z]-$")
_PATHISH_END = re.compile(r"[#@/\\]$")
_SIGN_END = re.compile(r"(?:^|[\s(])[-−]$")
_MINUS_END = re.compile(r"\bminus[ \t]+$", re.IGNORECASE)
_VAGUE_OF = re.compile(r"[ \t]+of[ \t]+((?:thousands|millions|billions)[ \t]+of[ \t]+)?", re.IGNORECASE)
_NUMBER_NEXT = re.compile(r"[ \t]*[$€£¥]?\d")
_ATTRIBUTIVE = re.compile(r"-([a-z]+)\b(?!-)")
_ARTICLE_END = re.compile(r"\b(an?)[ \t]+$", re.IGNORECASE)
_CLOSE = re.compile(r"[ \t]*\)")
_LOCAL_PHONE = re.compile(r"\d{3}-\d{4}")
_ONE_IN = re.compile(r"[ \t]+in[ \t]+(?=\w)")
_AGE_LIST = re.compile(r",?[ \t]+(?:and|or)[ \t]+|,[ \t]*")
_PERIOD_WORDS = frozenset({"first", "second", "third", "fourth", "last", "latter", "former", "other", "final",
                           "opening", "closing", "next", "previous", "1st", "2nd", "3rd", "4th", "the"})
_OTHERS = re.compile(r"[ \t]+(?:others|more)\b", re.IGNORECASE)
# What the patterns matched right after a number may start with: a cheap test before the match
_BLANKS = frozenset(" \t")
_AGE_LEADS = frozenset("- \t")
_TIMES_LEADS = frozenset(" \t-fF")


def _money_before(before: str, start: int, prefix: re.Match[str] | None) -> tuple[str | None, int] | None:
    """The currency written before a number and where the amount starts: a symbol or word (``prefix``, the
    match of ``units.currency_prefix_pattern`` in ``before`` if one was looked for) or an ISO code ("USD 5");
    ``before`` is the text before the number at ``start``."""
    if prefix:
        return units.currency_of_prefix(prefix.group(1)), start - (len(before) - prefix.start())
    cm = _CODE_BEFORE.search(before) if before[-4:-1].isupper() else None
    if cm and cm.group(1) in units.currency_codes():
        return cm.group(1), start - (len(before) - cm.start(1))
    return None


@dataclass(slots=True)
class _Amount:
    """A number with its currency prefix, scale and unit, as read at one place in the text."""

    start: int  # first character (currency prefix or sign included)
    num: Num
    unit: str | None
    end: int  # after the unit (or the number when there is none)
    unit_glued: bool = False


def _sentence_start(starts: list[int], pos: int) -> int:
    i = bisect.bisect_right(starts, pos) - 1
    return starts[i] if i >= 0 else 0


def _unit_at(text: str, pos: int, *, allow_hyphen: bool = True) -> tuple[str | None, int, bool]:
    """(unit, end, glued) of a unit alias right after a number at ``pos``: glued ("10km", "40C"), after
    one space ("10 km"), or after a hyphen ("a 10-km stretch")."""
    if pos >= len(text):
        return None, pos, False
    c = text[pos]
    if c.isalpha() or c in "°º%²³":
        start, is_glued = pos, True
    elif c in " \u00a0\t" and pos + 1 < len(text) and (text[pos + 1].isalpha() or text[pos + 1] in "°º%"):
        start, is_glued = pos + 1, False
    elif c == "-" and allow_hyphen and pos + 1 < len(text) and text[pos + 1].isalpha():
        start, is_glued = pos + 1, False
    else:
        return None, pos, False
    found = units.lookup(text, start, glued=is_glued)
    if found is None:
        return None, pos, False
    return found[0], found[1], is_glued


def _read_amount(text: str, pos: int, *, words_ok: bool = True) -> _Amount | None:
    """Read [currency prefix] number [scale] [unit] starting at ``pos`` (white space already skipped)."""
    start = pos
    currency: str | None = None
    m = units.currency_prefix_anchor().match(text, pos)
    if m:
        currency = units.currency_of_prefix(m.group(1))
        pos = m.end()
    c = text[pos : pos + 1]
    if not (c.isdigit() or c == "." or (words_ok and c.isalpha())):
        return None
    num = numbers.parse_number(text, pos)
    if num is None:
        return None
    return _finish_amount(text, start, num, currency)


def _finish_amount(text: str, start: int, num: Num, currency: str | None) -> _Amount:
    digits_end = num.end
    if num.scale != 1.0 and not num.words:
        digits_end = numbers.parse_digits_plain_end(text, num.start)
    unit, end, glued = _unit_at(text, num.end)
    if (num.money_scale and currency is None and (unit is None or units.info(unit).dimension != "currency")
            and _find_noun(text, num.end, 2.0)[0] not in nouns.known_nouns()):
        # "100m" without a currency is a hundred metres, not a hundred million ("5m people" is five million)
        num = replace(num, value=num.value / num.scale, scale=1.0, end=digits_end, money_scale=False)
        unit, end, glued = _unit_at(text, num.end)
    if currency is not None:
        if unit is not None and units.info(unit).dimension == "currency":
            pass  # "$5 USD": the code repeats the sign
        else:
            unit, end, glued = currency, num.end, False
    return _Amount(start, num, unit, end if unit else num.end, glued)


def _find_noun(text: str, pos: int, value: float | None) -> tuple[str | None, int]:
    """(lemma, end) of the noun a count counts: the first plural noun within a few words ("600 Russian
    soldiers", "14 German-made Leopard battle tanks"), or for one thing the first known noun."""
    known = nouns.known_nouns()
    singular = value == 1
    fallback: tuple[str | None, int] = (None, pos)
    # the words are read one ahead of the one looked at (not all six first): the noun is usually the first
    m = _NOUN_TOKEN.match(text, pos)
    prev_tok = ""
    for k in range(6):
        if m is None:
            break
        tok, b = m.group(1), m.end(1)
        m = _NOUN_TOKEN.match(text, m.end()) if k < 5 else None
        low = tok.lower()
        if low.endswith(("'s", "’s")):
            break  # a possessive starts a new noun phrase ("one of Gerasimov's three aids")
        if m is not None:
            nxt = m.group(1)
            pair = f"{low} {nouns.lemma(nxt)}"
            if pair in known and (singular or nouns.is_plural(nxt)):
                return pair, m.end(1)
        lem = nouns.lemma(low)
        if lem in known:
            if singular or nouns.is_plural(low):
                return lem, b
            if fallback[0] is None:
                fallback = (lem, b)
        elif low in ("and", "or") and k > 0 and prev_tok[:1].isupper():
            pass  # "Russian and Ukrainian troops"
        elif nouns.is_function_word(low):
            break
        elif not singular and nouns.is_plural(low) and not tok[:1].isupper():
            return lem, b
        prev_tok = tok
    if singular and fallback[0] is not None:
        return fallback
    return None, pos


@cache
def _counted_before_re() -> re.Pattern[str]:
    from factcheck.lexicon import load_yaml

    phrases = load_yaml("nouns.yaml").get("counted_before", {})
    alt = "|".join(re.escape(p).replace(r"\ ", r"\s+") for p in sorted(phrases, key=len, reverse=True))
    link = r"(?:of|at|was|is|stood at|stands at|rose to|climbed to|reached|hit|has risen to|had risen to)"
    return re.compile(rf"\b({alt})\s+{link}\s+$", re.IGNORECASE)


_LINK_WORDS = frozenset({"of", "at", "was", "is", "to", "reached", "hit"})


def _noun_before(text: str, pos: int) -> str | None:
    if qualifiers.prev_word(text, pos) not in _LINK_WORDS:
        return None
    m = _counted_before_re().search(text, max(0, pos - 40), pos)
    if not m:
        return None
    from factcheck.lexicon import load_yaml

    table = {" ".join(k.lower().split()): v for k, v in load_yaml("nouns.yaml")["counted_before"].items()}
    return table.get(" ".join(m.group(1).lower().split()))


@lru_cache(maxsize=512)
def _dimension(unit: str | None) -> tuple[str, str | None]:
    if unit is None:
        return "count", None
    i = units.info(unit)
    return i.dimension, i.base_unit


class _Scanner:
    def __init__(self, text: str, sentences: list[Sentence]) -> None:
        self.text = text
        self.starts = sorted([s.start for s in sentences]) or [0]
        self._number_end = 0
        self._aged_list_end = -1  # start of the next number of an age list ("aged 34 and 41")

    def run(self) -> list[Quantity]:
        out: list[Quantity] = []
        consumed = 0
        restart = True
        while restart:
            restart = False
            for start, end, tok in _candidates(self.text, consumed):
                if start < consumed:
                    continue
                q = self.at(start, end, tok)
                # a rejected number is skipped whole too: "twenty-one" must not yield "one" on its own
                # (max() of the three, without the call)
                new = consumed if consumed >= self._number_end else self._number_end
                if q is not None and q.end > new:
                    new = q.end
                if q is not None:
                    # (``anaphora`` changes only a count without a noun: the others skip the call)
                    out.append(q if q.noun is not None or q.dimension != "count" else self.anaphora(q, out))
                if new - consumed > 2000:
                    consumed, restart = new, True  # a long excluded stretch (a URL): search on after it
                    break
                consumed = new
        return out

    def anaphora(self, q: Quantity, before: list[Quantity]) -> Quantity:
        """"31 people were killed and 88 others injured": "others"/"more" count what the previous count in
        the sentence counts. Only for a count without a noun (the caller asks for no other)."""
        if self.text[q.end : q.end + 1] not in _BLANKS or not _OTHERS.match(self.text, q.end):
            return q
        s0 = _sentence_start(self.starts, q.start)
        for p in reversed(before):
            if p.start < s0:
                break
            if p.noun is not None and p.dimension == "count":
                return replace(q, noun=p.noun)
        return q

    # -- one candidate ------------------------------------------------------------------------------------
    def at(self, start: int, end: int, tok: str) -> Quantity | None:
        text = self.text
        self._number_end = start
        if not tok[0].isalpha():
            if start > 0 and (text[start - 1].isalnum() or text[start - 1] in "_.,"):
                return None  # inside a word or a number: "G7", "vicktop555", "10,000"
            excluded = exclusions.excluded_at(text, start if tok[0] != "." else start + 1)
            if excluded is not None:
                self._number_end = excluded
                return None
            return self.digits(start)  # the vague words below are all letters
        low = " ".join(tok.lower().split())
        last = low.split()[-1]
        lx = numbers.lexicon()
        if last in lx.vague or (low.startswith(_VAGUE_MULT) and last in ("dozen", "hundred", *lx.scales)):
            return self.vague(start, end, low)
        return self.words(start, tok)

    def sentence_initial(self, pos: int) -> bool:
        s0 = _sentence_start(self.starts, pos)
        return not self.text[s0:pos].strip(" \t\"“‘'([")

    def words(self, start: int, tok: str) -> Quantity | None:
        text = self.text
        if tok[0].isupper() and not self.sentence_initial(start):
            return None  # "World War One", "Group of Seven": a number word inside a name
        num = numbers.parse_words(text, start)
        if num is None:
            return None
        self._number_end = num.end
        if _HYPHEN_WORD.match(text, num.end) and not (
                _AGE.match(text, num.end) or _unit_at(text, num.end)[0] or qualifiers.qualifier_after(text, num.end)):
            return None  # "one-off", "five-star"
        if num.fraction:
            if qualifiers.prev_word(text, start) in _PERIOD_WORDS:
                return None  # "the first half of 2023", "the second quarter": a period, not an amount
            if not _OF.match(text, num.end) and qualifiers.prev_word(text, start) not in ("by", "about", "nearly",
                                                                                           "almost", "roughly"):
                return None  # "the third", "half-time": not an amount ("by a third", "of residents" are)
            return self.build(start, _Amount(start, num, None, num.end), fraction=True)
        one_in = _ONE_IN.match(text, num.end) if num.value == 1 and not num.big_word else None
        if one_in:
            # "one in five children": a share, 1/5
            n = numbers.parse_number(text, one_in.end())
            if n is not None and n.value > 1:
                self._number_end = n.end
                share = replace(num, value=1.0 / n.value, end=n.end, fraction=True)
                return self.build(start, _Amount(start, share, None, n.end), fraction=True)
        amount = _finish_amount(text, start, num, None)
        return self.build(start, amount)

    def digits(self, start: int) -> Quantity | None:
        text = self.text
        before = text[start - 40 if start > 40 else 0 : start]
        amount_start = start
        negative = False
        currency: str | None = None
        pm = None
        last = before[-2:]
        # the common case, one space after a word: no sign, hyphen or path character before the number
        plain = len(last) == 2 and last[1] == " " and last[0] not in " \t\n"
        if plain:
            end = last[0]
        else:
            # these patterns end at the end of ``before`` (or before a final newline) and are at most three
            # characters long: searching only the tail gives the same answer without a scan of the whole slice
            tail3 = max(0, len(before) - 3)
            if _LETTER_HYPHEN_END.search(before, tail3):
                return None  # "F-16", "Covid-19", "mid-2022"
            if _PATHISH_END.search(before, tail3):
                return None  # "#5", "@user123", paths
            end = before.rstrip(" \t")[-1:]
        if end in units.prefix_ends():
            pm = units.currency_prefix_pattern().search(before)
        money = _money_before(before, start, pm)
        if money is not None:
            currency, amount_start = money
        elif not plain and _SIGN_END.search(before, tail3):
            negative = True
            amount_start = start - 1
        # ("minus" ignoring case ends in "s", "S" or the long s "ſ")
        elif (not plain or end in "sSſ") and (
                mm := _MINUS_END.search(before, max(0, len(before.rstrip(" \t\n")) - 5))):
            negative = True
            amount_start = start - (len(before) - mm.start())
        return self.digits_from(start, amount_start, negative, currency)

    def digits_from(self, start: int, amount_start: int, negative: bool, currency: str | None) -> Quantity | None:
        """``digits`` once what stands before the number is read."""
        text = self.text
        found = numbers.parse_digits_and_end(text, start)
        if found is None:
            return None
        num, plain_end = found
        raw = text[start:plain_end]
        self._number_end = num.end
        if negative:
            num = replace(num, value=-num.value)
        if num.value == 1 and currency is None and num.scale == 1.0 and _ONE_IN.match(text, num.end):
            # "1 in 10 adults": a share, 1/10
            n = numbers.parse_number(text, _ONE_IN.match(text, num.end).end())
            if n is not None and 1 < n.value < 1500:  # not "1 in 2022"
                self._number_end = n.end
                share = replace(num, value=1.0 / n.value, end=n.end, fraction=True)
                return self.build(start, _Amount(start, share, None, n.end), fraction=True)
        amount = _finish_amount(text, amount_start, num, currency)
        nxt = text[amount.num.end : amount.num.end + 2]
        if amount.unit is None:
            if nxt[:1].isalpha() or nxt[:1] == "_":
                return None  # "5G", "3D", "737MAX": a name or code
            if exclusions.is_list_marker(text, start, amount.num.end):
                return None
        if exclusions.is_label(text[amount_start - 30 if amount_start > 30 else 0 : amount_start]):
            return None
        return self.build(amount_start, amount, raw=raw)

    def vague(self, start: int, end: int, low: str) -> Quantity | None:
        """"dozens of", "hundreds of thousands of", "several hundred"."""
        text = self.text
        lx = numbers.lexicon()
        words = low
        if words.split()[-1] in lx.vague:
            m = _VAGUE_OF.match(text, end)
            if not m:
                return None
            if m.group(1):
                words = f"{words} of {m.group(1).split()[0].lower()}"
            if words == "tens":
                return None
            rng = interval.vague_interval(words)
            if rng is None:
                return None
            noun_pos = m.end()
            if text[start].isupper() and not self.sentence_initial(start):
                return None
        else:
            mult_word = next(p for p in _VAGUE_MULT if low.startswith(p))
            scale_word = low.split()[-1]
            mult = interval.vague_interval(mult_word)
            if mult is None:
                return None
            s = float(lx.dozen if scale_word == "dozen" else lx.hundred if scale_word == "hundred" else
                      lx.scales[scale_word])
            rng = (mult[0] * s, mult[1] * s)
            noun_pos = end
        self._number_end = noun_pos
        unit, uend, _ = _unit_at(text, noun_pos - 1 if text[noun_pos - 1 : noun_pos] == " " else noun_pos)
        qual = qualifiers.qualifier_before(text, start)
        qstart = qual[2] if qual else start
        if unit is not None:
            noun = None
            end_all = uend
        else:
            noun, nend = _find_noun(text, noun_pos, None)
            end_all = nend if noun else end
        dim, base = _dimension(unit)
        iv = units.to_base_pair(rng[0], rng[1], unit)
        st = make_statement(text=text[start:end], start=start, end=end, value=None, range=None, unit=unit,
                            qualifier="~", interval=iv, decimals=0)
        return make_quantity(start=qstart, end=end_all, text=text[qstart:end_all], value=None, range=None,
                             unit=unit, noun=noun, qualifier="~", interval=iv, base_unit=base, dimension=dim,
                             statements=(st,), vague=True)

    # -- assembling ---------------------------------------------------------------------------------------
    def build(self, start: int, amount: _Amount, *, fraction: bool = False, raw: str = "") -> Quantity | None:
        text = self.text
        num = amount.num
        if not math.isfinite(num.value):
            return None  # "1,000,000,…" beyond a float: not an amount anyone wrote
        unit = amount.unit
        end = amount.end
        dimension, base = _dimension(unit)
        noun: str | None = None
        rng: tuple[float, float] | None = None
        value: float | None = num.value
        range_start = start

        # age: "24-year-old", "aged 24"
        # (an age phrase starts with a hyphen or a blank: most numbers are followed by neither)
        age_lead = text[num.end : num.end + 1] in _AGE_LEADS
        age = _AGE.match(text, num.end) if unit is None and age_lead else None
        if age is None and age_lead and unit is not None and dimension == "duration":
            age = _AGE.match(text, num.end)
        is_age = False
        prev = qualifiers.prev_word(text, start)  # looked at three times below: read once
        if age:
            unit, end, is_age = age.group(1).lower(), age.end(), True
        elif unit is None and (prev in ("aged", "age", "ages")
                               or self._aged_list_end == start):
            unit, is_age = "year", True
            # "aged 34 and 41": the next number is an age too
            more = _AGE_LIST.match(text, num.end)
            if more:
                self._aged_list_end = more.end()
        if is_age:
            dimension, base = "age", unit

        # range: "80-100 meters", "between 80 and 100", "80 to 100 metres", "$5m-$10m"
        mark = _RANGE_MARK.search(text, max(0, start - 12), start) if prev in ("between", "from") else None
        second = None
        if not is_age and not fraction:
            second, rng_end, conn = self.range_second(amount, mark is not None)
            if second is not None:
                lo, hi = num.value, second.num.value
                half = (num.half_unit, second.num.half_unit)
                if second.num.scale != 1.0 and num.scale == 1.0 and lo * second.num.scale <= hi:
                    lo = lo * second.num.scale  # "1.5 to 2 million"
                    half = (num.half_unit * second.num.scale, second.num.half_unit)
                if mark and mark.group(1).lower() == "from" and _CHANGE_VERB.search(text, max(0, mark.start() - 40),
                                                                                     mark.start()):
                    second = None  # "rose from 5% to 10%": two amounts, not a range
                elif (conn in "-–—" and _LOCAL_PHONE.fullmatch(text, num.start, second.num.end)
                      and not text[second.num.end - 2 : second.num.end] == "00"):
                    self._number_end = rng_end
                    return None  # "555-3988": a phone number (news writes ranges as "500-1,500")
                elif lo < hi:
                    rng = (lo, hi)
                    value = None
                    unit = unit or second.unit
                    end = rng_end
                    dimension, base = _dimension(unit)
                    if mark:
                        range_start = mark.start()
                elif conn in "-–—":
                    self._number_end = rng_end
                    return None  # "3-1": a score, not an amount
                else:
                    second = None
        # ratio: "10 times larger"
        if unit is None and not is_age and rng is None and not fraction:
            tm = _TIMES.match(text, num.end) if text[num.end : num.end + 1] in _TIMES_LEADS else None
            if tm:
                dimension, end = "ratio", tm.end()
        if fraction:
            dimension = "fraction"

        # hedges
        qual = qualifiers.qualifier_before(text, range_start, prev if range_start == start else None)
        qsym, qphrase = ("=", None)
        qstart = range_start
        if qual:
            qsym, qphrase, qstart = qual
        after = qualifiers.qualifier_after(text, end)
        if after and not _NUMBER_NEXT.match(text, after[2]):
            # ("500 plus 200" is a sum, not "500-plus")
            qsym, qphrase, end = after[0], after[1], after[2]
            if unit is None and not is_age:
                u, uend, _ = _unit_at(text, end)  # "40-odd years"
                if u is not None:
                    unit, end = u, uend
                    dimension, base = _dimension(unit)

        # counted noun
        noun_end = end
        attributive = _ATTRIBUTIVE.match(text, end) if unit is None and not is_age and text[end : end + 1] == "-" \
            else None
        if attributive and rng is None and not fraction and dimension == "count":
            # "a 40-storey tower", "a 7.8-magnitude quake", "a 12-page report": the number counts the word
            noun = nouns.lemma(attributive.group(1))
            end = noun_end = attributive.end()
        elif dimension in ("count", "age", "fraction") and unit is None or is_age:
            look = end
            if fraction:
                of = _OF_THE.match(text, end)
                look = of.end() if of else end
            noun, nend = _find_noun(text, look, 1.0 if is_age else value if rng is None else rng[1])
            if noun is not None and not fraction:
                noun_end = nend
            if noun is None and not fraction:
                noun = _noun_before(text, qstart)

        # what is not an amount
        if unit is None and dimension == "count" and noun is None and qual is None and rng is None:
            if num.words and not num.big_word:
                return None  # "one of the ...", "the two": a bare small number word is a pronoun
            if raw and "," not in raw and exclusions.looks_like_year(raw, text[max(0, qstart - 12) : qstart]):
                return None
            cap = _CAP_BEFORE.search(text, max(0, qstart - 30), qstart)
            if cap and cap.group(1) not in exclusions.months() and not self.sentence_initial(qstart):
                return None  # "S&P 500", "World War 2", "Boeing 737"
            if cap and self.sentence_initial(cap.start(1)) and not self.sentence_initial(qstart):
                return None
            if text[qstart - 1 : qstart] in "([" and text[end : end + 1] in ")]" and qstart > 0:
                return None  # "(2)", "[1]": a reference or list number
        if unit is None and dimension == "count" and raw and "," not in raw and rng is None and qual is None:
            if exclusions.looks_like_year(raw, text[max(0, qstart - 12) : qstart]) and (
                noun is None or noun not in nouns.known_nouns()
            ):
                return None

        # restatements: "10km (6.2 miles)", "40C (104F)", "60 mph, or about 97 km/h"
        statements_extra: list[Statement] = []
        total_end = noun_end if noun_end > end else end
        if unit is not None and dimension not in ("count", "age", "fraction", "ratio"):
            rs = self.restatement(end, unit, qsym)
            if rs is not None:
                statements_extra.append(rs[0])
                total_end = max(total_end, rs[1])

        if rng is None:
            half: float | tuple[float, float] = num.half_unit
        if is_age:
            lo, hi = (value, value + 1.0) if qsym == "=" and value is not None else interval.stated_interval(
                value, rng, half, qsym, qphrase)
        else:
            lo, hi = interval.stated_interval(value, rng, half, qsym, qphrase)
        if dimension == "age":
            iv = (lo, hi)
        else:
            iv = units.to_base_pair(lo, hi, unit)
        stmt_end = end
        main = make_statement(text=text[qstart:stmt_end], start=qstart, end=stmt_end, value=value, range=rng,
                              unit=unit, qualifier=qsym, interval=iv, decimals=num.decimals)
        span_start = qstart
        if is_age:
            art = _ARTICLE_END.search(text[max(0, qstart - 4) : qstart])
            if art:
                span_start = qstart - (len(text[max(0, qstart - 4) : qstart]) - art.start(1))
        return make_quantity(start=span_start, end=total_end, text=text[span_start:total_end], value=value,
                             range=rng, unit=unit, noun=noun, qualifier=qsym, interval=iv, base_unit=base,
                             dimension=dimension, statements=(main, *statements_extra))

    def range_second(self, first: _Amount, marked: bool) -> tuple[_Amount | None, int, str]:
        text = self.text
        pos = first.end if first.unit is not None else first.num.end
        c = text[pos : pos + 1]
        # a connector starts with a blank, a dash, or t/a/o ("to", "and", "or"): most numbers are followed by
        # something else, decided without a match (any non-ASCII character is left to the pattern)
        m = _RANGE_CONN.match(text, pos) if (c in _RANGE_LEADS or not c.isascii()) and (
            c != " " or text[pos + 1 : pos + 2] in _RANGE_LEADS or not text[pos + 1 : pos + 2].isascii()) else None
        if not m:
            return None, pos, ""
        conn = (m.group(1) or m.group(2) or "").lower()
        if conn == "and" and not marked:
            return None, pos, ""
        if conn == "or" and first.unit is not None:
            return None, pos, ""  # "10km or 6.2 miles" restates, it is no range
        if conn in "-–—" and m.group(0) != conn and not first.num.words and not marked:
            pass  # "80 - 100" with spaces: still a range
        if qualifiers.qualifier_after(text, pos):
            return None, pos, ""
        nxt = m.end()
        if text[nxt : nxt + 1].isdigit() and exclusions.excluded_at(text, nxt) is not None:
            return None, pos, ""
        second = _read_amount(text, nxt, words_ok=first.num.words)
        if second is None or second.num.words != first.num.words:
            return None, pos, ""
        if first.unit is not None and second.unit is not None and second.unit != first.unit:
            return None, pos, ""
        if first.unit is not None and second.unit is None and first.unit_glued is False and conn in "-–—":
            pass
        if first.unit is not None and units.info(first.unit).dimension == "currency" and second.unit is None:
            second.unit = first.unit
        end = second.end if second.unit is not None else second.num.end
        if first.unit is not None and second.unit is None:
            end = second.num.end
        return second, end, conn

    def restatement(self, pos: int, unit: str, qsym: str) -> tuple[Statement, int] | None:
        text = self.text
        # an opener after one blank starts with one of a few characters (most units are followed by a word)
        if text[pos : pos + 1] == " " and text[pos + 1 : pos + 2] not in _RESTATE_LEADS:
            return None
        m = _RESTATE_OPEN.match(text, pos)
        if not m:
            return None
        opener = m.group(0).strip()
        p = m.end()
        phrase = None
        rq = qsym
        qm = _RESTATE_QUAL.match(text, p)
        if qm:
            phrase = " ".join(qm.group(0).lower().split()).rstrip(".")
            rq = "~" if phrase not in ("just over", "more than", "over", "just under", "less than", "under") else (
                ">" if phrase in ("just over", "more than", "over") else "<")
            p = qm.end()
        second = _read_amount(text, p)
        if second is None or second.unit is None or second.unit == unit:
            return None
        if units.info(second.unit).dimension != units.info(unit).dimension:
            return None
        end = second.end
        if opener.startswith("("):
            close = _CLOSE.match(text, end)
            if not close:
                return None
            total_end = close.end()
        else:
            total_end = end
        num = second.num
        if phrase and phrase not in ("about", "around", "roughly", "approximately", "approx", "some", "nearly",
                                     "almost", "close to", "~"):
            phrase = None
        lo, hi = interval.stated_interval(num.value, None, num.half_unit, rq, phrase)
        iv = units.to_base_pair(lo, hi, second.unit)
        st_start = qm.start() if qm else second.start
        st = make_statement(text=text[st_start:end], start=st_start, end=end, value=num.value, range=None,
                            unit=second.unit, qualifier=rq, interval=iv, decimals=num.decimals)
        return st, total_end


def extract_quantities(text: str, sentences: list[Sentence]) -> list[Quantity]:
    """Every quantity in ``text`` in order of position. ``sentences`` tells where sentences start (a number
    word capitalised mid-sentence is part of a name)."""
    return _Scanner(text, sentences).run()

