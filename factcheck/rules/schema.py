"""The rule language: one discriminated union over ``extends``. Each kind lives in its own module."""

from __future__ import annotations

from typing import Annotated

from pydantic import Field, TypeAdapter

from factcheck.rules.check_rule import CheckRule
from factcheck.rules.date_rule import DateRule
from factcheck.rules.name_rule import NameRule
from factcheck.rules.quantity_rule import QuantityRule

Rule = Annotated[QuantityRule | NameRule | DateRule | CheckRule, Field(discriminator="extends")]
RULE_ADAPTER: TypeAdapter = TypeAdapter(Rule)
