"""Names misspelled: a rare form one slip away from the form the rest of the corpus uses.

Every capitalised name token of the corpus is compared with the others that look like it (blocking by
transliteration skeleton with a letter or two deleted, then the edit distance from rapidfuzz). A form is
a misspelling when it is one letter away (dropped, added, swapped, transposed; two for words of nine
letters or more), the difference is not a transliteration (those are ``spelling``), not a derivation
(Russia / Russian, Ukraine / Ukrainian), and the other form is at least twice as common and in at least as
many articles: "'Ashfort' (2, in 000) looks like a misspelling of 'Ashford' (63, in all 5 articles)".
Never compared: words shorter than 5 letters, words also written in lower case, words only seen at a
sentence start or in a headline, two people told apart by their titles (Mr Smith / Ms Smyth) or their
other names (Sergiy Cherevaty / Sergei Surovikin), a place and a feature named after it (Mellor / River
Mellow). A rule's ``reject`` list reports a form whatever its count.

Kind ``misspelling``, level error. Evidence: every mention of the rare form (role ``variant``) and the
first mention of the usual form in up to five articles (role ``dominant``). Silence one with a names rule:
``{id: ok-names, extends: names, allow: [Ashfort]}``, or prefer a spelling with ``accept``.
"""

from __future__ import annotations

from collections.abc import Iterable

from factcheck.checks import CheckContext
from factcheck.model import Finding
from factcheck.names.findings import findings_for

NAME = "misspelling"
DEFAULT_LEVEL = "error"
INPUTS = ("names",)  # reads only the names collected, the articles, the rules (see factcheck.side_checks)


def run(ctx: CheckContext) -> Iterable[Finding]:
    return [f for f in findings_for(ctx) if f.kind == NAME]
