"""A generated library for benchmarks (test data, never shipped)."""

import re
import shutil
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent


def generate_library(target: Path, count: int) -> Path:
    """Real content plus `count` copies of the real case studies under new slugs and titles."""
    shutil.copytree(ROOT / "content", target)
    cases = target / "case-studies"
    models = sorted(cases.glob("*.toml"))
    for n in range(count):
        model = models[n % len(models)]
        slug = f"generated-{n:03d}"
        text = model.read_text(encoding="utf-8")
        text = re.sub(r'^title = "', f'title = "Generated case {n}: ', text, count=1, flags=re.M)
        # A place at the head of the library is each guide's own: a copy goes with the rest.
        text = re.sub(r"^order = .*\n", "", text, count=1, flags=re.M)
        (cases / f"{slug}.toml").write_text(text, encoding="utf-8")
        shutil.copy(model.with_suffix(".svg"), cases / f"{slug}.svg")
    return target


# Real locales Babel knows, so each generated language has a name and a text direction.
EXTRA_LOCALES = ("de", "fr", "it", "nl", "pl", "pt", "ro", "sv", "tr", "uk", "id", "vi")


def generate_languages(target: Path, count: int) -> Path:
    """The real translations plus copies of the Spanish catalogues under other locales, up to
    `count` languages in all (test data: the words stay Spanish)."""
    shutil.copytree(ROOT / "translations", target)
    have = len(list(target.glob("*/LC_MESSAGES/messages.po")))
    for locale in EXTRA_LOCALES[: max(0, count - have)]:
        shutil.copytree(target / "es", target / locale)
    return target
