"""Findings about names: misspellings (a rare form one slip from a dominant one) and inconsistent
spellings (several transliterations of one name), from the generic variant search, the built-in style
pairs (``names_styles.yaml``) and the desk's ``extends: names`` rules.

Rules win over the built-in logic: a form a rule names (canonical, accepted or rejected) or allows is
left out of the generic search and of the style pairs, so nothing is reported twice.
"""

from __future__ import annotations

import heapq
import re
from array import array
from collections import Counter, defaultdict
from collections.abc import Iterable, Mapping, Sequence
from dataclasses import dataclass, field, replace
from functools import lru_cache
from pathlib import PurePosixPath
from typing import Any

from factcheck.model import Evidence, Finding, Location, Severity
from factcheck.names.cluster import (
    Cluster,
    TokenInfo,
    find_clusters,
    relation_in,
    tokens_of,
    tokens_of_shapes,
)
from factcheck.names.extract import NameMention, long_lowercase_words
from factcheck.names.lexicon import name_lexicon
from factcheck.names.packed import NO_EXCEPTS, DecodedNames, NameRecord, NamesPool, PackedNames, shapes_of
from factcheck.names.similarity import Relation, fold

LOWER_OPTION = "names.lower"  # CheckContext option: the words NamesPool.absorb took out of the articles
TOKENS_OPTION = "_names_tokens"  # CheckContext option: the run's name token keys, once the findings are made
FINDINGS_OPTION = "_names_findings"  # CheckContext option: the run's names findings, once made (``findings_for``)
MAX_DOMINANT_EVIDENCE = 5  # spans of the dominant form shown (one per article); every rare span is shown
MISSPELLING_RATIO = 2  # a typo-like form is a misspelling when the dominant form is this many times as common


@dataclass(frozen=True)
class Spec:
    """One canonical name with its variants, from a rule or from the built-in style pairs."""

    rule: str
    canonical: str | None  # None for a built-in style pair: no house style is implied
    accept: tuple[str, ...]
    reject: tuple[str, ...]
    except_: tuple[str, ...]
    reject_level: Severity
    mix_level: Severity
    note: str | None = None  # the rule's ``message``, added to its findings

    @property
    def forms(self) -> tuple[str, ...]:
        return ((self.canonical,) if self.canonical else ()) + self.accept + self.reject


@dataclass(frozen=True)
class NamesDoc:
    """What the names checks need of one article, computed where it is analysed (this is what workers send
    and the cache stores; a run keeps it packed, see ``packed``): its name mentions (as its distinct names
    and where each stands), the words it writes in lower case, and where the except phrases of the rules
    and style pairs stand in it."""

    shapes: tuple[NameRecord, ...]  # the distinct names, at offset 0 (``packed.shapes_of``)
    layout: array  # (start, index in ``shapes``) of each name, in order
    lower: frozenset[str]  # added by ``NamesPool.absorb`` to a run's corpus-wide set (its packed form has none)
    excepts: dict[str, tuple[tuple[int, int], ...]] = field(default_factory=dict)  # phrase -> spans

    @property
    def names(self) -> tuple[NameRecord, ...]:
        """The article's name mentions as ``collect`` found them."""
        return PackedNames(self.shapes, self.layout, NO_EXCEPTS).records()


def except_phrases(rules: Iterable[Any]) -> list[str]:
    return sorted(_builtin_except_phrases().union(p for s in specs_from_rules(rules)[0] for p in s.except_))


@lru_cache(maxsize=1)
def _builtin_except_phrases() -> frozenset[str]:
    """The except phrases of the built-in style pairs (asked for once per article: made once)."""
    return frozenset(p for s in builtin_specs() for p in s.except_)


# The characters outside ASCII that a case-insensitive regex matches to ASCII letters or digits ("İ" and "ı"
# to "i", "ſ" to "s", the Kelvin sign to "k"; tests/test_names_fast_paths.py checks there are no others).
_ODD_CASED = ("İ", "ı", "ſ", "\u212a")
_ASCII_ALNUM = re.compile(r"[a-zA-Z0-9]+")


