"""An editor's file can never take the site down without saying why, nor mislead a family.

Each test breaks a copy of the real content as a careless or hostile contributor would and
checks that the problem names the file and the field."""

import os
import threading
from pathlib import Path

import pytest

from app.content import find_problems
from app.content.crisis import iso_country_codes
from app.content.illustration import IllustrationError, inline_svg
from tests.support.content import edit, problems_of

SVG_OPEN = '<svg xmlns="http://www.w3.org/2000/svg" viewBox="0 0 10 10">'


def case_file(content: Path, slug: str = "stopncii") -> Path:
    return content / "case-studies" / f"{slug}.toml"


def problems_within(content: Path, seconds: float = 60) -> list[str]:
    """The problems, found in bounded time: a FIFO or device must never block the check."""
    found: list = []
    worker = threading.Thread(target=lambda: found.append(find_problems(content)), daemon=True)
    worker.start()
    worker.join(seconds)
    assert not worker.is_alive(), "the content check blocked"
    problems, library = found[0]
    assert library is None
    return [str(problem) for problem in problems.found]


# ------------------------------------------------------------------ files


@pytest.mark.parametrize(
    "nesting",
    [
        "x = " + "[" * 50_000 + "]" * 50_000,
        "x = " + "{a = " * 20_000 + "1" + "}" * 20_000,
    ],
)
def test_deeply_nested_data_is_a_problem_naming_the_file(content_copy, nesting):
    path = case_file(content_copy)
    path.write_text(path.read_text(encoding="utf-8") + "\n" + nesting + "\n", encoding="utf-8")
    found = problems_within(content_copy)
    assert any(f"{path}: cannot be read: not valid TOML: nested too deeply" in p for p in found)


def test_moderately_nested_data_where_text_belongs_names_the_field(content_copy):
    edit(case_file(content_copy), 'title = "How', 'title = [[[["How', 1)
    edit(case_file(content_copy), 'over"\n', 'over"]]]]\n', 1)
    assert any(
        "stopncii.toml [title]: must be non-empty text" in p for p in problems_of(content_copy)
    )


def test_a_huge_file_is_refused_unread(content_copy):
    path = case_file(content_copy)
    path.write_text(path.read_text(encoding="utf-8") + "#" * 300_000 + "\n", encoding="utf-8")
    assert any(f"{path}: is larger than 256 KB" in p for p in problems_of(content_copy))


def test_a_folder_named_like_a_case_study_is_refused(content_copy):
    (content_copy / "case-studies" / "folder.toml").mkdir()
    assert any("folder.toml: is not a regular file" in p for p in problems_of(content_copy))


def test_a_fifo_in_place_of_a_case_study_or_its_drawing_never_blocks(content_copy):
    os.mkfifo(content_copy / "case-studies" / "pipe.toml")
    drawing = content_copy / "case-studies" / "stopncii.svg"
    drawing.unlink()
    os.mkfifo(drawing)
    found = problems_within(content_copy)
    assert any("pipe.toml: is not a regular file" in p for p in found)
    assert any("stopncii.svg: is not a regular file" in p for p in found)


def test_a_drawing_linked_to_a_device_is_refused(content_copy):
    drawing = content_copy / "case-studies" / "stopncii.svg"
    drawing.unlink()
    drawing.symlink_to("/dev/zero")
    assert any("stopncii.svg: is not a regular file" in p for p in problems_within(content_copy))


@pytest.mark.parametrize("encoding", ["latin-1", "utf-16"])
def test_a_file_not_in_utf8_is_named(content_copy, encoding):
    path = case_file(content_copy)
    path.write_bytes(path.read_text(encoding="utf-8").replace("adults", "adultés").encode(encoding))
    assert any(f"{path}: is not UTF-8" in p for p in problems_of(content_copy))


def test_binary_garbage_is_a_problem_not_a_traceback(content_copy):
    case_file(content_copy).write_bytes(bytes(range(256)) * 10)
    assert any("stopncii.toml: " in p for p in problems_of(content_copy))


# ------------------------------------------------------------------ invisible characters

INVISIBLE = [
    "\u200b",  # zero-width space
    "\u200c",
    "\u200d",
    "\u200e",  # left-to-right mark
    "\u200f",
    "\u202a",  # left-to-right embedding
    "\u202b",
    "\u202c",
    "\u202d",
    "\u202e",  # right-to-left override
    "\u2066",  # isolates
    "\u2067",
    "\u2068",
    "\u2069",
    "\ufeff",  # byte-order mark
    "\u2060",  # word joiner
    "\u061c",  # Arabic letter mark
    "\x01",
    "\x08",
    "\x1b",
    "\x7f",
    "\x85",  # C1: next line
    "\x9b",  # C1: control sequence introducer
]


