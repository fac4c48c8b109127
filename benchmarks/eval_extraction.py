"""Value F1 of quantity extraction on hand-labelled news sentences (benchmarks/data/extraction_gold.yaml).

A predicted quantity is correct when a gold quantity of the same sentence has the same unit and the same
value (or the same range, or both are vague amounts). Reports precision, recall and F1 in percent, and
with ``-v`` every miss and false alarm.

    .venv/bin/python benchmarks/eval_extraction.py [-v]
"""

from __future__ import annotations

import math
import sys
from pathlib import Path

import yaml

from factcheck.quantities import Quantity, extract_quantities
from factcheck.sentences import split_sentences

GOLD = Path(__file__).parent / "data" / "extraction_gold.yaml"


def matches(q: Quantity, gold: list) -> bool:
    value, unit = gold
    if q.unit != unit:
        return False
    if value == "vague":
        return q.vague
    if isinstance(value, list):
        if q.range is None:
            return False
        return all(math.isclose(a, b, rel_tol=1e-6) for a, b in zip(q.range, value, strict=True))
    return q.value is not None and math.isclose(q.value, float(value), rel_tol=1e-6)


def evaluate(verbose: bool = False) -> tuple[float, float, float, int, int, int]:
    tp = fp = fn = 0
    for case in yaml.safe_load(GOLD.read_text(encoding="utf-8")):
        text = case["text"]
        predicted = list(extract_quantities(text, split_sentences(text)))
        for g in case["gold"]:
            hit = next((q for q in predicted if matches(q, g)), None)
            if hit is None:
                fn += 1
                if verbose:
                    print(f"MISS  {g!r:40} in: {text}")
            else:
                tp += 1
                predicted.remove(hit)
        for q in predicted:
            fp += 1
            if verbose:
                print(f"FALSE {q.text!r} = {q.value} {q.unit} in: {text}")
    p = tp / (tp + fp) if tp + fp else 1.0
    r = tp / (tp + fn) if tp + fn else 1.0
    f1 = 2 * p * r / (p + r) if p + r else 0.0
    return 100 * p, 100 * r, 100 * f1, tp, fp, fn


def main() -> None:
    p, r, f1, tp, fp, fn = evaluate("-v" in sys.argv)
    print(f"quantity value extraction on {GOLD.name}: precision {p:.1f}  recall {r:.1f}  F1 {f1:.1f}  "
          f"(tp {tp}, fp {fp}, fn {fn})")


if __name__ == "__main__":
    main()
