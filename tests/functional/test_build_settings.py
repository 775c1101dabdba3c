"""A build is named by every setting its pages print, and lives in the app's own instance
folder: a changed setting is a new build, never a page that says the old value."""

import pytest
from flask import Config

from app.config import load_config
from app.delivery import build
from app.delivery.build import (
    SETTINGS_IN_PAGES,
    UnlistedSetting,
    fingerprint,
    open_or_build,
    settings_read,
)


@pytest.mark.parametrize(
    ("setting", "value"),
    [
        ("CONTACT_RETENTION_DAYS", 30),
        ("CONTACT_ANSWER_DAYS", 7),
        ("CONTACT_MAX_CHARS", 2000),
        ("SITE_URL", "https://help.example.org"),
    ],
)
def test_a_setting_a_page_prints_changes_the_build(app, setting, value):
    changed = app.config.copy()
    changed[setting] = value
    assert fingerprint(app.config) != fingerprint(changed)


def test_the_contact_form_prints_the_settings_it_reads(app):
    # Rendered once into the build: each of these must be in the fingerprint. Rendered here by
    # Flask itself, as the build does (a client would meet the stored page in front of it).
    with settings_read(app.config) as read, app.test_request_context("/en/contact"):
        html = app.full_dispatch_request().get_data(as_text=True)
    assert {"CONTACT_MAX_CHARS", "CONTACT_RETENTION_DAYS"} <= read
    assert str(app.config["CONTACT_RETENTION_DAYS"]) in html
    assert not hasattr(app.config, "read")  # the app's settings are restored as they were


def test_a_page_reading_an_unlisted_setting_stops_the_build(app, tmp_path, monkeypatch):
    unlisted = tuple(s for s in SETTINGS_IN_PAGES if s != "CONTACT_RETENTION_DAYS")
    monkeypatch.setattr(build, "SETTINGS_IN_PAGES", unlisted)
    monkeypatch.setitem(app.config, "BUILD_DIR", tmp_path / "builds")

    def write_contact_page(writer):
        with app.test_request_context("/en/contact"):
            app.full_dispatch_request()

    with pytest.raises(UnlistedSetting, match="CONTACT_RETENTION_DAYS"):
        open_or_build(app, write_contact_page)
    assert not [p for p in (tmp_path / "builds").iterdir() if not p.name.startswith(".")]


def test_builds_and_settings_come_from_the_instance_folder_the_app_is_given(tmp_path):
    (tmp_path / "config.py").write_text("CONTACT_RETENTION_DAYS = 30\n")
    config = load_config(Config(str(tmp_path)), {"INSTANCE_DIR": tmp_path})
    assert config["BUILD_DIR"] == tmp_path / "build"
    assert config["CONTACT_RETENTION_DAYS"] == 30  # its config.py, not the developer's