def escaped(character: str) -> str:
    """As written in a TOML basic string, where a raw control character is not allowed."""
    return f"\\u{ord(character):04X}"


@pytest.mark.parametrize("character", INVISIBLE)
def test_invisible_and_direction_characters_are_refused_in_every_kind_of_text(
    content_copy, character
):
    code = escaped(character)
    path = case_file(content_copy)
    edit(path, 'title = "How', f'title = "How{code}')
    edit(path, "StopNCII.org opened", f"StopNCII.org{code} opened")
    edit(path, '"Learn which tool', f'"Learn{code} which tool')
    edit(path, 'title = "FAQ"', f'title = "F{code}AQ"')
    contacts = content_copy / "crisis" / "contacts.toml"
    edit(contacts, 'phone_display = "', f'phone_display = "{code}')
    edit(content_copy / "vocabulary.toml", '"Proven tool"', f'"Proven{code} tool"')
    found = problems_of(content_copy)
    u = f"U+{ord(character):04X}"
    for where in (
        "stopncii.toml [title]",
        "stopncii.toml [what_happened.text]",
        "stopncii.toml [takeaway.points[1]]",
        "stopncii.toml [sources[1].title]",
        "contacts.toml [countries.us.contacts[1].phone_display]",
        "vocabulary.toml [kinds.proven-tool]",
    ):
        assert any(where in p and u in p for p in found), (where, found)


def test_ordinary_text_with_tabs_and_line_breaks_passes(library):
    assert library.get("stopncii").what_happened  # the real content, written with line breaks


# ------------------------------------------------------------------ URLs and countries


@pytest.mark.parametrize(
    "url, expected",
    [
        ("https://stopncii.org@evil.example/faq/", "user name or password"),
        ("https://user:pass@stopncii.org/faq/", "user name or password"),
        ("https://stopncii.org:99999/faq/", "full https:// address"),
        ("https://stopncii.org\\\\@evil.example/", "user name or password"),
        ("https://stopncii.org/f aq/", "spaces"),
        ("javascript:alert(1)", "full https:// address"),
        ("//stopncii.org/faq/", "full https:// address"),
    ],
)
def test_source_urls_that_could_lead_elsewhere_are_refused(content_copy, url, expected):
    edit(case_file(content_copy), 'url = "https://stopncii.org/faq/"', f'url = "{url}"')
    found = problems_of(content_copy)
    assert any("stopncii.toml [sources[1].url]" in p and expected in p for p in found), found


@pytest.mark.parametrize("code", ["uk", "eu", "xx", "zz", "usa", "US", "u1"])
def test_a_country_that_is_not_an_iso_code_is_refused(content_copy, code):
    contacts = content_copy / "crisis" / "contacts.toml"
    text = contacts.read_text(encoding="utf-8").replace("countries.gb", f"countries.{code}")
    contacts.write_text(text.replace('ar = "gb"', f'ar = "{code}"'), encoding="utf-8")
    found = problems_of(content_copy)
    assert any(f"contacts.toml [countries.{code}]: unknown country code" in p for p in found)


def test_another_country_is_the_one_key_allowed_beside_iso_codes(content_copy):
    contacts = content_copy / "crisis" / "contacts.toml"
    text = contacts.read_text(encoding="utf-8")
    if "[countries.other]" not in text:
        text += (
            '\n[countries.other]\nname = "Another country"\n\n[[countries.other.contacts]]\n'
            'name = "Take It Down (NCMEC)"\naudience = "under-18"\n'
            'purpose = "Works in every country."\nweb = "https://takeitdown.ncmec.org/"\n'
            'web_display = "TakeItDown.NCMEC.org"\nsource = "https://takeitdown.ncmec.org/faq/"\n'
            "checked = 2026-11-25\n"
        )
        contacts.write_text(text, encoding="utf-8")
    problems, library = find_problems(content_copy)
    assert library is not None, [str(p) for p in problems.found]
    assert "other" in library.crisis.countries
    assert len(iso_country_codes()) == 249


# ------------------------------------------------------------------ drawings


