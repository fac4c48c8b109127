"""Discovery (``loading.discover_named``): which files a run reads and the paths they are shown under, with
links, loops, hidden folders and other working directories (the walk derives folders' real paths from their
parents' and reads links from the listing, so these cases are spelled out)."""

from __future__ import annotations

import os
from pathlib import Path

import pytest

from factcheck.loading import discover_named


@pytest.fixture
def tree(tmp_path: Path) -> Path:
    root = tmp_path / "tree"
    for folder in ("a/b/c", "a/.hid", "a/__pycache__", "a/E", "z"):
        (root / folder).mkdir(parents=True)
    for name in ("a/x.md", "a/b/y.txt", "a/b/c/c.JSON", "a/.hid/h.md", "a/__pycache__/p.md", "a/.q.md", "a/n.py",
                 "z/zz.md", "a/E/e.markdown"):
        (root / name).write_text(name + "\n", encoding="utf-8")
    os.symlink("../x.md", root / "a/b/linkx.md")  # a second name for a/x.md
    os.symlink("../../z", root / "a/b/zlink")  # a linked folder, also reached directly
    os.symlink("..", root / "a/b/c/up")  # a loop
    os.symlink(root / "a", root / "a/b/abs")  # another loop, absolute
    os.symlink("nowhere.md", root / "a/broken.md")  # a dangling link: listed, reported when read
    return root


def listed(paths: list[str | Path]) -> list[tuple[str, str]]:
    named, problems = discover_named(paths)
    assert problems == []
    return [(shown, fp.as_posix()) for shown, fp in named]


def test_links_loops_and_hidden_folders(tree: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.chdir(tree)
    # each file once, under its real path relative to the working folder; the first path walked reads it
    assert listed(["."]) == [
        ("a/E/e.markdown", "a/E/e.markdown"),
        ("a/b/c/c.JSON", "a/b/c/c.JSON"),
        ("a/b/y.txt", "a/b/y.txt"),
        ("a/nowhere.md", "a/broken.md"),
        ("a/x.md", "a/x.md"),
        ("z/zz.md", "a/b/zlink/zz.md"),
    ]


def test_shown_paths_from_another_working_folder(tree: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.chdir(tree / "z")
    b = (tree / "a" / "b").as_posix()
    # outside the working folder a file is shown by the path walked (here through the link ``abs``, which
    # reaches ``a``); inside it, relative to it (``zlink`` leads into the working folder ``z``)
    assert listed([tree / "a" / "b"]) == [(p, p) for p in (f"{b}/abs/E/e.markdown", f"{b}/abs/broken.md",
                                                            f"{b}/abs/x.md", f"{b}/c/c.JSON", f"{b}/linkx.md",
                                                            f"{b}/y.txt")] + [("zz.md", f"{b}/zlink/zz.md")]


def test_a_folder_given_twice_or_through_a_link_is_read_once(tree: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.chdir(tree)
    assert listed(["a", str(tree / "a"), "a/b/abs"]) == listed(["a"])
    assert len(listed(["a"])) == 6
