"""The ``factcheck`` command line."""

from __future__ import annotations

import gc
import os
import sys
from dataclasses import replace
from enum import StrEnum
from pathlib import Path
from typing import Annotated, Any

import typer
from rich.console import Console

from factcheck import __version__
from factcheck.scale_cli import CacheDirOption, ExecutorOption, JobsOption, NoCacheOption, scale_options

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
    Console(stderr=True, highlight=False, soft_wrap=True).print(f"factcheck: error: {message}", markup=False)
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
    jobs: JobsOption = None,
    executor: ExecutorOption = "local",
    no_cache: NoCacheOption = False,
    cache_dir: CacheDirOption = None,
) -> None:
    """List every mention (quantities, dates, names) found in the articles, with its position."""
    from factcheck.mention_output import render_json, render_text
    from factcheck.pipeline import analyze_all

    with scale_options(jobs, executor, no_cache, cache_dir) as scale:
        analyses, problems, _ = analyze_all(paths or [Path("sources")], scale)
    if fmt == ExtractFormat.json:
        sys.stdout.write(render_json(analyses, problems))
    else:
        render_text(analyses, problems, stdout_console())


def config_or_exit(config: Path | None, no_config: bool) -> Any:
    """The config file's settings (``factcheck.yaml`` or ``[tool.factcheck]``); exit 2 on a bad one."""
    from factcheck.run_settings import ConfigError, load_run_config

    try:
        return load_run_config(config, no_config)
    except ConfigError as exc:
        raise fail_usage(str(exc)) from None


def base_options(paths: list[Path] | None, rules: list[Path] | None, cfg: Any) -> Any:
    """What to check and with which rules: the command line, else the config file, else ``sources/``."""
    from factcheck.pipeline import RunOptions

    return RunOptions(paths=paths or cfg.sources or [Path("sources")], rule_paths=rules or cfg.rules or [])


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
    fmt: Annotated[str | None, typer.Option("--format", "-f", show_default=False, help="Output format: text, json, "
                                            "line, sarif, github, html (default: text).")]
    = None,
    output: Annotated[Path | None, typer.Option("--output", "-o", help="Write the report to this file.")] = None,
    fail_on: Annotated[FailOn | None, typer.Option("--fail-on", show_default=False,
                                                   help="Lowest level that makes the exit code 1 (default: error).")]
    = None,
    exit_zero: Annotated[bool, typer.Option("--exit-zero", help="Exit 0 even when there are findings.")] = False,
    config: Annotated[Path | None, typer.Option("--config", help="Config file (default: factcheck.yaml, or "
                                                "tool.factcheck in pyproject.toml, found upwards).")] = None,
    no_config: Annotated[bool, typer.Option("--no-config", help="Ignore any config file.")] = False,
    baseline: Annotated[Path | None, typer.Option("--baseline", help="Report only findings not in this baseline.")]
    = None,
    write_baseline: Annotated[Path | None, typer.Option("--write-baseline",
                                                        help="Record the current findings in this baseline file "
                                                        "and exit 0.")] = None,
    jobs: JobsOption = None,
    executor: ExecutorOption = "local",
    no_cache: NoCacheOption = False,
    cache_dir: CacheDirOption = None,
) -> None:
    """Check the articles and report contradictions and errors."""
    from factcheck import reporters
    from factcheck.atomic import write_atomic
    from factcheck.pipeline import run as run_pipeline
    from factcheck.rules.loader import RuleError
    from factcheck.run_settings import BaselineError, baseline_messages, save_baseline

    cfg = config_or_exit(config, no_config)
    fmt = fmt or cfg.format or "text"
    fail_level = fail_on.value if fail_on is not None else (cfg.fail_on or "error")
    try:
        reporter = reporters.get(fmt)
    except KeyError:
        raise fail_usage(f"unknown format {fmt!r}; choose from {', '.join(reporters.formats())}") from None
    options = replace(base_options(paths, rules, cfg), levels=cfg.levels, ignores=cfg.ignores,
                      inline_suppressions=cfg.inline_suppressions,
                      baseline=None if write_baseline else (baseline or cfg.baseline))
    try:
        with scale_options(jobs, executor, no_cache, cache_dir) as options.scale:
            report = run_pipeline(options)
    except (RuleError, BaselineError) as exc:
        raise fail_usage(str(exc)) from None
    # a report written to a file never carries terminal colour codes
    text = reporter.render(report, color=False) if output is not None and fmt == "text" else reporter.render(report)
    try:
        if write_baseline is not None:
            save_baseline(write_baseline, report)
        if output is not None:
            write_atomic(output, text)
    except OSError as exc:
        raise fail_usage(f"cannot write {exc.filename}: {exc.strerror or exc}") from None
    if output is None:
        sys.stdout.write(text)
    baseline_messages(report, write_baseline)
    if write_baseline is not None or exit_zero:
        raise typer.Exit(EXIT_CLEAN)
    raise typer.Exit(exit_code(report, fail_level))


