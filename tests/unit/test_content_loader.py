"""A broken content file stops start-up with a message naming the file, field and fault."""

import re
import subprocess
import sys
from pathlib import Path

import pytest

from app import create_app
from app.content import load_library
from app.content.problems import ContentError
from tests.support.apps import ROOT, flask, test_config, test_folders
from tests.support.content import edit, problems_of


def drop_table(path: Path, header: str) -> None:
    """Remove a [table] and its keys from a TOML file."""
    text = path.read_text(encoding="utf-8")
    pattern = re.compile(rf"^\[{re.escape(header)}\]\n(?:(?!^\[).*\n?)*", re.MULTILINE)
    assert pattern.search(text), f"[{header}] not in {path.name}"
    path.write_text(pattern.sub("", text, count=1), encoding="utf-8")


def test_real_content_is_valid(library):
    assert len(library.case_studies) >= 6
    for case in library.case_studies:
        assert len(case.sources) >= 2, case.slug
        assert case.plain.steps and case.plain.paragraphs, case.slug


def test_missing_section(content_copy):
    drop_table(content_copy / "case-studies" / "stopncii.toml", "bigger_picture")
    assert any(
        "stopncii.toml [bigger_picture.text]: missing" in p for p in problems_of(content_copy)
    )


def test_unknown_tag(content_copy):
    edit(content_copy / "case-studies" / "stopncii.toml", '"16-18"', '"sixteen"')
    assert any(
        "stopncii.toml [relevant_to.age_bands]: unknown tag 'sixteen'" in p
        for p in problems_of(content_copy)
    )


def test_source_without_url(content_copy):
    path = content_copy / "case-studies" / "take-it-down.toml"
    text = path.read_text(encoding="utf-8")
    path.write_text(
        re.sub(r'^url = ".*"\n', "", text, count=1, flags=re.MULTILINE), encoding="utf-8"
    )
    assert any(
        "take-it-down.toml [sources[1].url]: missing" in p for p in problems_of(content_copy)
    )


def test_source_url_must_be_https_without_tracking(content_copy):
    path = content_copy / "case-studies" / "take-it-down.toml"
    text = path.read_text(encoding="utf-8")
    text = re.sub(r'^url = "https://', 'url = "http://', text, count=1, flags=re.MULTILINE)
    text = re.sub(
        r'^(url = "https://[^"?]*)"', r'\1?utm_source=x"', text, count=1, flags=re.MULTILINE
    )
    path.write_text(text, encoding="utf-8")
    found = problems_of(content_copy)
    assert any("[sources[1].url]: bad URL" in p for p in found)
    assert any("tracking parameter" in p for p in found)


def test_duplicate_slug(content_copy):
    nested = content_copy / "case-studies" / "again"
    nested.mkdir()
    for suffix in (".toml", ".svg"):
        source = content_copy / "case-studies" / f"stopncii{suffix}"
        (nested / f"stopncii{suffix}").write_bytes(source.read_bytes())
    assert any("duplicate slug 'stopncii'" in p for p in problems_of(content_copy))


@pytest.mark.parametrize(
    "old, new, expected",
    [
        ("published = 2026-11-25", 'published = "last week"', "[published]: bad date 'last week'"),
        (
            "updated = 2026-11-25",
            "updated = 2099-01-01",
            "[updated]: bad date 2099-01-01: it is in the future",
        ),
        (
            "updated = 2026-11-25",
            "updated = 2026-11-01",
            "[updated]: bad date: updated 2026-11-01 is before",
        ),
    ],
)
def test_bad_dates(content_copy, old, new, expected):
    edit(content_copy / "case-studies" / "stopncii.toml", old, new)
    assert any(expected in p for p in problems_of(content_copy))


def test_the_first_hour_leads_then_the_ordered_guides_then_the_newest(library):
    cases = library.case_studies
    assert cases[0].slug == "first-hour"
    leading = [case.order for case in cases if case.order]
    assert leading == list(range(1, len(leading) + 1)) and len(leading) > 1
    rest = [case.updated for case in cases[len(leading) :]]
    assert rest == sorted(rest, reverse=True)


