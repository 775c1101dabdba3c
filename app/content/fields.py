"""Reading typed fields out of a parsed TOML table, recording a problem for each bad one.

Each reader returns a usable default after recording the problem, so one pass over a file
finds every mistake in it rather than stopping at the first.
"""

import datetime
import re
from pathlib import Path
from urllib.parse import urlsplit

from .problems import Problems

BLANK_LINES = re.compile(r"\n\s*\n")
# Links we publish must not carry someone's tracking tags along to the next site.
TRACKING_PARAMETER = re.compile(r"(?:^|&)(?:utm_[a-z]+|fbclid|gclid|mc_eid|_hs[a-z]+)=")


class Fields:
    """One TOML table of one file: `prefix` names the table in problem messages."""

    def __init__(self, data, path: Path, problems: Problems, prefix: str = ""):
        self.path, self.problems, self.prefix = path, problems, prefix
        if not isinstance(data, dict):
            self.problem(None, "must be a table")
            data = {}
        self.data = data
        self.read: set[str] = set()

    def name(self, key: str | None) -> str | None:
        if key is None:
            return self.prefix or None
        return f"{self.prefix}.{key}" if self.prefix else key

    def problem(self, key: str | None, message: str) -> None:
        self.problems.add(self.path, self.name(key), message)

    def _get(self, key: str, required: bool):
        self.read.add(key)
        if key not in self.data and required:
            self.problem(key, "missing")
        return self.data.get(key)

    def text(self, key: str, required: bool = True) -> str:
        value = self._get(key, required)
        if value is None:
            return ""
        if not isinstance(value, str) or not value.strip():
            self.problem(key, "must be non-empty text")
            return ""
        return " ".join(value.split())

    def paragraphs(self, key: str, required: bool = True) -> tuple[str, ...]:
        """A text of paragraphs separated by blank lines, each joined onto one line."""
        value = self._get(key, required)
        if value is None:
            return ()
        if not isinstance(value, str) or not value.strip():
            self.problem(key, "must be non-empty text")
            return ()
        return tuple(" ".join(p.split()) for p in BLANK_LINES.split(value.strip()))

    def text_list(self, key: str, required: bool = True) -> tuple[str, ...]:
        value = self._get(key, required)
        if value is None:
            return ()
        if not isinstance(value, list) or not value:
            self.problem(key, "must be a non-empty list of texts")
            return ()
        items = []
        for index, item in enumerate(value, 1):
            if not isinstance(item, str) or not item.strip():
                self.problem(f"{key}[{index}]", "must be non-empty text")
                continue
            items.append(" ".join(item.split()))
        return tuple(items)

    def date(self, key: str, required: bool = True) -> datetime.date | None:
        value = self._get(key, required)
        if value is None:
            return None
        if isinstance(value, datetime.datetime) or not isinstance(value, datetime.date):
            self.problem(key, f"bad date {value!r}: write a plain date like 2026-11-25, no quotes")
            return None
        if value > datetime.date.today():
            self.problem(key, f"bad date {value}: it is in the future")
        return value

    def url(self, key: str, required: bool = True) -> str:
        value = self.text(key, required)
        if not value:
            return ""
        parts = urlsplit(value)
        if parts.scheme != "https" or not parts.hostname:
            self.problem(key, f"bad URL {value!r}: it must be a full https:// address")
            return ""
        if TRACKING_PARAMETER.search(parts.query):
            self.problem(key, f"URL {value!r} carries a tracking parameter: remove it")
        return value

    def tables(self, key: str, required: bool = True) -> list["Fields"]:
        value = self._get(key, required)
        if value is None:
            return []
        if not isinstance(value, list) or not value:
            self.problem(key, "must be a non-empty list of tables")
            return []
        return [
            Fields(item, self.path, self.problems, f"{self.name(key)}[{index}]")
            for index, item in enumerate(value, 1)
        ]

    def table(self, key: str, required: bool = True) -> "Fields":
        value = self._get(key, required)
        return Fields(value if value is not None else {}, self.path, self.problems, self.name(key))

    def check_no_unknown(self) -> None:
        """Report keys nobody read: usually a typo in a field name."""
        for key in self.data.keys() - self.read:
            self.problem(key, "unknown field (a typo?)")
