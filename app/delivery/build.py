"""The site built once into a folder on disk, and every worker serving from it.

A build holds every page that is the same for every visitor, the assets, the worker script and
its precache lists, as files laid out by their URLs (public/, exactly what `flask export`
copies out for a web server), plus build.json: for each URL its file, type and hash, and what
the app alone needs (error pages, the pieces of the library page, translation problems).
The pages of the errors a web server answers itself are under public/ as well, exported with it.

A build is named by a fingerprint of everything it is made from (content, catalogues,
templates, code, static files, worker, settings). A worker whose build exists opens it in a few
milliseconds and never loads the library; otherwise the library is loaded and checked first (a
broken content file stops start-up, naming file and field, before anything is written), then
every page is rendered through the app's own views, written, and moved into place in one
rename, so a build is either complete or absent. Workers starting together take turns on a
lock, so only the first one renders.
"""

import fcntl
import hashlib
import json
import os
import shutil
import time
from collections.abc import Iterator
from contextlib import contextmanager
from dataclasses import dataclass
from pathlib import Path

from flask import Config, Flask

from ..config import PATH_SETTINGS, PROJECT_ROOT
from ..web.stored import CODINGS, Stored, StoredFile

# Raised whenever the layout of a build or its compressed forms change, so no worker opens a
# build it cannot read and no build reuses forms made another way (compressed_before).
BUILD_FORMAT = "4"
INDEX = "build.json"
PUBLIC = "public"
# Our page for each error a web server in front of the app answers itself, under public/ so
# that `flask export` writes them (see server_error_file). A name starting with a dot, as
# deploy/nginx/steady.conf serves none of those to a visitor: only as an error's answer.
SERVER_ERRORS_FOLDER = ".errors"
# A build nobody has opened for this long is deleted when another is made.
KEEP_UNUSED_SECONDS = 7 * 24 * 3600
# Settings that change what a stored page says: the fingerprint covers their values. Paths are
# covered by what is read from them. The build records every setting read while it renders
# and refuses one in neither list (UnlistedSetting), so this list cannot fall behind a page.
SETTINGS_IN_PAGES = (
    "SITE_URL",
    "THEME_COLOUR",
    "BACKGROUND_COLOUR",
    "LOCALES",  # derived from the catalogues, which the fingerprint covers; listed all the same
    "CONTACT_MAX_CHARS",
    "CONTACT_ANSWER_DAYS",
    "CONTACT_RETENTION_DAYS",
    "APPLICATION_ROOT",
    "PREFERRED_URL_SCHEME",
    "SERVER_NAME",
)
# Read while pages render, but they say nothing in a page: where files are (the fingerprint
# covers what is read from them), how Flask handles errors and requests, and settings of
# dynamic pages that the build asks for with the test client.
SETTINGS_NOT_IN_PAGES = frozenset(
    (
        *PATH_SETTINGS,
        "BABEL_TRANSLATION_DIRECTORIES",
        "DEBUG",
        "TESTING",
        "PROPAGATE_EXCEPTIONS",
        "TRAP_HTTP_EXCEPTIONS",
        "TRAP_BAD_REQUEST_ERRORS",
        "MAX_CONTENT_LENGTH",
        "MAX_FORM_MEMORY_SIZE",
        "MAX_FORM_PARTS",
        "TEMPLATES_AUTO_RELOAD",
        "EXPLAIN_TEMPLATE_LOADING",
        "MAX_COOKIE_SIZE",
        "PROVIDE_AUTOMATIC_OPTIONS",
        "SECRET_KEY",
        "SECRET_KEY_FALLBACKS",
        "SESSION_COOKIE_NAME",
        "SESSION_COOKIE_DOMAIN",
        "SESSION_COOKIE_PATH",
        "SESSION_COOKIE_HTTPONLY",
        "SESSION_COOKIE_SECURE",
        "SESSION_COOKIE_PARTITIONED",
        "SESSION_COOKIE_SAMESITE",
        "SESSION_REFRESH_EACH_REQUEST",
        "PERMANENT_SESSION_LIFETIME",
        "TRUSTED_HOSTS",
        "USE_X_SENDFILE",
        "SEND_FILE_MAX_AGE_DEFAULT",
    )
)
# One `name=value` of safe characters: the only queries a stored URL may carry, so a query
# becomes part of a file name without any way to climb out of the folder (see public_file).
STORED_QUERY_CHARS = frozenset("abcdefghijklmnopqrstuvwxyzABCDEFGHIJKLMNOPQRSTUVWXYZ0123456789_-")


class UnlistedSetting(RuntimeError):
    """A page read a setting the fingerprint does not cover: a change to it would leave every
    worker serving pages that say the old value."""