class FactsFormat(StrEnum):
    text = "text"
    json = "json"
    html = "html"


@app.command()
def facts(
    paths: Annotated[list[Path] | None, typer.Argument(help="Files or folders of articles [default: sources/].")]
    = None,
    rules: Annotated[list[Path] | None, typer.Option("--rules", "-r", help="Rule file or folder (repeatable).")]
    = None,
    fmt: Annotated[FactsFormat, typer.Option("--format", "-f", help="Output format.")] = FactsFormat.text,
    config: Annotated[Path | None, typer.Option("--config", help="Config file.")] = None,
    no_config: Annotated[bool, typer.Option("--no-config", help="Ignore any config file.")] = False,
    jobs: JobsOption = None,
    executor: ExecutorOption = "local",
    no_cache: NoCacheOption = False,
    cache_dir: CacheDirOption = None,
) -> None:
    """Print the fact sheet: every fact the rules find, with all its claims, agreeing or not."""
    from factcheck.engine.sheet import render_json, render_text
    from factcheck.pipeline import run as run_pipeline
    from factcheck.rules.loader import RuleError

    options = base_options(paths, rules, config_or_exit(config, no_config))
    try:
        with scale_options(jobs, executor, no_cache, cache_dir) as options.scale:
            report = run_pipeline(options)
    except RuleError as exc:
        raise fail_usage(str(exc)) from None
    if fmt == FactsFormat.html:
        from factcheck.reporters.html import render_facts

        sys.stdout.write(render_facts(report))
        return
    sys.stdout.write(render_json(report.facts) if fmt == FactsFormat.json else render_text(report.facts))


rules_app = typer.Typer(no_args_is_help=True, help="List, validate, explain and test rules.")
app.add_typer(rules_app, name="rules")


def _print_problems(problems) -> None:
    for p in problems:
        sys.stderr.write(f"{p}\n")


@rules_app.command("list")
def rules_list(
    paths: Annotated[list[Path] | None, typer.Argument(help="Rule files or folders [default: from the config, "
                                                            "else rules/ if it exists].")] = None,
) -> None:
    """List every check and rule: id, kind, level, source file."""
    from factcheck.rules_cmd import list_rows

    rows, problems = list_rows(_rule_paths(paths))
    width = [max([len(h), *(len(r[i]) for r in rows)]) for i, h in enumerate(("id", "kind", "level", "source"))]
    for row in [("id", "kind", "level", "source"), *rows]:
        sys.stdout.write("  ".join(c.ljust(w) for c, w in zip(row, width, strict=True)).rstrip() + "\n")
    _print_problems(problems)
    raise typer.Exit(EXIT_USAGE if problems else EXIT_CLEAN)


@rules_app.command("validate")
def rules_validate(paths: Annotated[list[Path], typer.Argument(help="Rule files or folders.")]) -> None:
    """Check rule files; print every problem with file:line (exit 2 if any)."""
    from factcheck.rules_cmd import read_rules

    rules, problems = read_rules(paths)
    _print_problems(problems)
    sys.stdout.write(f"{len(rules)} rule(s) valid, {len(problems)} problem(s)\n")
    raise typer.Exit(EXIT_USAGE if problems else EXIT_CLEAN)


@rules_app.command("explain")
def rules_explain(
    rule_id: Annotated[str, typer.Argument(help="A rule id, a check name or a rule kind (quantity, names, …).")],
    rules: Annotated[list[Path] | None, typer.Option("--rules", "-r", help="Rule file or folder.")] = None,
) -> None:
    """Show a rule's description, fields and examples."""
    from factcheck.rules_cmd import explain

    text = explain(rule_id, _rule_paths(rules))
    if text is None:
        raise fail_usage(f"no rule, check or rule kind {rule_id!r} (see `factcheck rules list`)")
    sys.stdout.write(text)


