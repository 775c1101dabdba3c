"""`flask translations ...`: the translator's toolchain, for both catalogue domains.

`messages` holds the interface (extracted from code and templates by pybabel); `content` holds
every paragraph, list item and dialogue line of the content, one message each, with the case
study and field as context. Registered as a Flask CLI plugin, so it works even while broken
content keeps the app from starting.
"""

import io
from pathlib import Path

import click
from babel.messages.catalog import Catalog
from babel.messages.frontend import CommandLineInterface
from babel.messages.mofile import write_mo
from babel.messages.pofile import read_po, write_po

from ..config import PROJECT_ROOT
from ..content import load_library
from ..i18n.catalogs import DOMAINS, UnusableCatalog, load_checked, mo_path
from ..i18n.locales import SOURCE_LOCALE, discover_locales, find_locales
from ..i18n.localize import content_messages
from ..i18n.po_files import read_checked
from .options import content_dir_option, translations_dir_option


def pybabel(*args: str) -> None:
    CommandLineInterface().run(["pybabel", "--quiet", *args])


def keep_content_plain(translations_dir: Path) -> None:
    """Babel re-flags "90% of" as python-format whenever it reads a catalogue, whatever the
    template says; content is plain text, and the flag makes msgfmt and Poedit reject a correct
    translation, so it is taken off again after every init and update."""
    for path in translations_dir.glob("*/LC_MESSAGES/content.po"):
        catalog = read_catalog(path, path.parent.parent.name)
        for message in catalog:
            if "no-python-format" in message.flags:
                message.flags.discard("python-format")
        write_catalog(catalog, path)


def for_catalogues(command: str, translations_dir: Path, domain: str, *options: str) -> None:
    """pybabel init or update for one domain, from its template into every language."""
    template = str(translations_dir / f"{domain}.pot")
    pybabel(
        command,
        "-D",
        domain,
        "-i",
        template,
        "-d",
        str(translations_dir),
        "--width",
        "100",
        *options,
    )


def interface_template() -> Catalog:
    """The interface messages as they are in the code now."""
    out = PROJECT_ROOT / ".messages.pot.tmp"
    try:
        pybabel(
            "extract",
            "--no-location",
            "--sort-output",
            "--project=Steady",
            "-F",
            str(PROJECT_ROOT / "babel.cfg"),
            "-k",
            "lazy_gettext",
            "-o",
            str(out),
            str(PROJECT_ROOT),
        )
        with out.open("rb") as file:
            return read_po(file)
    finally:
        out.unlink(missing_ok=True)


def content_template(content_dir: Path) -> Catalog:
    """The content messages as they are in the content files now."""
    catalog = Catalog(project="Steady content", charset="utf-8")
    for context, text in content_messages(load_library(content_dir)):
        message = catalog.add(text, context=context, auto_comments=[context.replace("|", ": ")])
        if "python-format" in message.flags:  # see keep_content_plain
            message.flags.discard("python-format")
            message.flags.add("no-python-format")
    return catalog


def templates(content_dir: Path) -> dict[str, Catalog]:
    return {"messages": interface_template(), "content": content_template(content_dir)}


def po_path(translations_dir: Path, locale: str, domain: str) -> Path:
    return translations_dir / locale / "LC_MESSAGES" / f"{domain}.po"


def write_catalog(catalog: Catalog, path: Path) -> None:
    path.parent.mkdir(parents=True, exist_ok=True)
    with path.open("wb") as file:
        write_po(file, catalog, width=100, sort_output=False)


def read_catalog(path: Path, locale: str | None = None) -> Catalog:
    with path.open("rb") as file:
        return read_po(file, locale=locale)


def each_catalog(translations_dir: Path):
    """(path, catalog or None, problems) for every language's catalogues: each catalogue with
    its faulty messages left out, or None when the file is not a usable catalogue."""
    for locale in discover_locales(translations_dir):
        for domain in DOMAINS:
            path = po_path(translations_dir, locale, domain)
            if not path.exists():
                problem = f"{path}: missing (run `flask translations init {locale}`?)"
                yield path, None, [problem]
                continue
            yield path, *read_checked(path, locale, domain)


def message_keys(catalog: Catalog) -> set[tuple]:
    return {
        (message.context, message.id if isinstance(message.id, str) else tuple(message.id))
        for message in catalog
        if message.id
    }


@click.group("translations")
def translations():
    """Extract, create, update, compile and measure the gettext catalogues."""


@translations.command()
@translations_dir_option
@content_dir_option
def extract(translations_dir: Path, content_dir: Path):
    """Write the message templates (messages.pot, content.pot) from code and content."""
    for domain, catalog in templates(content_dir).items():
        write_catalog(catalog, translations_dir / f"{domain}.pot")
        click.echo(f"{domain}.pot: {len(catalog)} messages")


@translations.command()
@click.argument("locale")
@translations_dir_option
def init(locale: str, translations_dir: Path):
    """Start the catalogues of a new language (a code like fr, pt_BR)."""
    for domain in DOMAINS:
        if po_path(translations_dir, locale, domain).exists():
            raise click.ClickException(
                f"{po_path(translations_dir, locale, domain)} exists: use update"
            )
        for_catalogues("init", translations_dir, domain, "-l", locale)
    keep_content_plain(translations_dir)
    click.echo(f"Created translations/{locale}/LC_MESSAGES/messages.po and content.po")