@lru_cache(maxsize=256)
def _phrase_pattern(phrase: str) -> tuple[re.Pattern[str], bytes]:
    """The pattern that finds ``phrase`` (any case, any blanks between its words) and a probe: its longest
    piece of ASCII letters and digits, lower-cased, as bytes (b"" when it has none)."""
    words = [re.escape(w) for w in phrase.split()]
    pattern = re.compile(r"(?<!\w)" + r"\s+".join(words) + r"(?!\w)", re.IGNORECASE)
    probe = max(_ASCII_ALNUM.findall(phrase), key=len, default="")
    return pattern, probe.lower().encode("ascii")


def _phrases_in(text: str, phrases: Iterable[str]) -> dict[str, tuple[tuple[int, int], ...]]:
    """``{phrase: spans}``: where each phrase found in ``text`` stands (any case, any blanks between its words).

    Most articles have none of the phrases: the regex (a case-insensitive scan of the whole text) is run only
    when the phrase's probe is in the text's lower-cased UTF-8 bytes. That test cannot miss when the text has
    none of ``_ODD_CASED``: every character the regex can match to a probe character is then that ASCII
    letter or digit in either case, one byte each.
    """
    out = {}
    folded: bytes | None = None
    odd = False
    for phrase in phrases:
        pattern, probe = _phrase_pattern(phrase)
        if probe:
            if folded is None:
                folded = text.encode("utf-8", "surrogatepass").lower()
                odd = any(c in text for c in _ODD_CASED)
            if probe not in folded and not odd:
                continue
        spans = tuple(m.span() for m in pattern.finditer(text))
        if spans:
            out[phrase] = spans
    return out


def collect(analysis: Any, rules: Sequence[Any], claims: Sequence[Any] = ()) -> NamesDoc:
    text = analysis.doc.text
    excepts = _phrases_in(text, except_phrases(rules))
    return NamesDoc(*shapes_of(analysis.names), long_lowercase_words(text), excepts)


@dataclass
class Corpus:
    """What the names checks need from a run: the documents, their name mentions, short labels."""

    docs: list[Any]  # factcheck.model.Document or DocInfo
    names: DecodedNames  # each article's names, decoded when a finding needs them
    labels: list[str] = field(default_factory=list)
    tokens: dict[str, TokenInfo] = field(default_factory=dict)  # every name token and where it is used
    lower: set[str] = field(default_factory=set)  # words written in lower case somewhere
    excepts: list[Mapping[str, tuple[tuple[int, int], ...]]] = field(default_factory=list)

    @classmethod
    def of(cls, analyses: Sequence[Any], rules: Sequence[Any] = ()) -> Corpus:
        return cls.of_docs([collect(a, rules) for a in analyses], [a.doc for a in analyses])

    @classmethod
    def of_docs(cls, found: Sequence[NamesDoc | PackedNames], docs: Sequence[Any], lower: Iterable[str] = ()
                ) -> Corpus:
        """``docs``: the articles (Document or DocInfo) ``found`` was collected from, in the same order;
        ``found``: what ``collect`` made of each, or that packed by a run's ``NamesPool.absorb``; ``lower``:
        lower-case words taken out of them by ``NamesPool.absorb``."""
        docs = list(docs)
        pool = NamesPool()  # packs what no run's pool has (a context built by hand): one way to read names
        packed = [f if isinstance(f, PackedNames) else pool.absorb(f) for f in found]
        names = DecodedNames(packed)
        pools = {id(p.shapes) for p in packed}
        if len(pools) == 1:  # the usual case: one pool's shapes (a run's, or the one made here)
            tokens = tokens_of_shapes(packed[0].shapes, [p.spans[1::2] for p in packed], names)
        else:
            tokens = tokens_of((p.counted() for p in packed), names)
        return cls(docs, names, doc_labels(docs), tokens, set(lower) | pool.lower, [p.excepts for p in packed])

    def text(self, doc: int, start: int, end: int) -> str:
        """The text of a span inside one of the document's name mentions (the run keeps no whole text)."""
        found = self.names.text_in(doc, start, end)
        if found is not None:
            return found
        if hasattr(self.docs[doc], "text"):
            return self.docs[doc].text[start:end]
        raise ValueError(f"span {start}-{end} is not inside a name mention of {self.docs[doc].doc_id}")


