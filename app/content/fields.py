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
# Characters that cannot be seen, or that change the order in which the text around them is
# shown: a bidi override can make "+1 800 555" read as another number, a zero-width space can
# hide inside a link. C0 and C1 controls (but tab and line breaks), DEL, zero-width and
# direction marks, bidi embeddings, overrides and isolates, invisible operators, the Arabic
# letter mark, the Mongolian vowel separator and the byte-order mark.
INVISIBLE = re.compile(
    "[\x00-\x08\x0b\x0c\x0e-\x1f\x7f-\x9f\u061c\u180e\u200b-\u200f\u2028-\u202e"
    "\u2060-\u2064\u2066-\u2069\ufeff]"
)
# Links we publish must not carry someone's tracking tags along to the next site.
TRACKING_PARAMETER = re.compile(r"(?:^|&)(?:utm_[a-z]+|fbclid|gclid|mc_eid|_hs[a-z]+)=")


def invisible_problem(text: str) -> str | None:
    """Why a text cannot be shown as written, or None: the first invisible character, named."""
    found = INVISIBLE.search(text)
    if found is None:
        return None
    return (
        f"holds an invisible or direction-changing character U+{ord(found.group()):04X} "
        f"at position {found.start() + 1}: retype that part"
    )


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

    def _visible(self, key: str, value: str) -> bool:
        """True when the text holds no invisible character; else the problem is recorded."""
        why = invisible_problem(value)
        if why:
            self.problem(key, why)
        return why is None

    def text(self, key: str, required: bool = True) -> str:
        value = self._get(key, required)
        if value is None:
            return ""
        if not isinstance(value, str) or not value.strip():
            self.problem(key, "must be non-empty text")
            return ""
        if not self._visible(key, value):
            return ""
        return " ".join(value.split())

    def flag(self, key: str) -> bool:
        """An optional true or false, false when absent."""
        value = self._get(key, required=False)
        if value is None:
            return False
        if not isinstance(value, bool):
            self.problem(key, f"bad value {value!r}: write true or false, no quotes")
            return False
        return value

    def paragraphs(self, key: str, required: bool = True) -> tuple[str, ...]:
        """A text of paragraphs separated by blank lines, each joined onto one line."""
        value = self._get(key, required)
        if value is None:
            return ()
        if not isinstance(value, str) or not value.strip():
            self.problem(key, "must be non-empty text")
            return ()
        if not self._visible(key, value):
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
            if not self._visible(f"{key}[{index}]", item):
                continue
            items.append(" ".join(item.split()))
        return tuple(items)

    def position(self, key: str, required: bool = True) -> int | None:
        """A place in a list, counted from 1."""
        value = self._get(key, required)
        if value is None:
            return None
        # TOML's true is a bool, which Python also counts as an int: refused as well.
        if isinstance(value, bool) or not isinstance(value, int) or value < 1:
            self.problem(key, f"bad position {value!r}: write a whole number from 1, no quotes")
            return None
        return value

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
        try:
            port = parts.port
        except ValueError:
            port = -1
        if parts.scheme != "https" or not parts.hostname or port == -1:
            self.problem(key, f"bad URL {value!r}: it must be a full https:// address")
            return ""
        if "@" in parts.netloc:
            # https://trusted.example@other.example/ goes to other.example.
            self.problem(key, f"bad URL {value!r}: it must not hold a user name or password")
            return ""
        if " " in value or "\\" in value:
            self.problem(key, f"bad URL {value!r}: spaces and backslashes are not allowed")
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
