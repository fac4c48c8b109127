"""Fields every rule has, whatever it ``extends``."""

from __future__ import annotations

from typing import Any, Literal

from pydantic import BaseModel, ConfigDict, Field


class RuleExample(BaseModel):
    """A rule's own test case (``factcheck rules test``): a text, or several articles, and what to expect."""

    model_config = ConfigDict(extra="forbid")

    text: str | None = None
    articles: list[str] | None = None
    expect: list[Any] = Field(default_factory=list)


class RuleBase(BaseModel):
    model_config = ConfigDict(extra="forbid")

    id: str = Field(pattern=r"^[A-Za-z0-9][A-Za-z0-9_.\-]*$")
    description: str = ""
    message: str | None = None
    level: Literal["error", "warning", "info"] = "error"
    enabled: bool = True
    tests: list[RuleExample] = Field(default_factory=list)