def doc_labels(docs: Sequence[Any]) -> list[str]:
    """Short names for articles in messages: the file stem, or its prefix before "_" when that is unique."""
    stems = []
    for d in docs:
        stem = _stem(d.path)
        stems.append(stem if d.record is None else f"{stem}#{d.record}")
    prefixes = [s.split("_", 1)[0] for s in stems]
    if all("_" in s for s in stems) and len(set(prefixes)) == len(set(stems)):
        return prefixes
    if len(set(stems)) == len(set(d.doc_id for d in docs)):
        return stems
    return [d.doc_id for d in docs]


def _stem(path: str) -> str:
    """``PurePosixPath(path).stem``, by string operations for the usual ``dir/name.ext`` (a run labels every
    article: making a path object of each was a tenth of the corpus-wide names stage outside the clusters)."""
    name = path.rpartition("/")[2]
    if name in ("", ".") or "//" in path or "/./" in path:
        return PurePosixPath(path).stem  # what the path object makes of the unusual forms
    dot = name.rfind(".")
    return name[:dot] if 0 < dot < len(name) - 1 else name


def _where(docs: Iterable[int], corpus: Corpus) -> str:
    ids = sorted(set(docs))
    total = len(corpus.docs)
    if len(ids) == total and total > 2:
        return f"in all {total} articles"
    labels = sorted(corpus.labels[i] for i in ids)
    if len(labels) > 4:
        return f"in {', '.join(labels[:3])} and {len(labels) - 3} more"
    return "in " + ", ".join(labels)


def _form(text: str, count: int, docs: Iterable[int], corpus: Corpus) -> str:
    """A form with how often and where it is used: "'Ashfort' (1, in c)"."""
    return f"'{text}' ({count}, {_where(docs, corpus)})"


def _evidence(corpus: Corpus, doc: int, start: int, end: int, role: str) -> Evidence:
    d = corpus.docs[doc]
    return Evidence(Location.of(d, start, end), corpus.text(doc, start, end), role, d.doc_id, start, end)


def _dominant_evidence(corpus: Corpus, spans: Sequence[tuple[int, int, int]]) -> list[Evidence]:
    """The first span in each article, for a few articles: enough to show where the usual form is."""
    seen: set[int] = set()
    out = []
    for doc, start, end in sorted(spans, key=lambda s: (corpus.docs[s[0]].doc_id, s[1])):
        if doc in seen:
            continue
        seen.add(doc)
        out.append(_evidence(corpus, doc, start, end, "dominant"))
        if len(out) >= MAX_DOMINANT_EVIDENCE:
            break
    return out


def _sorted_spans(corpus: Corpus, spans: Iterable[tuple[int, int, int]]) -> list[tuple[int, int, int]]:
    return sorted(set(spans), key=lambda s: (corpus.docs[s[0]].doc_id, s[1], s[2]))


# --- the desk's rules and the built-in style pairs ----------------------------------------------------


def specs_from_rules(rules: Iterable[Any]) -> tuple[list[Spec], set[str]]:
    """Specs from ``extends: names`` rules, and the folded names they allow."""
    from factcheck.rules.name_rule import NameRule

    specs: list[Spec] = []
    allowed: set[str] = set()
    for rule in rules:
        if not isinstance(rule, NameRule) or not rule.enabled:
            continue
        allowed |= {_fold_name(a) for a in rule.allow}
        for canonical, entry in rule.spellings.items():
            reject_level = Severity(entry.level or rule.level)
            explicit = entry.level or (rule.level if "level" in rule.model_fields_set else None)
            mix_level = Severity(explicit or "warning")
            specs.append(
                Spec(rule.id, canonical, tuple(entry.accept), tuple(entry.reject), tuple(entry.except_),
                     reject_level, mix_level, rule.message)
            )
    return specs, allowed


