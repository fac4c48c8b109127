"""``extends: names``: canonical names with accepted and rejected variants, and names never to flag.

```yaml
- id: names-soledar
  extends: names
  level: error                 # for rejected spellings (accepted ones mixed: warning unless `level` given)
  spellings:
    Ashford: {reject: [Ashfort]}
    Zelenskyy: {accept: [Zelensky]}          # both fine; mixing them is a warning naming the house style
    Kyiv: {reject: [Kiev], except: ["chicken Kiev"]}
  allow: [Smyth]               # never reported, whatever the generic variant search thinks
```
"""

from __future__ import annotations

from typing import Literal

from pydantic import BaseModel, ConfigDict, Field, field_validator, model_validator

from factcheck.rules.base import RuleBase

Level = Literal["error", "warning", "info"]


def _clean_names(values: list[str]) -> list[str]:
    out = []
    for v in values:
        v = " ".join(str(v).split())
        if not v:
            raise ValueError("a name must not be empty")
        out.append(v)
    return out


class NameEntry(BaseModel):
    """What a desk says about one canonical name."""

    model_config = ConfigDict(extra="forbid", populate_by_name=True)

    accept: list[str] = Field(default_factory=list)  # other spellings that are fine on their own
    reject: list[str] = Field(default_factory=list)  # spellings that are always wrong (misspelling)
    except_: list[str] = Field(default_factory=list, alias="except")  # phrases where a variant is fine
    level: Level | None = None  # overrides the rule's level for this name

    @field_validator("accept", "reject", "except_")
    @classmethod
    def _names(cls, values: list[str]) -> list[str]:
        return _clean_names(values)

    @model_validator(mode="after")
    def _disjoint(self) -> NameEntry:
        both = {a.casefold() for a in self.accept} & {r.casefold() for r in self.reject}
        if both:
            raise ValueError(f"{sorted(both)[0]!r} is both accepted and rejected")
        return self


class NameRule(RuleBase):
    extends: Literal["names"]
    spellings: dict[str, NameEntry] = Field(default_factory=dict)
    allow: list[str] = Field(default_factory=list)  # names never reported as variants or misspellings

    @field_validator("spellings", mode="before")
    @classmethod
    def _null_entries(cls, value: object) -> object:
        # "Ashford:" with nothing after it in YAML is an entry with no variants, not an error
        if isinstance(value, dict):
            return {k: ({} if v is None else v) for k, v in value.items()}
        return value

    @field_validator("spellings")
    @classmethod
    def _canonical(cls, value: dict[str, NameEntry]) -> dict[str, NameEntry]:
        for name, entry in value.items():
            if not name.strip():
                raise ValueError("a canonical name must not be empty")
            variants = {v.casefold() for v in entry.accept + entry.reject}
            if name.casefold() in variants:
                raise ValueError(f"{name!r} lists itself as a variant")
        return value

    @field_validator("allow")
    @classmethod
    def _allow(cls, values: list[str]) -> list[str]:
        return _clean_names(values)
