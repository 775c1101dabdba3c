"""Fixtures shared by every test: the real app on the real content, and editable copies."""

import shutil
from pathlib import Path

import pytest

from app import create_app
from app.content import load_library

ROOT = Path(__file__).resolve().parent.parent
CONTENT = ROOT / "content"


@pytest.fixture(scope="session")
def app():
    return create_app()


@pytest.fixture
def client(app):
    return app.test_client()


@pytest.fixture(scope="session")
def library():
    return load_library(CONTENT)


@pytest.fixture
def content_copy(tmp_path) -> Path:
    """A copy of the real content that a test may break."""
    copy = tmp_path / "content"
    shutil.copytree(CONTENT, copy)
    return copy