@pytest.mark.parametrize(
    ("new", "expected"),
    [
        ('order = "1"', "stopncii.toml [order]: bad position '1': write a whole number"),
        ("order = 0", "stopncii.toml [order]: bad position 0"),
        ("order = true", "stopncii.toml [order]: bad position True"),
        ("order = 1", "stopncii.toml [order]: position 1 is also first-hour.toml's"),
    ],
)
def test_bad_library_order(content_copy, new, expected):
    edit(
        content_copy / "case-studies" / "stopncii.toml",
        'kind = "proven-tool"',
        new + '\nkind = "proven-tool"',
    )
    assert any(expected in p for p in problems_of(content_copy))


def test_toml_syntax_error_names_the_line(content_copy):
    edit(content_copy / "case-studies" / "cybertipline.toml", "title = ", "title = = ")
    found = problems_of(content_copy)
    assert any("cybertipline.toml: cannot be read" in p and "line" in p for p in found)


def test_citation_beyond_the_sources(content_copy):
    edit(content_copy / "case-studies" / "stopncii.toml", "[1]", "[99]")
    assert any("cites source [99]" in p for p in problems_of(content_copy))


@pytest.mark.parametrize(
    ("anchor", "field"),
    [
        ('summary = "', "summary"),
        ('{ speaker = "parent", line = "', "right_move.dialogue."),
        ('alt = "', "illustration.alt"),
    ],
)
def test_a_citation_is_checked_in_every_field_that_renders_it(content_copy, anchor, field):
    """Every text goes through the citation filter on the page, so every text is checked,
    and the problem names the field."""
    edit(content_copy / "case-studies" / "stopncii.toml", anchor, f"{anchor}[99] ")
    found = problems_of(content_copy)
    assert any(f"[{field}" in p and "cites source [99]" in p for p in found), found


def test_unknown_field_is_reported_as_a_typo(content_copy):
    edit(content_copy / "case-studies" / "stopncii.toml", "summary =", "sumary =")
    found = problems_of(content_copy)
    assert any("[sumary]: unknown field" in p for p in found)
    assert any("[summary]: missing" in p for p in found)


@pytest.mark.parametrize(
    "svg, expected",
    [
        (
            '<svg xmlns="http://www.w3.org/2000/svg" viewBox="0 0 1 1">'
            "<script>alert(1)</script></svg>",
            "<script>",
        ),
        (
            '<svg xmlns="http://www.w3.org/2000/svg" viewBox="0 0 1 1" onload="x()"></svg>',
            "onload=",
        ),
        (
            '<svg xmlns="http://www.w3.org/2000/svg" viewBox="0 0 1 1"><use href="https://e.example/a.svg#x"/></svg>',
            "href",
        ),
        ('<svg xmlns="http://www.w3.org/2000/svg"><path d="M0 0"/></svg>', "viewBox"),
        ("<svg", "not well-formed"),
    ],
)
def test_unsafe_or_broken_illustration(content_copy, svg, expected):
    (content_copy / "case-studies" / "stopncii.svg").write_text(svg, encoding="utf-8")
    assert any("stopncii.svg" in p and expected in p for p in problems_of(content_copy))


def test_missing_illustration(content_copy):
    (content_copy / "case-studies" / "stopncii.svg").unlink()
    assert any("missing drawing: expected stopncii.svg" in p for p in problems_of(content_copy))


def test_crisis_contact_problems(content_copy):
    path = content_copy / "crisis" / "contacts.toml"
    text = path.read_text(encoding="utf-8")
    text = re.sub(r'^source = ".*"\n', "", text, count=1, flags=re.MULTILINE)
    text = re.sub(r'^phone = "[^"]*"', 'phone = "call us"', text, count=1, flags=re.MULTILINE)
    text = re.sub(
        r'^audience = "[^"]*"', 'audience = "everyone"', text, count=1, flags=re.MULTILINE
    )
    path.write_text(text, encoding="utf-8")
    found = problems_of(content_copy)
    assert any("contacts.toml" in p and ".source]: missing" in p for p in found)
    assert any("bad number 'call us'" in p for p in found)
    assert any("unknown audience 'everyone'" in p for p in found)


