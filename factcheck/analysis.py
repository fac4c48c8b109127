"""Per-article analysis: sentences and every mention an extractor finds in one Document.

``analyze`` is a pure function of one Document, so it can run in parallel, in another process or on
another machine, and its result can be cached by the document's content hash.
"""

from __future__ import annotations

from dataclasses import dataclass, field

from factcheck.dates import apply_dateline, extract_dates
from factcheck.model import Document, Mention, Sentence
from factcheck.names import extract_names
from factcheck.quantities import extract_quantities
from factcheck.sentences import split_sentences


@dataclass
class Analysis:
    doc: Document
    sentences: list[Sentence]
    quantities: list = field(default_factory=list)  # list[factcheck.quantities.Quantity]
    dates: list = field(default_factory=list)  # list[factcheck.dates.DateMention]
    names: list = field(default_factory=list)  # list[factcheck.names.NameMention]

    @property
    def mentions(self) -> list[Mention]:
        return sorted([*self.quantities, *self.dates, *self.names], key=lambda m: (m.start, m.end, m.kind))


def analyze(doc: Document) -> Analysis:
    dateline = apply_dateline(doc)  # the publication date from the text, before anything is resolved against it
    sentences = split_sentences(doc.text)
    quantities = extract_quantities(doc.text, sentences)
    dates = extract_dates(doc, sentences, dateline)
    names = extract_names(doc.text, sentences)
    return Analysis(doc, sentences, quantities, dates, names)
