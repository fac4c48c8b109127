"""``extends: quantity``: which quantity mentions become claims about which fact (stub)."""

from __future__ import annotations

from typing import Literal

from pydantic import ConfigDict

from factcheck.rules.base import RuleBase


class QuantityRule(RuleBase):
    model_config = ConfigDict(extra="allow")
    extends: Literal["quantity"]
