"""`flask content check`: every problem in every content file, without starting the app.

Registered as a Flask CLI plugin (see pyproject.toml) so it runs even while a broken file
keeps the app itself from starting, which is exactly when an editor needs it.
"""

from pathlib import Path

import click

from .content import find_problems

PROJECT_ROOT = Path(__file__).resolve().parent.parent


@click.group("content")
def content():
    """Check the case studies and crisis data."""


@content.command("check")
@click.option("--content-dir", type=click.Path(file_okay=False, path_type=Path),
              default=PROJECT_ROOT / "content", show_default=True)
def check(content_dir: Path):
    """Validate every content file and print every problem found."""
    problems, library = find_problems(content_dir)
    for problem in problems.found:
        click.echo(f"{problem}", err=True)
    if library is None:
        raise click.ClickException(f"{len(problems)} problem(s) found; the app will not start.")
    click.echo(f"{len(library.case_studies)} case studies, "
               f"{len(library.crisis.countries)} countries of crisis contacts: all good.")