class RecordingConfig(Config):
    """The app's settings, noting every name read (the build's own check, see open_or_build)."""

    def __getitem__(self, name):
        self.__dict__.setdefault("read", set()).add(name)
        return super().__getitem__(name)

    def get(self, name, default=None):
        self.__dict__.setdefault("read", set()).add(name)
        return super().get(name, default)


@contextmanager
def settings_read(config: Config) -> Iterator[set[str]]:
    """The names of the settings read inside the block. The app's own settings object is
    watched in place (templates hold it as `config`), and restored as it was after."""
    kind = config.__class__
    config.__class__ = RecordingConfig
    read = config.__dict__["read"] = set()
    try:
        yield read
    finally:
        config.__class__ = kind
        del config.__dict__["read"]


def input_files(config: Config) -> Iterator[tuple[str, Path]]:
    """Every file a build is made from, with a name that does not depend on where it lives."""
    folders = {
        "content": config["CONTENT_DIR"],
        "translations": config["TRANSLATIONS_DIR"],
        "static": config["STATIC_DIR"],
        "worker": config["SERVICE_WORKER_DIR"],
        "app": PROJECT_ROOT / "app",
    }
    for role, folder in folders.items():
        for path in sorted(folder.rglob("*")):
            if path.is_file() and "__pycache__" not in path.parts:
                yield f"{role}/{path.relative_to(folder).as_posix()}", path


def fingerprint(config: Config) -> str:
    """The name of the build made from these settings and the files they point at."""
    digest = hashlib.sha256(BUILD_FORMAT.encode())
    settings = {name: str(config.get(name)) for name in SETTINGS_IN_PAGES}
    digest.update(json.dumps(settings, sort_keys=True).encode())
    for name, path in input_files(config):
        digest.update(f"\0{name}\0".encode())
        digest.update(path.read_bytes())
    return digest.hexdigest()[:20]


def page_key(path: str, query: str) -> str:
    """The key of a stored page: its path, and its one stored query if it has one."""
    return f"{path}?{query}" if query else path


def url_key(url: str) -> str:
    """The key of a stored page by its address ("/en/crisis?country=gb")."""
    path, _, query = url.partition("?")
    return page_key(path, query)


def library_page_name(locale: str, plain: bool) -> str:
    """The library page's pieces of one language and mode are kept under this name."""
    return f"{locale}-{'plain' if plain else 'full'}"


def public_file(url: str, content_type: str) -> str:
    """Where a URL's bytes live under public/: what a plain web server maps the URL to.

    A page is `<path>.html`, a folder's page `<path>index.html`, and a page with a stored query
    `<path>@<name>=<value>.html`; anything else keeps its own name (/sw.js, a manifest)."""
    path, _, query = url.partition("?")
    if not path.startswith("/") or ".." in path.split("/"):
        raise ValueError(f"{url}: not a path a build can hold")
    name = path.lstrip("/")
    if not content_type.startswith("text/html"):
        if query or not name or name.endswith("/"):
            raise ValueError(f"{url}: only pages may have a query or end with a slash")
        return name
    if name.endswith("/") or not name:
        name += "index"
    if query:
        key, _, value = query.partition("=")
        if not key or not value or not set(key + value) <= STORED_QUERY_CHARS:
            raise ValueError(f"{url}: a stored query is one name=value of letters and digits")
        name += f"@{key}={value}"
    return name + ".html"


def server_error_file(code: int, locale: str | None = None) -> str:
    """Where the page for an error the web server answers is, under public/: in one language,
    `.errors/<locale>/<code>.html`, or for an address in none, `.errors/<code>.html` (the
    source language's), so the server needs to know no language by name."""
    return f"{SERVER_ERRORS_FOLDER}/{f'{locale}/' if locale else ''}{code}.html"


@dataclass(frozen=True)
class Entry:
    """One URL of the build: its file under public/, how it is sent, and its hash."""

    file: str
    content_type: str
    etag: str
    codings: tuple[str, ...]  # the compressed forms beside the file (Stored.codings)
    cache_control: str = "no-cache"

    @classmethod
    def from_index(cls, fields: dict) -> "Entry":
        return cls(**{**fields, "codings": tuple(fields["codings"])})

    def stored(self, public: Path) -> StoredFile:
        return StoredFile(public / self.file, self.content_type, self.etag, self.codings)


