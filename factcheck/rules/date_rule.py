"""``extends: date``: which date mentions are claims about the date of which event (stub)."""

from __future__ import annotations

from typing import Literal

from pydantic import ConfigDict

from factcheck.rules.base import RuleBase


class DateRule(RuleBase):
    model_config = ConfigDict(extra="allow")
    extends: Literal["date"]
