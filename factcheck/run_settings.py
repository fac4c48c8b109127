"""Glue between ``factcheck run``'s flags and the config, baseline and suppression modules.

Kept out of ``cli.py`` so that the command stays a list of options; every decision here is about which
source wins (flags over config over defaults) and what to tell the user on stderr.
"""

from __future__ import annotations

import sys
from pathlib import Path

from factcheck.baseline import BaselineError, write_baseline
from factcheck.config import Config, ConfigError, find_config, load_config
from factcheck.report import Report

__all__ = ["BaselineError", "ConfigError", "baseline_messages", "load_run_config", "save_baseline"]


def load_run_config(explicit: Path | None, disabled: bool) -> Config:
    """``--config FILE`` if given, nothing with ``--no-config``, else the config found from the working dir."""
    if disabled:
        return Config()
    return load_config(explicit if explicit is not None else find_config())


def save_baseline(path: Path, report: Report) -> None:
    n = write_baseline(path, report.findings)
    sys.stderr.write(f"factcheck: wrote {n} finding(s) to baseline {path.as_posix()}\n")


def baseline_messages(report: Report, written: Path | None) -> None:
    stats = report.extra.get("baseline")
    if written is not None or not stats:
        return
    sys.stderr.write(f"factcheck: {stats['baselined']} finding(s) hidden by baseline {stats['path']}; "
                     f"{len(report.findings)} new\n")
    if stats["gone"]:
        sys.stderr.write(f"factcheck: {stats['gone']} baselined finding(s) no longer occur; "
                         f"refresh the baseline with --write-baseline {stats['path']}\n")
