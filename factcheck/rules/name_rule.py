"""``extends: names``: canonical names, accepted and rejected variants, an allow-list (stub)."""

from __future__ import annotations

from typing import Literal

from pydantic import ConfigDict

from factcheck.rules.base import RuleBase


class NameRule(RuleBase):
    model_config = ConfigDict(extra="allow")
    extends: Literal["names"]
