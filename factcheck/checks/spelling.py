"""Names spelled several ways: transliterations of one name mixed in one corpus (house style).

Two forms are one name written two ways when their transliteration skeletons agree (``names_translit
.yaml``: i / y / iy / yi / ii, kh / h, ts / c, ie / ye, h / g): Zelensky / Zelenskyy, Serhii / Serhiy /
Sergiy, Cherevatyi / Cherevaty. Variants that stand in the same names are reported together, as the name
is written: "Inconsistent spellings of one name: 'Sergiy Cherevaty' (1, in 003), 'Serhii Cherevatyi' (1, in
000), 'Serhiy Cherevatyi' (1, in 001)". Known style pairs too different or too short for that search
(Kyiv / Kiev, Odesa / Odessa) come from ``names_styles.yaml``, and a names rule's ``accept`` list ties any
forms together and names the house style.

Kind ``spelling``, level warning. Evidence: every mention of each less common form (role ``variant``)
and the first mention of the most common one in up to five articles (role ``dominant``). Silence one with
``{id: ok-names, extends: names, allow: [Zelensky]}``.
"""

from __future__ import annotations

from collections.abc import Iterable

from factcheck.checks import CheckContext
from factcheck.model import Finding
from factcheck.names.findings import findings_for

NAME = "spelling"
DEFAULT_LEVEL = "warning"
INPUTS = ("names",)  # reads only the names collected, the articles, the rules (see factcheck.side_checks)


def run(ctx: CheckContext) -> Iterable[Finding]:
    return [f for f in findings_for(ctx) if f.kind == NAME]
