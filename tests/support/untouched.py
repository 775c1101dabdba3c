"""A pytest plugin that fails the run when the checkout was written to: every test writes in a
temporary folder, so `git status` and the instance folder are the same after a run as before.

The instance folder holds a developer's own database and keys (app/config.py: instance/, or
STEADY_INSTANCE_DIR); a test that wrote there would also be reading a state it did not make.
"""

import os
import subprocess
from pathlib import Path

import pytest

BEFORE = pytest.StashKey[dict]()
CHANGED = pytest.StashKey[list]()
SHOWN = 30


def watched_folders(root: Path) -> list[Path]:
    folders = [root / "instance"]
    if os.environ.get("STEADY_INSTANCE_DIR"):
        folders.append(Path(os.environ["STEADY_INSTANCE_DIR"]))
    return folders


def snapshot(root: Path) -> dict[str, str]:
    """What `git status` says, and every file of the instance folders with its size and time."""
    seen = {}
    status = subprocess.run(
        ["git", "status", "--porcelain", "--untracked-files=all"],
        cwd=root,
        capture_output=True,
        text=True,
    )
    if status.returncode == 0:  # not a git checkout: only the instance folders are compared
        seen |= {f"git status: {line}": "" for line in status.stdout.splitlines()}
    for folder in watched_folders(root):
        for path in folder.rglob("*") if folder.is_dir() else ():
            stat = path.lstat()
            seen[str(path)] = f"{stat.st_size} bytes, modified {stat.st_mtime_ns}"
    if (root / "instance").exists() and str(root / "instance") not in seen:
        seen[str(root / "instance")] = "a folder"
    return seen


def changes(before: dict[str, str], after: dict[str, str]) -> list[str]:
    """What differs, a new or deleted folder named once rather than with all it holds."""
    added = after.keys() - before.keys()
    removed = before.keys() - after.keys()
    lines = [f"+ {key}" for key in sorted(added) if str(Path(key).parent) not in added]
    lines += [f"- {key}" for key in sorted(removed) if str(Path(key).parent) not in removed]
    lines += [
        f"~ {key}: {after[key]}"
        for key in sorted(after.keys() & before.keys())
        if after[key] != before[key] and not Path(key).is_dir()
    ]
    return lines


def pytest_sessionstart(session):
    session.config.stash[BEFORE] = snapshot(session.config.rootpath)


def pytest_sessionfinish(session):
    before = session.config.stash.get(BEFORE, None)
    if before is None:
        return
    changed = changes(before, snapshot(session.config.rootpath))
    session.config.stash[CHANGED] = changed
    if changed:
        session.exitstatus = pytest.ExitCode.TESTS_FAILED


def pytest_terminal_summary(terminalreporter, config):
    changed = config.stash.get(CHANGED, [])
    if not changed:
        return
    terminalreporter.section("the checkout was written to", red=True)
    terminalreporter.line(
        "Tests write only in temporary folders (tests/support/apps.py test_config). This "
        "changed during the run, by a test or by something else meanwhile (an editor, a "
        "server started from this checkout):",
        red=True,
    )
    for line in changed[:SHOWN]:
        terminalreporter.line(line, red=True)
    if len(changed) > SHOWN:
        terminalreporter.line(f"... and {len(changed) - SHOWN} more", red=True)
