"""Facts on a Dask cluster: the per-fact comparison as a shuffle by fact key. Gives exactly what
``factcheck.engine.facts_from_claims`` gives (``make_fact`` on each bucket), only computed elsewhere. The
claims themselves were made on the workers, with each article's summary (``factcheck.file_results``).

1. map: each partition of claims is split into ``P`` buckets by a stable hash of the fact key (not Python's
   ``hash``, which differs between worker processes);
2. shuffle: reducer ``p`` receives bucket ``p`` of every map task, so all claims of one fact key meet in one
   task, whichever article they come from;
3. reduce: each fact is compared there (a pure function of its claims); facts are gathered and sorted as
   ``facts_from_claims`` sorts them.
"""

from __future__ import annotations

import zlib
from typing import Any

from factcheck.engine import make_fact, quantity_rules
from factcheck.model import Claim, Fact


def _bucket(key: str, parts: int) -> int:
    return zlib.crc32(key.encode("utf-8")) % parts


def _pick(buckets: list[list[Any]], p: int) -> list[Any]:
    return buckets[p]


def _reduce(qrules: list[Any], *pieces: list[tuple[tuple[str, str], Claim]]) -> list[Fact]:
    """All claims of some fact keys -> their facts. A key shared by several rules is labelled with the rule,
    as build_facts labels it; every rule of a key is in this task, so the label is decided here."""
    by_id = {r.id: r for r in qrules}
    buckets: dict[tuple[str, str], list[Claim]] = {}
    for piece in pieces:
        for bucket, claim in piece:
            buckets.setdefault(bucket, []).append(claim)
    labels: dict[str, int] = {}
    for _, key in buckets:
        labels[key] = labels.get(key, 0) + 1
    return [make_fact(by_id[rule_id], key if labels[key] == 1 else f"{key} [{rule_id}]", claims)
            for (rule_id, key), claims in buckets.items()]


def _workers(client: Any) -> int:
    return max(1, sum(w.get("nthreads", 1) for w in client.scheduler_info().get("workers", {}).values()))


def _split(claims: list[tuple[tuple[str, str], Claim]], parts: int) -> list[list[tuple[tuple[str, str], Claim]]]:
    out: list[list[tuple[tuple[str, str], Claim]]] = [[] for _ in range(parts)]
    for bucket, claim in claims:
        out[_bucket(bucket[1], parts)].append((bucket, claim))
    return out


def _shuffle(client: Any, qrules_f: Any, mapped: list[Any], parts: int) -> list[Fact]:
    reduced = [client.submit(_reduce, qrules_f, *[client.submit(_pick, f, p, pure=False) for f in mapped],
                             pure=False) for p in range(parts)]
    facts = [f for part in client.gather(reduced) for f in part]
    facts.sort(key=lambda f: (f.key, f.rule))
    return facts


def facts_from_claims_dask(client: Any, claims: list[tuple[tuple[str, str], Claim]], rules: list[Any],
                           partitions: int | None = None) -> list[Fact]:
    """``engine.facts_from_claims`` as a shuffle by fact key: the claims were made on the workers with each
    article's summary; here they are partitioned, split by key and compared one task per bucket."""
    qrules = quantity_rules(rules)
    if not qrules or not claims:
        return []
    workers = _workers(client)
    m = max(1, min(len(claims), partitions or workers * 4))
    size = -(-len(claims) // m)
    chunks = client.scatter([claims[i : i + size] for i in range(0, len(claims), size)])
    parts = max(1, min(workers * 2, len(chunks)))
    [qrules_f] = client.scatter([qrules], broadcast=True)
    mapped = [client.submit(_split, c, parts, pure=False) for c in chunks]
    return _shuffle(client, qrules_f, mapped, parts)
