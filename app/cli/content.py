"""`flask content check`: every problem in every content file, without starting the app.

Registered as a Flask CLI plugin (see pyproject.toml) so it runs even while a broken file
keeps the app itself from starting, which is exactly when an editor needs it.
"""

from pathlib import Path

import click

from ..content.library import find_problems
from ..content.readability import readings
from ..i18n.locales import discover_locales
from ..i18n.localize import library_in
from .options import content_dir_option, translations_dir_option


@click.group("content")
def content():
    """Check the case studies and crisis data."""


@content.command("check")
@content_dir_option
@translations_dir_option
def check(content_dir: Path, translations_dir: Path):
    """Validate every content file, print every problem, and measure reading levels."""
    problems, library = find_problems(content_dir)
    for problem in problems.found:
        click.echo(f"{problem}", err=True)
    if library is None:
        raise click.ClickException(f"{len(problems)} problem(s) found; the app will not start.")
    click.echo(
        f"{len(library.case_studies)} case studies, "
        f"{len(library.crisis.countries)} countries of crisis contacts: all valid."
    )
    too_hard = []
    for locale in discover_locales(translations_dir):
        localized, _ = library_in(library, translations_dir, locale)
        for reading in readings(locale, localized):
            click.echo(f"  {reading}")
            if not reading.passes:
                too_hard.append(reading)
    if too_hard:
        raise click.ClickException(f"{len(too_hard)} text(s) above the reading-level limits.")
    click.echo("Reading levels within limits: all good.")
