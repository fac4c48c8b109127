"""``extends: date``: which date mentions are claims about the date of which event.

A date next to one of the rule's ``verbs`` (within ``context.window`` words, in the same sentence, the nearest
date to the verb) is a claim that the event happened then. ``subjects`` names what the event is about; when
empty, the word before the verb is its subject ("the dam collapsed" -> dam) and claims are grouped by it, so
"the dam gave way" and "the levee burst" are different facts. Claims of one fact that cannot all be true
(no day common to them) are reported at ``level``.

```yaml
- id: dam-failure
  extends: date
  name: date the dam failed
  verbs: [collapsed, gave way, burst, failed, breached]
  subjects: [dam, Hillcrest Dam]
  context: {exclude: [anniversary]}
```
"""

from __future__ import annotations

from typing import Literal

from pydantic import BaseModel, ConfigDict, Field, field_validator

from factcheck.rules.base import RuleBase


def _clean_words(v: list[str], what: str) -> list[str]:
    out = []
    for w in v:
        w = " ".join(str(w).split())
        if not w:
            raise ValueError(f"empty {what}")
        out.append(w)
    return out


class DateContext(BaseModel):
    """Words in the sentence of the date (``require``: one at least; ``exclude``: none), and how many words
    may stand between the verb and the date (``window``)."""

    model_config = ConfigDict(extra="forbid")

    require: list[str] = Field(default_factory=list)
    exclude: list[str] = Field(default_factory=list)
    window: int = Field(default=8, ge=1, le=40)

    @field_validator("require", "exclude")
    @classmethod
    def _words(cls, v: list[str]) -> list[str]:
        return [w.lower() for w in _clean_words(v, "context word")]


class DateRule(RuleBase):
    extends: Literal["date"]
    name: str | None = None  # the fact as shown in reports; "{subject}" is replaced by the detected subject
    verbs: list[str] = Field(min_length=1)  # event verbs or phrases, as written ("gave way", "collapsed")
    subjects: list[str] = Field(default_factory=list)  # one must be in the sentence; empty: detected subject
    context: DateContext = Field(default_factory=DateContext)
    scope: Literal["corpus", "document"] = "corpus"  # compare claims across articles, or within each one

    @field_validator("verbs")
    @classmethod
    def _verbs(cls, v: list[str]) -> list[str]:
        return _clean_words(v, "verb")

    @field_validator("subjects")
    @classmethod
    def _subjects(cls, v: list[str]) -> list[str]:
        return _clean_words(v, "subject")

    @property
    def auto_subject(self) -> bool:
        return not self.subjects

    def label(self, subject: str | None) -> str:
        if self.name:
            return self.name.replace("{subject}", subject or "event")
        if subject:
            return f"date the {subject} {self.verbs[0]}"
        return self.id
