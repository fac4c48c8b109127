"""When are two spellings the same name? Transliteration skeletons, derivations, edit distance.

Pure string functions; the corpus-level decisions (counts, context) are made in ``cluster``.
"""

from __future__ import annotations

import unicodedata
from enum import StrEnum
from functools import lru_cache

from rapidfuzz.distance import OSA

from factcheck.names.lexicon import name_lexicon

MIN_LENGTH = 5  # shorter words are too easily one edit from another real name (Kyiv / Kiev: style list only)


class Relation(StrEnum):
    TRANSLIT = "translit"  # the same skeleton: a transliteration or style difference
    TYPO = "typo"  # a letter dropped, added, swapped or transposed


@lru_cache(maxsize=65536)
def fold(word: str) -> str:
    """Lower case without diacritics or apostrophes: the key of a name token ("Zelenskyy" -> "zelenskyy")."""
    decomposed = unicodedata.normalize("NFKD", word.casefold())
    return "".join(c for c in decomposed if not unicodedata.combining(c) and c not in "'’‘`")


@lru_cache(maxsize=65536)
def skeleton(key: str) -> str:
    """The folded word with transliteration differences removed (``names_translit.yaml``)."""
    out = key
    for pattern, repl in name_lexicon().translit:
        out = pattern.sub(repl, out)
    return out


def max_edits(length: int) -> int:
    return 1 if length < 9 else 2


def is_derivation(a: str, b: str) -> bool:
    """Whether ``a`` and ``b`` share a stem and differ only by derivational endings (Russia / Russian)."""
    n = 0
    for x, y in zip(a, b, strict=False):
        if x != y:
            break
        n += 1
    if n < 3:
        return False
    suffixes = name_lexicon().suffixes
    ra, rb = a[n:], b[n:]
    return (ra == "" or ra in suffixes) and (rb == "" or rb in suffixes)


def relation(a: str, b: str) -> Relation | None:
    """How two distinct folded name tokens relate as spellings, or None when they are different words."""
    if a == b:
        return None
    sa, sb = skeleton(a), skeleton(b)
    if sa == sb:
        return Relation.TRANSLIT
    if min(len(a), len(b)) < MIN_LENGTH or is_derivation(a, b):
        return None
    if is_derivation(sa, sb):
        return None
    # the slip may show in the letters as written ("Dazhia" / "Dahzia": a transposition) or only once
    # transliteration noise is gone: either way it is within the limit
    limit = max_edits(min(len(sa), len(sb)))
    if OSA.distance(sa, sb, score_cutoff=limit) <= limit or OSA.distance(a, b, score_cutoff=limit) <= limit:
        return Relation.TYPO
    return None


def deletion_keys(word: str) -> set[str]:
    """Blocking keys: the word and every form with one letter deleted (two for long words).

    Two words within the edit limit share at least one key (symmetric-deletion blocking), so only words
    sharing a key are compared, never every pair.
    """
    # built in comprehensions (a corpus asks for tens of thousands of these); a second deletion is made only
    # at or after the position of the first, since deleting letters p < q in either order gives one string
    n = len(word)
    first = [word[:i] + word[i + 1 :] for i in range(n)]
    keys = {word, *first}
    if max_edits(n) > 1:  # max_edits is 1 or 2
        keys.update([w[:j] + w[j + 1 :] for i, w in enumerate(first) for j in range(i, n - 1)])
    return keys


def blocking_sets(key: str) -> tuple[set[str], set[str]]:
    """A name key's blocking keys, two sets: the skeleton's deletion keys (transliterations meet) and the
    folded word's (slips meet), each its own space of keys. The definition: ``cluster.candidate_pairs``
    makes the same keys kind by kind, in passes (tested against this). When transliteration changes
    nothing, both are one set, made once."""
    sk = skeleton(key)
    spelled = deletion_keys(key)
    return (spelled if sk == key else deletion_keys(sk)), spelled
