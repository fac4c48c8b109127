"""``factcheck init``: a commented starter config, an example rule file and a GitHub Actions workflow.

Existing files are never overwritten: each one that exists is reported and left alone.
"""

from __future__ import annotations

from pathlib import Path

CONFIG = """\
# factcheck configuration. Every key is optional; command-line flags override these values.
# Documentation: `factcheck run --help`, `factcheck rules --help`, and the README.

# Files or folders of articles (.txt, .md, .json, .jsonl), relative to this file.
sources:
  - sources

# Rule files or folders (YAML). `factcheck rules list` shows every rule and check.
rules:
  - rules

# Lowest level that makes `factcheck run` exit with code 1: error, warning, info or never.
fail-on: error

# Output format when --format is not given: text, json, line, sarif or github.
# format: text

# Report only findings that are not in this baseline (create it with `factcheck run --write-baseline FILE`).
# baseline: .factcheck-baseline.json

# Per-rule (or per-kind) level: error, warning, info, or off to drop the rule's findings.
levels:
  # spelling: warning
  # unused-suppression: off

# Findings to ignore, by rule (or kind), file glob and quoted text; every key given must match.
# An entry that matches nothing is reported at info level.
ignore:
  # - rule: contradiction
  #   path: "sources/archive/*"
  #   text: "some five miles"
  #   reason: "quoted from an eyewitness; corrected in the follow-up"

# Honour <!-- factcheck-disable … --> comments in the articles.
inline-suppressions: true
"""

EXAMPLE_RULES = """\
# An example rule file. Validate with `factcheck rules validate rules/`, run its examples with
# `factcheck rules test rules/`, and see every field with `factcheck rules schema`.

# Report the check that compares inline unit conversions ("10 km (6 miles)") at warning level.
- id: conversions-are-warnings
  extends: check
  check: conversion
  level: warning
  description: Inline conversions that do not match are worth a look, but do not block publication.
  # Examples, run by `factcheck rules test`: the findings of this rule each text must produce.
  tests:
    - text: "The dam is 40 km (60 miles) upstream of the city."
      expect: [{kind: conversion, severity: warning}]
    - text: "The dam is 40 km (25 miles) upstream of the city."
      expect: []
"""

WORKFLOW = """\
# Check the articles on every push and pull request; findings appear as annotations and in code scanning.
name: factcheck
on:
  push:
  pull_request:
permissions:
  contents: read
  security-events: write  # upload the SARIF report to code scanning
jobs:
  factcheck:
    runs-on: ubuntu-latest
    steps:
      - uses: actions/checkout@v4
      - uses: actions/setup-python@v5
        with:
          python-version: "3.12"
      - run: pip install factcheck  # or the URL of your factcheck repository: pip install git+https://…
      - name: Validate and test the rules
        run: factcheck rules test rules/
      - name: Check the articles (annotations)
        run: factcheck run --format github
      - name: Check the articles (SARIF for code scanning)
        if: always()
        run: factcheck run --format sarif --output factcheck.sarif --exit-zero
      - uses: github/codeql-action/upload-sarif@v3
        if: always()
        with:
          sarif_file: factcheck.sarif
          category: factcheck
"""

FILES = {
    Path("factcheck.yaml"): CONFIG,
    Path("rules") / "example.yaml": EXAMPLE_RULES,
    Path(".github") / "workflows" / "factcheck.yml": WORKFLOW,
}


def init(root: Path) -> list[tuple[Path, bool]]:
    """Write the starter files under ``root``; (path, written) for each, False when it already existed."""
    out = []
    for rel, content in FILES.items():
        target = root / rel
        if target.exists() or target.is_symlink():
            out.append((rel, False))
            continue
        target.parent.mkdir(parents=True, exist_ok=True)
        try:
            # "x": fail rather than overwrite if the file appeared since the check above
            with target.open("x", encoding="utf-8", newline="\n") as fh:
                fh.write(content)
        except FileExistsError:
            out.append((rel, False))
            continue
        out.append((rel, True))
    return out