def builtin_specs() -> list[Spec]:
    return [
        Spec("spelling", None, forms, (), excepts, Severity.ERROR, Severity.WARNING)
        for forms, excepts in name_lexicon().styles
    ]


def _fold_name(name: str) -> str:
    return " ".join(fold(w) for w in name.split())


def _except_spans(corpus: Corpus, doc: int, phrases: Sequence[str], cache: dict) -> list[tuple[int, int]]:
    return [span for phrase in phrases for span in corpus.excepts[doc].get(phrase, ())]


def _find_form(corpus: Corpus, form: str, excepts: Sequence[str], cache: dict) -> list[tuple[int, int, int]]:
    """Every (doc, start, end) where the name mentions contain ``form`` word for word, outside except phrases."""
    want = tuple(fold(w) for w in form.split())
    n = len(want)
    out = []
    info = corpus.tokens.get(want[0])
    for o in info.occurrences if info else ():
        doc, m, i = o.doc, o.mention, o.index
        if m.keys[i : i + n] == want:
            start, end = m.token_spans[i][0], m.token_spans[i + n - 1][1]
            if not any(a <= start and end <= b for a, b in _except_spans(corpus, doc, excepts, cache)):
                out.append((doc, start, end))
    return out


def _spec_where(spans: Sequence[tuple[int, int, int]], corpus: Corpus) -> str:
    return _where((s[0] for s in spans), corpus)


def spec_findings(corpus: Corpus, specs: Sequence[Spec], allowed: set[str]) -> tuple[list[Finding], set[str]]:
    """Findings from explicit specs, and the folded tokens they claim (left out of the generic search)."""
    findings: list[Finding] = []
    claimed: set[str] = set()
    cache: dict = {}
    for spec in specs:
        if any(_fold_name(f) in allowed for f in spec.forms):
            continue
        all_forms = [_fold_name(f).split() for f in spec.forms]
        shared = set.intersection(*(set(f) for f in all_forms)) if all_forms else set()
        claimed |= {t for f in all_forms for t in f if t not in shared}
        found = {f: _find_form(corpus, f, spec.except_, cache) for f in spec.forms}
        canonical_spans = found[spec.canonical] if spec.canonical else []
        for bad in spec.reject:
            spans = _sorted_spans(corpus, found[bad])
            if not spans:
                continue
            text = corpus.text(*spans[0])
            msg = f"'{text}' ({len(spans)}, {_spec_where(spans, corpus)}) is a misspelling of '{spec.canonical}'"
            if canonical_spans:
                msg += f" ({len(canonical_spans)}, {_spec_where(canonical_spans, corpus)})"
            evidence = [_evidence(corpus, d, s, e, "variant") for d, s, e in spans]
            evidence += _dominant_evidence(corpus, canonical_spans)
            msg += f", rejected by rule {spec.rule}" + (f": {spec.note}" if spec.note else "")
            findings.append(Finding(spec.rule, "misspelling", spec.reject_level, msg, tuple(evidence),
                                    f"name {spec.canonical}"))
        fine = [f for f in ((spec.canonical,) if spec.canonical else ()) + spec.accept if found[f]]
        if len(fine) >= 2:
            groups = {f: _sorted_spans(corpus, found[f]) for f in fine}
            found_mix = _spelling_finding(corpus, spec.rule, spec.mix_level, groups, spec.canonical)
            if spec.note:
                found_mix = replace(found_mix, message=f"{found_mix.message}: {spec.note}")
            findings.append(found_mix)
    return findings, claimed


# --- the generic search ------------------------------------------------------------------------------


