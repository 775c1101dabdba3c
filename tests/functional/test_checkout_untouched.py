"""No test writes outside a temporary folder: a run that changed `git status` or the instance
folder fails, naming what changed (tests/support/untouched.py, loaded by tests/conftest.py).

Shown here on a checkout of its own, so that proving it never writes into this one."""

import os
import subprocess
import sys

import pytest

from tests.support.apps import ROOT

WRITERS = """
from pathlib import Path


def test_writes_into_the_developers_database():
    with open("instance/steady.sqlite3", "ab") as database:
        database.write(b"a row")


def test_makes_a_key_in_the_instance_folder():
    Path("instance", "secret_key").write_bytes(b"key")


def test_leaves_a_file_beside_the_code():
    Path("notes.txt").write_text("left behind")


def test_writes_in_its_temporary_folder(tmp_path):
    (tmp_path / "steady.sqlite3").write_bytes(b"")
"""


@pytest.fixture
def checkout(tmp_path):
    """A git checkout with a developer's instance folder, and tests that write where they
    should and where they should not."""
    folder = tmp_path / "checkout"
    (folder / "instance").mkdir(parents=True)
    (folder / "instance" / "steady.sqlite3").write_bytes(b"the developer's own")
    (folder / ".gitignore").write_text("/instance/\n__pycache__/\n")
    (folder / "test_writers.py").write_text(WRITERS)
    subprocess.run(["git", "init", "--quiet"], cwd=folder, check=True)
    return folder


def run_tests(checkout, test: str) -> subprocess.CompletedProcess:
    return subprocess.run(
        [sys.executable, "-m", "pytest", "-p", "tests.support.untouched", "-p", "no:cacheprovider",
         "--basetemp", str(checkout.parent / "basetemp"), f"test_writers.py::{test}"],
        cwd=checkout,
        env={**os.environ, "PYTHONPATH": str(ROOT)},
        capture_output=True,
        text=True,
        timeout=120,
    )  # fmt: skip


@pytest.mark.parametrize(
    ("test", "named"),
    [
        ("test_writes_into_the_developers_database", "~ {checkout}/instance/steady.sqlite3"),
        ("test_makes_a_key_in_the_instance_folder", "+ {checkout}/instance/secret_key"),
        ("test_leaves_a_file_beside_the_code", "git status: ?? notes.txt"),
    ],
)
def test_a_run_that_wrote_into_the_checkout_fails_naming_what_changed(checkout, test, named):
    result = run_tests(checkout, test)
    assert result.returncode == pytest.ExitCode.TESTS_FAILED, result.stdout
    assert "1 passed" in result.stdout  # the test itself passed: the run did not
    assert "the checkout was written to" in result.stdout
    assert named.format(checkout=checkout) in result.stdout


def test_a_run_that_wrote_only_in_temporary_folders_passes(checkout):
    result = run_tests(checkout, "test_writes_in_its_temporary_folder")
    assert result.returncode == pytest.ExitCode.OK, result.stdout
    assert "the checkout was written to" not in result.stdout