@rules_app.command("schema")
def rules_schema() -> None:
    """Print the JSON Schema of rule files (for editor completion)."""
    import json

    from factcheck.rules_cmd import rule_schema

    sys.stdout.write(json.dumps(rule_schema(), ensure_ascii=False, indent=2) + "\n")


@rules_app.command("test")
def rules_test(paths: Annotated[list[Path], typer.Argument(help="Rule files or folders.")]) -> None:
    """Run the examples (`tests:`) rules carry; exit 1 if one fails, 2 if a rule is invalid."""
    from factcheck.rules_cmd import format_failure, read_rules, run_rule_examples

    rules, problems = read_rules(paths)
    if problems:
        _print_problems(problems)
        raise typer.Exit(EXIT_USAGE)
    passed = failed = 0
    for lr in rules:
        for result in run_rule_examples(lr):
            if result.passed:
                passed += 1
            else:
                failed += 1
                sys.stdout.write(format_failure(result, lr.rule.tests[result.number - 1]) + "\n\n")
    untested = sum(1 for lr in rules if not lr.rule.tests)
    sys.stdout.write(f"{passed} example(s) passed, {failed} failed; {len(rules)} rule(s), {untested} without "
                     "examples\n")
    raise typer.Exit(EXIT_FINDINGS if failed else EXIT_CLEAN)


def _rule_paths(paths: list[Path] | None) -> list[Path]:
    if paths:
        return paths
    cfg = config_or_exit(None, False)
    if cfg.rules is not None:
        return cfg.rules
    return [Path("rules")] if Path("rules").is_dir() else []


@app.command()
def init(
    directory: Annotated[Path, typer.Argument(help="Project folder.")] = Path("."),
) -> None:
    """Write a starter factcheck.yaml, an example rules/ file and a GitHub Actions workflow (never overwrites)."""
    from factcheck.init_cmd import init as write_starter_files

    for rel, written in write_starter_files(directory):
        sys.stdout.write(f"{'created' if written else 'exists, left alone'}: {(directory / rel).as_posix()}\n")


def leave_now(code: object) -> None:
    """End the process with exit ``code`` at once, when that changes nothing but the time it takes.

    Why. At the end of a run the process holds everything it made (a warm 10k run: millions of small objects
    in the report's facts and findings, the modules' caches), and the interpreter frees each of them on the
    way out, after the output is written: about 0.13 s of a 2.6 s warm 10k run, for nothing. ``os._exit``
    skips that.

    Safe because everything else a normal exit does is done first, and the normal way is taken whenever that
    is not certain: only a plain exit status (None or an int from 0 to 255, not a message to print); only when
    no other thread runs (no executor's worker or management thread, no progress bar, nothing of a Dask
    client: their joins and ``threading``'s exit hooks would be skipped) and no child process is alive (the
    pool is shut down before the report is made); stdout and stderr flushed first (a failure there, e.g. a
    closed pipe, is left to the interpreter to report as usual, exit status included); then the ``atexit``
    functions run, as at a normal exit (``multiprocessing``'s, ``logging``'s, ``weakref.finalize``'s, any
    library's). The files a run writes (``-o``, baselines, cache entries, the pack and memos) are written and
    closed before it ends (``atomic.write_atomic``, ``PackWriter.close``): nothing is left buffered. Only
    ``main``, the process's entry point, calls this; commands run in-process (tests' ``CliRunner``) end as
    before."""
    import threading

    if code is None:
        code = 0
    if type(code) is not int or not 0 <= code <= 255 or threading.active_count() != 1:
        return
    mp = sys.modules.get("multiprocessing")
    if mp is not None and mp.active_children():
        return
    try:
        sys.stdout.flush()
        sys.stderr.flush()
    except Exception:  # noqa: BLE001 - the interpreter reports it (and sets the status) as it always did
        return
    import atexit

    atexit._run_exitfuncs()  # the functions registered to run at exit, last first, as the interpreter would
    if threading.active_count() != 1:  # an exit function started one: leave it to the interpreter
        return
    try:
        sys.stdout.flush()
        sys.stderr.flush()
    except Exception:  # noqa: BLE001
        return
    os._exit(code)


def main() -> None:
    # A command is one short process whose objects live to its end and form next to no cycles (measured:
    # about 70 cyclic objects for 300 articles): the cyclic collector only walks them, again and again
    # (seconds on a large corpus). Reference counting frees everything as usual.
    gc.disable()
    try:
        app()
    except SystemExit as done:  # how every command ends (typer's standalone mode), its results still referenced
        leave_now(done.code)
        raise
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