@translations.command()
@translations_dir_option
def update(translations_dir: Path):
    """Bring every language's catalogues up to the templates; changed sources become fuzzy."""
    for domain in DOMAINS:
        for_catalogues("update", translations_dir, domain, "--previous", "--ignore-obsolete")
    keep_content_plain(translations_dir)


@translations.command()
@translations_dir_option
def compile(translations_dir: Path):
    """Build the .mo files the app reads (fuzzy translations are left out, as intended).

    A faulty message (bad syntax, a placeholder or format that would break the page) is left
    out, so the page shows the source there; a file that is not a catalogue at all loses its
    .mo, and the app then skips that language rather than show English under its name. Every
    fault is printed; the rest still compiles, so one broken file never keeps Steady from
    starting. `check` is the strict one, for CI."""
    for skipped in find_locales(translations_dir)[1]:
        click.echo(skipped, err=True)
    for path, catalog, problems in each_catalog(translations_dir):
        for problem in problems:
            click.echo(f"left out: {problem}", err=True)
        if catalog is None:
            click.echo(f"not compiled: {path}", err=True)
            path.with_suffix(".mo").unlink(missing_ok=True)
            continue
        with path.with_suffix(".mo").open("wb") as file:
            write_mo(file, catalog, use_fuzzy=False)
    click.echo(f"compiled {len(discover_locales(translations_dir))} languages")


# The parts of a language a translator completes, and which messages of which domain each holds.
# Easy-read texts are content messages whose context names a `plain.` field.
COVERAGE_PARTS = {
    "interface": ("messages", lambda context: True),
    "content": ("content", lambda context: "|plain." not in (context or "")),
    "easy read": ("content", lambda context: "|plain." in (context or "")),
}


def coverage_of(
    translations_dir: Path, locale: str, templates: dict[str, Catalog]
) -> dict[str, tuple[int, int, int]]:
    """Per part (interface, content, easy read): (translated, stale, total) messages, against
    the committed templates {domain: catalog}."""
    found, catalogs = {}, {}
    for part, (domain, holds) in COVERAGE_PARTS.items():
        template = templates[domain]
        wanted = {(m.context, m.id) for m in template if m.id and holds(m.context)}
        if domain not in catalogs:
            path = po_path(translations_dir, locale, domain)
            catalogs[domain] = read_catalog(path, locale) if path.exists() else []
        catalog = catalogs[domain]
        live = [m for m in catalog if m.id and (m.context, m.id) in wanted]
        translated = sum(1 for m in live if not m.fuzzy and all(_strings(m)))
        stale = sum(1 for m in live if m.fuzzy)
        found[part] = (translated, stale, len(wanted))
    return found


def _strings(message) -> tuple:
    return message.string if isinstance(message.string, tuple) else (message.string,)


@translations.command()
@translations_dir_option
def coverage(translations_dir: Path):
    """Per language: the share of interface, content and easy-read messages translated, and
    how many are stale (their English changed since)."""
    heading = "".join(f"{part:>18}" for part in COVERAGE_PARTS)
    click.echo(f"{'locale':8}{heading}{'stale':>7}")
    committed = {domain: read_catalog(translations_dir / f"{domain}.pot") for domain in DOMAINS}
    for locale in discover_locales(translations_dir):
        if locale == SOURCE_LOCALE:
            continue
        parts = coverage_of(translations_dir, locale, committed)
        cells = [
            f"{done:>5}/{total:<5} {done / total if total else 1:>5.0%}"
            for done, _, total in parts.values()
        ]
        stale = sum(stale for _, stale, _ in parts.values())
        click.echo(f"{locale:8}" + "".join(f"{cell:>18}" for cell in cells) + f"{stale:>7}")


def find_catalog_problems(translations_dir: Path, content_dir: Path) -> list[str]:
    """What CI refuses: stale templates, catalogues that do not parse, placeholder mismatches."""
    problems = []
    for domain, current in templates(content_dir).items():
        committed_path = translations_dir / f"{domain}.pot"
        if not committed_path.exists() or message_keys(
            read_catalog(committed_path)
        ) != message_keys(current):
            problems.append(
                f"{committed_path.name} is out of date: run `flask translations extract` "
                "then `flask translations update`"
            )
    problems += find_locales(translations_dir)[1]
    for path, catalog, found in each_catalog(translations_dir):
        problems += [str(problem) for problem in found]
        if catalog is None:
            continue
        try:
            write_mo(io.BytesIO(), catalog)
        except Exception as error:  # noqa: BLE001
            problems.append(f"{path}: does not compile: {error}")
    problems += compiled_catalog_problems(translations_dir)
    return problems


def compiled_catalog_problems(translations_dir: Path) -> list[str]:
    """What the app would skip or leave out from the compiled catalogues as they are now, so
    `check` never says all is well while the app serves something else."""
    problems = []
    for locale in discover_locales(translations_dir):
        for domain in DOMAINS:
            try:
                _, found = load_checked(translations_dir, locale, domain)
            except UnusableCatalog as error:
                problems.append(f"{error}: the app skips language {locale}")
                continue
            problems += [f"{mo_path(translations_dir, locale, domain)}: {p}" for p in found]
    return problems


@translations.command()
@translations_dir_option
@content_dir_option
def check(translations_dir: Path, content_dir: Path):
    """Fail when templates are out of date, a catalogue is broken or placeholders differ."""
    problems = find_catalog_problems(translations_dir, content_dir)
    for problem in problems:
        click.echo(problem, err=True)
    if problems:
        raise click.ClickException(f"{len(problems)} translation problem(s)")
    click.echo("translations: all good")
