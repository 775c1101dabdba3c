"""The controlled vocabulary: the tags a case study may carry, and their labels."""

from dataclasses import dataclass
from pathlib import Path

from .fields import invisible_problem
from .files import read_toml
from .problems import ContentError, Problems

# The facets a family filters the library by, in the order the filter form shows them:
# (vocabulary table, GET parameter of the filter form).
FACETS = (
    ("age_bands", "age"),
    ("teen_profiles", "profile"),
    ("family_contexts", "context"),
    ("topics", "topic"),
)
TABLES = ("kinds", *(table for table, _ in FACETS), "speakers")


@dataclass(frozen=True)
class Vocabulary:
    """Each table maps a tag key to its English label, in file order."""

    tables: dict[str, dict[str, str]]

    def label(self, table: str, key: str) -> str:
        return self.tables[table][key]

    def keys(self, table: str) -> tuple[str, ...]:
        return tuple(self.tables[table])


def load_vocabulary(path: Path, problems: Problems) -> Vocabulary:
    """Read the vocabulary file; a missing table or a non-text label is a problem."""
    data = read_toml(path, problems)
    if data is None:
        raise ContentError(problems)
    tables = {}
    for table in TABLES:
        entries = data.get(table)
        if not isinstance(entries, dict) or not entries:
            problems.add(path, table, "missing table, or it has no entries")
            continue
        for key, label in entries.items():
            if not isinstance(label, str) or not label.strip():
                problems.add(path, f"{table}.{key}", "the label must be non-empty text")
            elif why := invisible_problem(label):
                problems.add(path, f"{table}.{key}", why)
        tables[table] = {key: str(label) for key, label in entries.items()}
    return Vocabulary(tables)