def _spelling_finding(
    corpus: Corpus,
    rule: str,
    level: Severity,
    groups: dict[str, list[tuple[int, int, int]]],
    house_style: str | None = None,
) -> Finding:
    ordered = sorted(groups.items(), key=lambda kv: (-len(kv[1]), kv[0]))
    parts = [f"'{form}' ({len(spans)}, {_spec_where(spans, corpus)})" for form, spans in ordered]
    msg = "Inconsistent spellings of one name: " + ", ".join(parts)
    if house_style:
        msg += f"; house style (rule {rule}): '{house_style}'"
    top = len(ordered[0][1])
    has_dominant = len(ordered) > 1 and top > len(ordered[1][1])
    evidence: list[Evidence] = []
    for i, (_form_text, spans) in enumerate(ordered):
        if i == 0 and has_dominant:
            evidence += _dominant_evidence(corpus, spans)
        else:
            evidence += [_evidence(corpus, d, s, e, "variant") for d, s, e in spans]
    fact = f"name {house_style or ordered[0][0]}"
    return Finding(rule, "spelling", level, msg, tuple(evidence), fact)


def _misspelling(corpus: Corpus, rare: TokenInfo, dominant: TokenInfo) -> Finding:
    msg = (
        f"{_form(rare.display, len(rare.occurrences), (o.doc for o in rare.occurrences), corpus)} looks like a "
        f"misspelling of {_form(dominant.display, dominant.count, dominant.docs, corpus)}"  # (its uses: not listed)
    )
    rare_spans = _sorted_spans(corpus, ((o.doc, *o.span) for o in rare.occurrences))
    evidence = [_evidence(corpus, d, s, e, "variant") for d, s, e in rare_spans]
    evidence += _dominant_evidence(corpus, _first_spans(corpus, dominant))
    return Finding("misspelling", "misspelling", Severity.ERROR, msg, tuple(evidence), f"name {dominant.display}")


def _first_spans(corpus: Corpus, info: TokenInfo) -> list[tuple[int, int, int]]:
    """The (doc, start, end) of the token's uses that ``_dominant_evidence`` can show: those in the articles
    with the MAX_DOMINANT_EVIDENCE first ids. A dominant form is used in up to every article of the corpus:
    finding all its uses again (``occurrences``) was most of the cost of a misspelling finding."""
    if info._occurrences is not None or info.names is None:
        return [(o.doc, *o.span) for o in info.occurrences]
    docs = corpus.docs
    first = set(heapq.nsmallest(MAX_DOMINANT_EVIDENCE, {docs[d].doc_id for d in info.docs}))
    uses = info.names.uses
    return [(d, *m.token_spans[i]) for d in info.docs if docs[d].doc_id in first for m, i in uses(d, info.key)]


def _spelling_groups(corpus: Corpus, clusters: Sequence[list[TokenInfo]]) -> list[dict[str, list]]:
    """Merge token clusters that stand in the same names (Serhii/Sergiy + Cherevatyi/Cherevaty) and count
    each way the name is written, projected on the variant tokens ("Sergiy Cherevaty")."""
    parent = list(range(len(clusters)))

    def root(i: int) -> int:
        while parent[i] != i:
            parent[i] = parent[parent[i]]
            i = parent[i]
        return i

    owner: dict[int, int] = {}  # id of a mention -> cluster index
    for ci, members in enumerate(clusters):
        for info in members:
            for o in info.occurrences:
                other = owner.setdefault(id(o.mention), ci)
                if root(other) != root(ci):
                    parent[max(root(other), root(ci))] = min(root(other), root(ci))
    merged: dict[int, list[TokenInfo]] = defaultdict(list)
    for ci, members in enumerate(clusters):
        merged[root(ci)].extend(members)
    groups = []
    for ci in sorted(merged):
        keys = {info.key for info in merged[ci]}
        mentions: dict[int, tuple[int, NameMention]] = {}
        for info in merged[ci]:
            for o in info.occurrences:
                mentions[id(o.mention)] = (o.doc, o.mention)
        forms: dict[tuple[str, ...], list[tuple[int, int, int]]] = defaultdict(list)
        surfaces: dict[tuple[str, ...], Counter] = defaultdict(Counter)
        for doc, m in mentions.values():
            idx = [i for i, k in enumerate(m.keys) if k in keys]
            key = tuple(m.keys[i] for i in idx)
            forms[key].append((doc, m.token_spans[idx[0]][0], m.token_spans[idx[-1]][1]))
            surfaces[key][" ".join(m.tokens[i] for i in idx)] += 1
        named = {}
        for key, spans in forms.items():
            text = min(surfaces[key].items(), key=lambda kv: (kv[0].isupper(), -kv[1], kv[0]))[0]
            named[text] = _sorted_spans(corpus, spans)
        if len(named) >= 2:
            groups.append(named)
    return groups