class BuildWriter:
    """Writes a build into a folder of its own, which is moved into place when complete.

    `compressed_before` finds a page that an earlier build holds, by its hash: compressing a
    page takes longer than rendering it, and after a change to one file most pages are the
    same bytes as before."""

    def __init__(self, folder: Path, compressed_before=None):
        self.folder = folder
        self.public = folder / PUBLIC
        self.entries: dict[str, Entry] = {}
        self.extra: dict = {}
        self.compressed_before = compressed_before or (lambda etag: None)

    def add(self, url: str, stored: Stored, cache_control: str = "no-cache") -> Entry:
        file = public_file(url, stored.content_type)
        self.write(file, stored)
        entry = Entry(file, stored.content_type, stored.etag, stored.codings, cache_control)
        self.entries[url] = entry
        return entry

    def add_private(self, name: str, stored: Stored) -> Entry:
        """Bytes only the app serves (an error page): outside public/, never exported."""
        file = f"../app/{name}"
        self.write(file, stored)
        return Entry(file, stored.content_type, stored.etag, stored.codings)

    def write(self, file: str, stored: Stored) -> None:
        path = (self.public / file).resolve()
        path.parent.mkdir(parents=True, exist_ok=True)
        path.write_bytes(stored.body)
        for coding, form in stored.compressed.items():
            path.with_name(f"{path.name}.{CODINGS[coding][1]}").write_bytes(form)

    def finish(self) -> None:
        index = {
            "format": BUILD_FORMAT,
            "entries": {url: entry.__dict__ for url, entry in self.entries.items()},
            **self.extra,
        }
        (self.folder / INDEX).write_text(json.dumps(index, ensure_ascii=False), encoding="utf-8")


class Build:
    """A complete build, opened for serving: the index in memory, the bytes on disk."""

    def __init__(self, folder: Path):
        self.folder = folder
        self.public = folder / PUBLIC
        index = json.loads((folder / INDEX).read_text(encoding="utf-8"))
        self.index = index
        self.entries = {url: Entry.from_index(fields) for url, fields in index["entries"].items()}

    def stored(self, url: str) -> StoredFile | None:
        entry = self.entries.get(url)
        return entry.stored(self.public) if entry else None

    def entry_stored(self, fields: dict) -> StoredFile:
        return Entry.from_index(fields).stored(self.public)


def open_or_build(app: Flask, write) -> Build:
    """The build for the app as it is now, made by `write(BuildWriter)` if there is none."""
    builds = app.config["BUILD_DIR"]
    builds.mkdir(parents=True, exist_ok=True)
    folder = builds / fingerprint(app.config)
    with open(builds / ".lock", "w") as lock:
        # Workers starting together: the first renders, the others wait and open its build.
        fcntl.flock(lock, fcntl.LOCK_EX)
        if not (folder / INDEX).exists():
            making = builds / f".making-{folder.name}-{os.getpid()}"
            shutil.rmtree(making, ignore_errors=True)
            writer = BuildWriter(making, compressed_before(builds))
            try:
                with settings_read(app.config) as read:
                    write(writer)
                unlisted = read - set(SETTINGS_IN_PAGES) - SETTINGS_NOT_IN_PAGES
                if unlisted:
                    raise UnlistedSetting(
                        f"pages read {', '.join(sorted(unlisted))}: add each to "
                        "SETTINGS_IN_PAGES (app/delivery/build.py) if it changes what a page "
                        "says, else to SETTINGS_NOT_IN_PAGES"
                    )
                writer.finish()
                making.rename(folder)
            finally:
                shutil.rmtree(making, ignore_errors=True)
            delete_unused_builds(builds, keep=folder)
        os.utime(folder)  # in use: see delete_unused_builds
    return Build(folder)


def compressed_before(builds: Path):
    """A lookup of the pages the complete builds in `builds` hold, of this format, by their
    hash: (etag) -> StoredFile or None."""
    found = {}
    for folder in sorted(builds.iterdir(), key=lambda folder: folder.stat().st_mtime):
        try:
            index = json.loads((folder / INDEX).read_text(encoding="utf-8"))
        except (OSError, ValueError):  # not a build, or not a complete one
            continue
        if index.get("format") == BUILD_FORMAT:
            public = folder / PUBLIC
            for fields in index["entries"].values():
                found[fields["etag"]] = Entry.from_index(fields).stored(public)
    return found.get


def delete_unused_builds(builds: Path, keep: Path) -> None:
    """Delete builds nobody has opened for a week: a worker of the previous version may still
    be serving from its build while a new one starts, so a build is never deleted on sight."""
    cutoff = time.time() - KEEP_UNUSED_SECONDS
    for folder in builds.iterdir():
        if folder != keep and folder.is_dir() and folder.stat().st_mtime < cutoff:
            shutil.rmtree(folder, ignore_errors=True)
