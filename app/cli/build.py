"""`flask build`: the site rendered once, before a server starts; `flask export DIR`: the public
site as plain files, for any web server or CDN to serve.

The files are the build's own (app/delivery/build.py), so the export and the running app serve
the very same bytes. deploy/nginx/steady.conf serves such a folder with the app's headers and
sends everything else (forms, a filtered library, an address nothing answers) to the app.
"""

import shutil
import time
from pathlib import Path

import click

from ..content import ContentError
from ..parts import parts


@click.command("build")
def build() -> None:
    """Render every page into the build folder, unless this content and code are built already.

    `make run` and `make serve` do this first, so no worker pays for it at start-up."""
    from .. import create_app  # here: building the app reads files, never at import

    started = time.perf_counter()
    try:
        made = parts(create_app()).build
    except ContentError as error:
        raise click.ClickException(f"nothing was built or changed:\n{error}") from None
    seconds = time.perf_counter() - started
    click.echo(f"{made.folder}: {len(made.entries)} pages and files ready in {seconds:.1f} s")


@click.command("export")
@click.argument("target", type=click.Path(file_okay=False, path_type=Path))
@click.option("--replace", is_flag=True, help="Empty TARGET first if it holds files.")
def export(target: Path, replace: bool) -> None:
    """Write every stored page, asset, manifest and the worker into TARGET."""
    from .. import create_app  # here: building the app reads files, never at import

    if target.exists() and any(target.iterdir()):
        if not replace:
            # A file left from an earlier export would be served as if it were current.
            raise click.UsageError(f"{target} is not empty: choose an empty folder or --replace")
        shutil.rmtree(target)
    build = parts(create_app()).build
    shutil.copytree(build.public, target, dirs_exist_ok=True)
    click.echo(f"exported {len(build.entries)} pages and files, and the assets, to {target}")
