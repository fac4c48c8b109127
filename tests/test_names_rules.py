"""``extends: names`` rules: validation, rejected and accepted spellings, except phrases, allow, levels."""

from __future__ import annotations

from pathlib import Path

import pytest
from names_helpers import by_kind, findings_of
from pydantic import ValidationError

from factcheck.model import Severity
from factcheck.rules.loader import RuleError, load_rules
from factcheck.rules.name_rule import NameRule
from factcheck.rules.schema import RULE_ADAPTER


def rule(**fields) -> NameRule:
    out = RULE_ADAPTER.validate_python({"id": "desk-names", "extends": "names", **fields})
    assert isinstance(out, NameRule)
    return out


# three articles of one story (they share "Saxony"): two write Lindenau, one Lindenua
TOWN = ("Officials in Lindenau, Saxony, said so.", "Troops reached Lindenau in Saxony.",
        "Aid reached Lindenua in Saxony at last.")


def test_generic_finding_without_rules() -> None:
    (f,) = findings_of(*TOWN)
    assert f.rule == "misspelling" and f.kind == "misspelling"


def test_reject_reports_whatever_the_counts() -> None:
    r = rule(spellings={"Lindenau": {"reject": ["Lindenua"]}})
    (f,) = findings_of(*TOWN, rules=[r])  # the rule's finding replaces the generic one
    assert f.rule == "desk-names" and f.severity is Severity.ERROR
    assert f.message == ("'Lindenua' (1, in art2) is a misspelling of 'Lindenau' (2, in art0, art1), "
                         "rejected by rule desk-names")
    assert [e.role for e in f.evidence] == ["variant", "dominant", "dominant"]
    # a rejected form is reported even when it is the common one
    (g,) = findings_of("Officials in Lindenua said so.", "Troops reached Lindenua.", rules=[r])
    assert g.message.startswith("'Lindenua' (2, in art0, art1) is a misspelling of 'Lindenau'")


def test_rule_message_is_added() -> None:
    r = rule(message="see the style guide, section 4", spellings={"Lindenau": {"reject": ["Lindenua"]}})
    (f,) = findings_of(*TOWN, rules=[r])
    assert f.message.endswith("rejected by rule desk-names: see the style guide, section 4")


def test_rule_and_entry_levels() -> None:
    r = rule(level="warning", spellings={"Lindenau": {"reject": ["Lindenua"]}})
    assert findings_of(*TOWN, rules=[r])[0].severity is Severity.WARNING
    r = rule(level="warning", spellings={"Lindenau": {"reject": ["Lindenua"], "level": "info"}})
    assert findings_of(*TOWN, rules=[r])[0].severity is Severity.INFO


def test_except_phrases() -> None:
    r = rule(spellings={"Kyiv": {"reject": ["Kiev"], "except": ["chicken Kiev"]}})
    assert findings_of("Officials in Kyiv ate chicken Kiev.", rules=[r]) == []
    (f,) = findings_of("Officials in Kyiv left Kiev.", rules=[r])
    assert f.message.startswith("'Kiev' (1, in art0) is a misspelling of 'Kyiv'")


def test_accept_names_the_house_style_and_ties_any_forms() -> None:
    r = rule(spellings={"Zelenskyy": {"accept": ["Zelensky"]}})
    (f,) = findings_of("Reporters met Zelensky.", "Reporters met Zelenskyy.", "Reporters saw Zelensky.", rules=[r])
    assert f.kind == "spelling" and f.severity is Severity.WARNING and f.rule == "desk-names"
    assert f.message.endswith("house style (rule desk-names): 'Zelenskyy'")
    # forms the generic search would never tie (too different) are tied by the rule
    r = rule(spellings={"Mumbai": {"accept": ["Bombay"]}, "Ayers Rock": {"accept": ["Uluru"]}})
    found = findings_of("Flights from Mumbai and to Uluru.", "Flights from Bombay to Ayers Rock.", rules=[r])
    assert sorted(f.fact for f in found) == ["name Ayers Rock", "name Mumbai"]
    # only the house style used: nothing to report
    assert findings_of("Reporters met Zelenskyy.", rules=[r]) == []


def test_allow_silences_a_name() -> None:
    assert findings_of(*TOWN, rules=[rule(allow=["Lindenua"])]) == []
    assert findings_of(*TOWN, rules=[rule(allow=["Lindenua"], enabled=False)]) != []


def test_validation_errors() -> None:
    with pytest.raises(ValidationError, match="both accepted and rejected"):
        rule(spellings={"Kyiv": {"accept": ["Kiev"], "reject": ["kiev"]}})
    with pytest.raises(ValidationError, match="lists itself"):
        rule(spellings={"Kyiv": {"accept": ["Kyiv"]}})
    with pytest.raises(ValidationError, match="Extra inputs"):
        rule(spellings={"Kyiv": {"rejected": ["Kiev"]}})
    with pytest.raises(ValidationError, match="must not be empty"):
        rule(allow=["  "])
    assert rule(spellings={"Soledar": None}).spellings["Soledar"].reject == []


def test_loader_reports_file_and_line(tmp_path: Path) -> None:
    bad = tmp_path / "names.yaml"
    bad.write_text("- id: n\n  extends: names\n  spellings:\n    Kyiv:\n      rejekt: [Kiev]\n", encoding="utf-8")
    with pytest.raises(RuleError) as err:
        load_rules([bad])
    assert err.value.line == 5 and "rejekt" in err.value.message


def test_sample_rules_file_loads() -> None:
    rules = [r for r in load_rules([Path(__file__).resolve().parent.parent / "rules" / "names.yaml"])
             if isinstance(r, NameRule)]
    assert [r.id for r in rules] == ["names.soledar-story"]
    assert rules[0].spellings["Soledar"].reject == ["Soledad"]


def test_generic_findings_use_generic_rule_ids() -> None:
    found = findings_of("Spokesman Serhii Cherevatyi spoke.", "Spokesman Serhiy Cherevatyi spoke.")
    assert [f.rule for f in by_kind(found, "spelling")] == ["spelling"]