@pytest.mark.parametrize(
    "body, expected",
    [
        ('<rect ONLOAD="x()" width="1" height="1"/>', "ONLOAD="),
        ('<rect OnLoad="x()"/>', "OnLoad="),
        ('<rect onload="x()"/>', "onload="),
        ('<use HREF="https://evil.example/a.svg#x"/>', "HREF="),
        ('<use Href="#a"/>', "Href="),
        (
            '<use xmlns:x="http://www.w3.org/1999/xlink" x:href="https://evil.example/#a"/>',
            "own parts",
        ),
        ('<use href="https://evil.example/a.svg#x"/>', "own parts"),
        ('<use href=" javascript:alert(1)"/>', "own parts"),
        ('<use href="data:image/svg+xml,&lt;svg/&gt;"/>', "own parts"),
        ("<SCRIPT>x()</SCRIPT>", "<SCRIPT>"),
        ("<Script>x()</Script>", "<Script>"),
        ("<script>x()</script>", "<script>"),
        ('<h:script xmlns:h="http://www.w3.org/1999/xhtml">x()</h:script>', "namespace"),
        ('<h:g xmlns:h="http://www.w3.org/1999/xhtml"/>', "namespace"),
        ('<g xmlns="http://www.w3.org/1999/xhtml"/>', "namespace"),
        ("<foreignObject><p>hi</p></foreignObject>", "<foreignObject>"),
        ("<style>rect{fill:red}</style>", "<style>"),
        ('<rect style="fill:red"/>', "style="),
        ('<rect STYLE="fill:red"/>', "STYLE="),
        ('<rect fill="url(https://evil.example/p.svg#g)"/>', "url(#...)"),
        ('<rect fill="URL(//evil.example/p.svg#g)"/>', "url(#...)"),
        ('<rect clip-path="url( #a)"/>', "url(#...)"),
        ('<a href="#x"><rect/></a>', "<a>"),
        ('<image href="#x"/>', "<image>"),
        ('<animate attributeName="href" to="javascript:alert(1)"/>', "<animate>"),
        ('<set attributeName="onload" to="x()"/>', "<set>"),
        ('<rect xmlns:ev="http://www.w3.org/2001/xml-events" ev:event="load"/>', "attribute"),
        ('<rect xml:base="https://evil.example/"/>', "attribute"),
    ],
)
def test_the_drawing_check_is_an_allow_list_in_every_letter_case_and_namespace(body, expected):
    with pytest.raises(IllustrationError) as raised:
        inline_svg(f"{SVG_OPEN}{body}</svg>")
    assert expected in str(raised.value)


@pytest.mark.parametrize(
    "markup",
    [
        '<!doctype svg [<!ENTITY x "y">]>' + SVG_OPEN + "</svg>",
        '<!DOCTYPE svg><svg xmlns="http://www.w3.org/2000/svg" viewBox="0 0 1 1"/>',
        '<SVG xmlns="http://www.w3.org/2000/svg" viewBox="0 0 1 1"/>',
        '<svg viewBox="0 0 1 1"/>',
        '<svg xmlns="http://www.w3.org/2000/svg" VIEWBOX="0 0 1 1"/>',
    ],
)
def test_a_drawing_must_be_plain_svg(markup):
    with pytest.raises(IllustrationError):
        inline_svg(markup)


def test_processing_instructions_and_comments_never_reach_the_page():
    markup = (
        '<?xml-stylesheet href="https://evil.example/s.css"?>'
        f"{SVG_OPEN}<!-- <script>x()</script> --><?pi x?><rect width='1' height='1'/></svg>"
    )
    inlined = inline_svg(markup)
    assert "evil" not in inlined and "<?" not in inlined and "<!--" not in inlined
    assert "<rect" in inlined


def test_internal_references_and_gradients_are_allowed():
    inlined = inline_svg(
        f'{SVG_OPEN}<defs><linearGradient id="g"><stop offset="0" stop-color="#fff"/>'
        '</linearGradient><clipPath id="c"><rect width="5" height="5"/></clipPath></defs>'
        '<rect fill="url(#g)" clip-path="url(#c)" width="10" height="10"/>'
        '<use href="#c"/></svg>'
    )
    assert 'fill="url(#g)"' in inlined


def test_a_bad_drawing_names_the_case_study_file_and_field(content_copy):
    (content_copy / "case-studies" / "stopncii.svg").write_text(
        f'{SVG_OPEN}<rect ONLOAD="x()"/></svg>', encoding="utf-8"
    )
    found = problems_of(content_copy)
    assert any("stopncii.toml [illustration]: stopncii.svg has a ONLOAD=" in p for p in found)


def test_every_problem_of_a_badly_edited_case_study_names_its_field(content_copy):
    path = case_file(content_copy)
    edit(path, 'title = "How', 'title = "\\u202eHow')
    edit(path, '"16-18"', '"sixteen"')
    edit(path, "[1]", "[99]")
    edit(path, 'url = "https://stopncii.org/faq/"', 'url = "https://a@b.example/"')
    edit(path, "checked = 2026-11-25", "checked = 2099-01-01")
    problems, _ = find_problems(content_copy)
    assert len(problems) >= 5
    assert all(problem.field for problem in problems.found), [str(p) for p in problems.found]
