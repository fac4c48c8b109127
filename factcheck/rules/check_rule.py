"""``extends: check``: switch a built-in check on or off, or change its level (stub)."""

from __future__ import annotations

from typing import Literal

from pydantic import ConfigDict

from factcheck.rules.base import RuleBase


class CheckRule(RuleBase):
    model_config = ConfigDict(extra="allow")
    extends: Literal["check"]
