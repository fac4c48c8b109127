"""The ``factcheck`` command line."""

from __future__ import annotations

import os
import sys
from enum import StrEnum
from pathlib import Path
from typing import Annotated

import typer
from rich.console import Console

from factcheck import __version__

app = typer.Typer(
    add_completion=False,
    pretty_exceptions_enable=False,
    no_args_is_help=True,
    help="Check news articles for contradictions between them and within them.",
    context_settings={"help_option_names": ["-h", "--help"]},
)

EXIT_CLEAN, EXIT_FINDINGS, EXIT_USAGE = 0, 1, 2


class ExtractFormat(StrEnum):
    text = "text"
    json = "json"


def stdout_console() -> Console:
    no_color = bool(os.environ.get("NO_COLOR"))
    return Console(no_color=no_color, highlight=False, soft_wrap=True)


def fail_usage(message: str) -> typer.Exit:
    Console(stderr=True, highlight=False).print(f"factcheck: error: {message}", markup=False)
    return typer.Exit(EXIT_USAGE)


def version_callback(value: bool) -> None:
    if value:
        print(f"factcheck {__version__}")
        raise typer.Exit()


@app.callback()
def root(
    version: Annotated[bool, typer.Option("--version", callback=version_callback, is_eager=True,
                                          help="Show the version and exit.")] = False,
) -> None:
    """factcheck: fact-consistency checks for newsrooms."""


@app.command()
def extract(
    paths: Annotated[list[Path] | None, typer.Argument(help="Files or folders of articles.")] = None,
    fmt: Annotated[ExtractFormat, typer.Option("--format", "-f", help="Output format.")] = ExtractFormat.text,
) -> None:
    """List every mention (quantities, dates, names) found in the articles, with its position."""
    from factcheck.mention_output import render_json, render_text
    from factcheck.pipeline import analyze_all

    analyses, problems, _ = analyze_all(paths or [Path("sources")])
    if fmt == ExtractFormat.json:
        sys.stdout.write(render_json(analyses, problems))
    else:
        render_text(analyses, problems, stdout_console())


class FailOn(StrEnum):
    error = "error"
    warning = "warning"
    info = "info"
    never = "never"


def exit_code(report, fail_on: str) -> int:
    if fail_on == "never":
        return EXIT_CLEAN
    threshold = {"error": 3, "warning": 2, "info": 1}[fail_on]
    return EXIT_FINDINGS if any(f.severity.rank >= threshold for f in report.findings) else EXIT_CLEAN


@app.command()
def run(
    paths: Annotated[list[Path] | None, typer.Argument(help="Files or folders of articles [default: sources/].")]
    = None,
    rules: Annotated[list[Path] | None, typer.Option("--rules", "-r", help="Rule file or folder (repeatable).")]
    = None,
    fmt: Annotated[str, typer.Option("--format", "-f", help="Output format: text, json, …")] = "text",
    output: Annotated[Path | None, typer.Option("--output", "-o", help="Write the report to this file.")] = None,
    fail_on: Annotated[FailOn, typer.Option("--fail-on", help="Lowest level that makes the exit code 1.")]
    = FailOn.error,
    exit_zero: Annotated[bool, typer.Option("--exit-zero", help="Exit 0 even when there are findings.")] = False,
) -> None:
    """Check the articles and report contradictions and errors."""
    from factcheck import reporters
    from factcheck.pipeline import RunOptions
    from factcheck.pipeline import run as run_pipeline
    from factcheck.rules.loader import RuleError

    try:
        reporter = reporters.get(fmt)
    except KeyError:
        raise fail_usage(f"unknown format {fmt!r}; choose from {', '.join(reporters.formats())}") from None
    try:
        report = run_pipeline(RunOptions(paths=paths or [Path("sources")], rule_paths=rules or []))
    except RuleError as exc:
        raise fail_usage(str(exc)) from None
    text = reporter.render(report)
    if output is not None:
        output.write_text(text, encoding="utf-8")
    else:
        sys.stdout.write(text)
    raise typer.Exit(EXIT_CLEAN if exit_zero else exit_code(report, fail_on.value))


def main() -> None:
    try:
        app()
    except KeyboardInterrupt:
        sys.stderr.write("factcheck: interrupted\n")
        sys.exit(130)
    except Exception as exc:  # noqa: BLE001 - the last line of defence: a message, never a traceback
        sys.stderr.write(
            f"factcheck: internal error: {type(exc).__name__}: {exc}\n"
            "Please report this with the command and the input that caused it.\n"
        )
        sys.exit(EXIT_USAGE)


if __name__ == "__main__":
    main()