def test_services_for_other_countries_name_listed_countries_and_known_kinds(content_copy):
    edit(
        content_copy / "case-studies" / "already-paid.toml",
        'steps_name = ["us"]',
        'steps_name = ["us", "zz"]',
    )
    edit(
        content_copy / "case-studies" / "cybertipline.toml",
        'kinds = ["report"]',
        'kinds = ["reports"]',
    )
    found = problems_of(content_copy)
    assert any(
        "already-paid.toml [for_other_countries.steps_name]: 'zz' is not a country" in p
        for p in found
    )
    assert any(
        "cybertipline.toml [for_other_countries.kinds[1]]: unknown kind 'reports'" in p
        for p in found
    )


def test_an_emergency_note_needs_an_emergency_number(content_copy):
    path = content_copy / "crisis" / "contacts.toml"
    edit(path, 'name = "Another country"', 'name = "Another country"\nemergency_note = "Call 112."')
    assert any(
        "[countries.other.emergency_note]: a note on an emergency number" in p
        for p in problems_of(content_copy)
    )


def test_every_problem_is_reported_not_just_the_first(content_copy):
    edit(content_copy / "case-studies" / "stopncii.toml", '"16-18"', '"sixteen"')
    edit(content_copy / "case-studies" / "take-it-down.toml", "[1]", "[42]")
    (content_copy / "case-studies" / "report-remove.svg").unlink()
    found = problems_of(content_copy)
    assert len(found) >= 3
    assert {"stopncii.toml", "take-it-down.toml", "report-remove.toml"} <= {
        name for p in found for name in re.findall(r"[\w-]+\.toml", p)
    }


def test_broken_content_stops_start_up_naming_file_and_field(content_copy):
    edit(content_copy / "case-studies" / "stopncii.toml", '"16-18"', '"sixteen"')
    with pytest.raises(ContentError) as raised:
        create_app(test_config(CONTENT_DIR=content_copy))
    assert "stopncii.toml [relevant_to.age_bands]: unknown tag 'sixteen'" in str(raised.value)


def test_nothing_is_served_from_a_half_loaded_library(content_copy):
    edit(content_copy / "case-studies" / "stopncii.toml", '"16-18"', '"sixteen"')
    with pytest.raises(ContentError):
        load_library(content_copy)


def test_content_check_command_lists_every_problem(content_copy):
    edit(content_copy / "case-studies" / "stopncii.toml", '"16-18"', '"sixteen"')
    edit(content_copy / "case-studies" / "take-it-down.toml", "[1]", "[42]")
    result = flask("content", "check", "--content-dir", str(content_copy))
    assert result.returncode == 1
    assert "unknown tag 'sixteen'" in result.stderr
    assert "cites source [42]" in result.stderr
    assert "Traceback" not in result.stderr + result.stdout


def test_content_check_command_passes_on_good_content():
    result = flask("content", "check")
    assert result.returncode == 0, result.stderr
    assert "all good" in result.stdout


def test_flask_run_with_broken_content_explains_without_a_traceback(content_copy):
    edit(content_copy / "case-studies" / "stopncii.toml", '"16-18"', '"sixteen"')
    result = subprocess.run(
        [sys.executable, "-m", "flask", "--app", "app", "run", "--port", "5999"],
        capture_output=True,
        text=True,
        timeout=60,
        cwd=ROOT,
        env={"FLASK_CONTENT_DIR": str(content_copy), "PATH": "/usr/bin:/bin", **test_folders()},
    )
    assert result.returncode != 0
    assert "unknown tag 'sixteen'" in result.stderr
    assert "Traceback" not in result.stderr
