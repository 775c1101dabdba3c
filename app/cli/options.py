"""Options shared by the command-line tools: each defaults to the app's own setting."""

from pathlib import Path

import click

from ..config import settings


def directory_option(name: str, setting: str):
    return click.option(
        name,
        type=click.Path(file_okay=False, path_type=Path),
        default=lambda: settings()[setting],
        show_default=f"the app's {setting}",
    )


content_dir_option = directory_option("--content-dir", "CONTENT_DIR")
translations_dir_option = directory_option("--translations-dir", "TRANSLATIONS_DIR")
