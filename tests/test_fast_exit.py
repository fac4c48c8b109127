"""The command's quick exit (``cli.leave_now``: ``os._exit`` once the output is written, skipping the freeing of
everything the run made): a process ends with the same status, stdout, stderr and files as with the normal
exit, in every way a command ends (findings, none, a usage error, ``-o``, a baseline, worker processes, a broken
pipe); ``atexit`` functions still run; and it ends the normal way when another thread still runs."""

from __future__ import annotations

import os
import shutil
import subprocess
import sys
import textwrap
from pathlib import Path

import pytest

ROOT = Path(__file__).resolve().parents[1]

# Runs the CLI as its entry point does (``main``). ``plain`` turns the quick exit off (the reference). The
# object ``TEARDOWN`` says "freed" on stderr when the interpreter frees the module's objects at exit, which the
# quick exit skips; an atexit function says "atexit ran"; ``thread`` starts a thread as the command ends, which
# writes a file a moment later (the normal exit waits for it).
CHILD = textwrap.dedent("""
    import atexit, os, sys, threading, time
    mode, extra = sys.argv[1], sys.argv[2]
    import factcheck.cli as cli
    if mode == "plain":
        cli.leave_now = lambda code: None

    class Teardown:
        def __del__(self, write=os.write):
            write(2, b"freed\\n")

    TEARDOWN = Teardown()
    atexit.register(lambda: sys.stderr.write("atexit ran\\n"))
    if extra == "thread":
        def late():
            time.sleep(0.3)
            with open("thread-done", "w") as fh:
                fh.write("done")

        def leave_now(code, real=cli.leave_now):
            threading.Thread(target=late).start()
            real(code)
        cli.leave_now = leave_now
    sys.argv = ["factcheck", *sys.argv[3:]]
    cli.main()
""")


def _run(tmp: Path, mode: str, args: list[str], extra: str = "-", stdout: int | None = subprocess.PIPE,
         unbuffered: bool = False) -> tuple[int, bytes, bytes, dict[str, bytes]]:
    work = tmp / mode
    shutil.rmtree(work, ignore_errors=True)
    work.mkdir()
    proc = subprocess.run([sys.executable, "-c", CHILD, mode, extra, *args], cwd=work, stdout=stdout,
                          stderr=subprocess.PIPE, timeout=300, env=_env(unbuffered))
    files = {p.relative_to(work).as_posix(): p.read_bytes() for p in sorted(work.rglob("*")) if p.is_file()}
    return proc.returncode, proc.stdout or b"", proc.stderr, files


def _env(unbuffered: bool) -> dict[str, str]:
    env = {k: v for k, v in os.environ.items() if k != "PYTHONUNBUFFERED"}
    if unbuffered:
        env["PYTHONUNBUFFERED"] = "1"
    return {**env, "PYTHONPATH": str(ROOT)}


SOURCES = str(ROOT / "sources")
CASES = {
    "findings, json on stdout": (["run", SOURCES, "--no-cache", "-j", "1", "-f", "json"], 1),
    "exit zero, text to a file": (["run", SOURCES, "--no-cache", "-j", "1", "--exit-zero", "-o", "r.txt"], 0),
    "a baseline written": (["run", SOURCES, "--no-cache", "-j", "1", "--write-baseline", "b.json"], 0),
    "a usage error": (["run", SOURCES, "-f", "nope"], 2),
    "worker processes, a cache": (["run", SOURCES, "-j", "2", "--cache-dir", "cache", "-f", "line"], 1),
}


@pytest.mark.parametrize("case", list(CASES))
def test_the_quick_exit_ends_as_the_normal_one(tmp_path: Path, case: str) -> None:
    args, status = CASES[case]
    if case == "worker processes, a cache":  # the sample's five files are analysed here: enough for a pool
        for i in range(4):
            shutil.copytree(ROOT / "sources", tmp_path / "many" / str(i))
        args = ["run", str(tmp_path / "many"), *args[2:]]
    plain = _run(tmp_path, "plain", args)
    quick = _run(tmp_path, "quick", args)
    assert plain[0] == quick[0] == status, (plain[2], quick[2])
    assert plain[1] == quick[1] and plain[3].keys() == quick[3].keys()
    for name in plain[3]:
        if not name.startswith("cache/"):  # (a cache's pack holds the time its run began)
            assert plain[3][name] == quick[3][name], name
    # the same messages, the atexit function run by both; only the normal exit freed the objects one by one
    assert plain[2].count(b"atexit ran\n") == quick[2].count(b"atexit ran\n") == 1
    assert b"freed\n" in plain[2] and b"freed\n" not in quick[2]
    assert plain[2].replace(b"freed\n", b"") == quick[2]
    if status == 1:
        assert quick[1] or quick[3]  # the output was there, flushed before the process ended


def test_with_another_thread_running_the_process_ends_the_normal_way(tmp_path: Path) -> None:
    args = ["run", SOURCES, "--no-cache", "-j", "1", "-f", "line"]
    status, out, err, files = _run(tmp_path, "quick", args, "thread")
    assert status == 1 and out and files.get("thread-done") == b"done"  # the thread was waited for
    assert err.count(b"atexit ran\n") == 1


@pytest.mark.parametrize("unbuffered", [False, True], ids=["buffered", "unbuffered"])
def test_a_closed_pipe_on_stdout_is_reported_as_before(tmp_path: Path, unbuffered: bool) -> None:
    args = ["run", str(ROOT / "sources" / sorted(os.listdir(ROOT / "sources"))[0]), "--no-cache", "-j", "1"]
    results = []
    for mode in ("plain", "quick"):
        read, write = os.pipe()
        os.close(read)  # nobody reads: the output cannot be written
        try:
            results.append(_run(tmp_path, mode, args, stdout=write, unbuffered=unbuffered))
        finally:
            os.close(write)
    (pstatus, _, perr, _), (qstatus, _, qerr, _) = results
    assert pstatus == qstatus != 0 and perr.replace(b"freed\n", b"") == qerr.replace(b"freed\n", b"")
    if not unbuffered:  # the output is written when the process flushes stdout: the interpreter's report
        assert qstatus == 120 and b"BrokenPipeError" in qerr
