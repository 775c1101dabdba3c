"""Reading an editor's file: every way it can fail becomes a problem naming the file."""

import tomllib
from pathlib import Path

from .problems import Problems

# Far above any real case study (about 15 KB), far below what could exhaust memory.
MAX_FILE_BYTES = 256 * 1024


def read_text(path: Path, problems: Problems, max_bytes: int = MAX_FILE_BYTES) -> str | None:
    """The file's UTF-8 text, or None with the reason recorded."""
    try:
        if not path.is_file():
            problems.add(path, None, "is not a regular file")
            return None
        if path.stat().st_size > max_bytes:
            problems.add(path, None, f"is larger than {max_bytes // 1024} KB")
            return None
        return path.read_text(encoding="utf-8")
    except UnicodeDecodeError as error:
        problems.add(path, None, f"is not UTF-8 text (byte {error.start}): save it as UTF-8")
    except OSError as error:
        problems.add(path, None, f"cannot be read: {error.strerror or error}")
    return None


def read_toml(path: Path, problems: Problems) -> dict | None:
    """The file's TOML data, or None with the reason recorded."""
    text = read_text(path, problems)
    if text is None:
        return None
    try:
        return tomllib.loads(text)
    except (tomllib.TOMLDecodeError, RecursionError) as error:
        reason = error if isinstance(error, tomllib.TOMLDecodeError) else "nested too deeply"
        problems.add(path, None, f"cannot be read: not valid TOML: {reason}")
    return None