def generic_findings(corpus: Corpus, excluded: set[str]) -> list[Finding]:
    clusters = find_clusters(corpus.tokens, corpus.lower, excluded, corpus.names)
    findings: list[Finding] = []
    spelling: list[list[TokenInfo]] = []
    for cluster in clusters:
        findings += _cluster_findings(corpus, cluster, spelling)
    for groups in _spelling_groups(corpus, spelling):
        findings.append(_spelling_finding(corpus, "spelling", Severity.WARNING, groups))
    return findings


def _cluster_findings(corpus: Corpus, cluster: Cluster, spelling: list[list[TokenInfo]]) -> list[Finding]:
    dom = cluster.dominant
    out = []
    variants = [dom]
    for rare in cluster.members[1:]:
        rel = relation_in(cluster, rare.key, dom.key)
        if rel is Relation.TRANSLIT:
            variants.append(rare)
        elif (
            rel is Relation.TYPO
            and dom.count >= MISSPELLING_RATIO * rare.count
            and len(dom.docs) >= len(rare.docs)
        ):
            out.append(_misspelling(corpus, rare, dom))
        # a typo-like pair with no clear majority is more often two real names (Mellor / Mellow): not reported
    if len(variants) >= 2:
        spelling.append(variants)
    return out


def name_findings(analyses: Sequence[Any], rules: Sequence[Any]) -> list[Finding]:
    """Every names finding of a run, rules first, then the built-in style pairs, then the generic search."""
    return name_findings_from(Corpus.of(analyses, rules), rules)


def name_findings_from(corpus: Corpus, rules: Sequence[Any]) -> list[Finding]:
    rule_specs, allowed = specs_from_rules(rules)
    findings, claimed = spec_findings(corpus, rule_specs, allowed)
    ruled = {t for s in rule_specs for f in s.forms for t in _fold_name(f).split()}
    styles = [s for s in builtin_specs() if not any(t in ruled for f in s.forms for t in _fold_name(f).split())]
    style_findings, style_claimed = spec_findings(corpus, styles, allowed)
    findings += style_findings
    excluded = claimed | style_claimed | {t for a in allowed for t in a.split()}
    findings += generic_findings(corpus, excluded)
    return findings


def findings_for(ctx: Any) -> list[Finding]:
    """``name_findings`` of a check context, computed once per run for both the misspelling and the
    spelling check (kept on the run's own context, not in module state)."""
    key = FINDINGS_OPTION
    cached = ctx.options.get(key)
    if cached is None:
        corpus = Corpus.of_docs(ctx.per_doc("names", collect), ctx.documents(), ctx.options.get(LOWER_OPTION, ()))
        cached = name_findings_from(corpus, ctx.rules)
        ctx.options[key] = cached
        # the findings read the corpus's lower-case words only as "is this token's key one of them"
        # (``cluster.eligible``): a cached run keeps these keys to know when new lower-case words cannot matter
        ctx.options[TOKENS_OPTION] = frozenset(corpus.tokens)
    return cached
