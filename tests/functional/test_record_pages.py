"""The record page and its blank paper form render in every language and mode, are stored and
saved offline like every page, and are linked from the crisis page, the checklists and the
footer. What the family writes is the browser's (tests/browser/test_record.py)."""

from html.parser import HTMLParser

import pytest

from app.delivery.recipe import pages_to_store

LOCALES = ("en", "es", "ar")
MODES = ("", "plain/")
PARTS = ("accounts", "timeline", "payments", "reports")


class Fields(HTMLParser):
    """The ids of the inputs, textareas and selects, the label targets, and any field's name."""

    def __init__(self):
        super().__init__()
        self.fields, self.labelled, self.named = [], set(), []

    def handle_starttag(self, tag, attrs):
        attrs = dict(attrs)
        if tag in ("input", "textarea", "select"):
            self.fields.append(attrs.get("id"))
            if attrs.get("name"):
                self.named.append(attrs["name"])
        if tag == "label" and attrs.get("for"):
            self.labelled.add(attrs["for"])


@pytest.mark.parametrize("mode", MODES)
@pytest.mark.parametrize("locale", LOCALES)
def test_the_record_page_renders_every_part_with_every_field_labelled(client, locale, mode):
    response = client.get(f"/{locale}/{mode}record")
    assert response.status_code == 200
    html = response.get_data(as_text=True)
    for part in PARTS:
        assert f'data-entry-form="{part}"' in html and f'data-entries="{part}"' in html
    fields = Fields()
    fields.feed(html)
    assert len(fields.fields) > 20
    assert set(fields.fields) <= fields.labelled, set(fields.fields) - fields.labelled
    # No field has a name: a form the script did not catch would carry nothing away.
    assert [name for name in fields.named if name != "locale"] == []
    assert 'type="file"' not in html
    assert f'href="/{locale}/{mode}record/blank"' in html
    assert f'href="/{locale}/{mode}case-studies/already-paid"' in html
    assert "js/record-store.js" in html and "js/record.js" in html


@pytest.mark.parametrize("mode", MODES)
@pytest.mark.parametrize("locale", LOCALES)
def test_the_blank_form_renders_every_part_without_a_field(client, locale, mode):
    response = client.get(f"/{locale}/{mode}record/blank")
    assert response.status_code == 200
    html = response.get_data(as_text=True)
    assert html.count('class="blank-part"') == len(PARTS)
    assert html.count('class="blank-entry"') == 3 + 5 + 2 + 4
    assert "<input" not in html.split("<main", 1)[1].split("</main>", 1)[0]


def test_every_language_translates_the_record(client):
    english = client.get("/en/record").get_data(as_text=True)
    for locale in ("es", "ar"):
        html = client.get(f"/{locale}/record").get_data(as_text=True)
        for phrase in (
            "Never save, copy or forward the picture",
            "Lock with a passphrase",
            "Delete the record",
            "Accounts involved",
            "cannot be opened or recovered",
        ):
            assert phrase in english
            assert phrase not in html, (locale, phrase)


def test_the_record_pages_are_stored_and_saved_offline(app):
    stored = pages_to_store(app)
    for locale in LOCALES:
        for mode in MODES:
            assert f"/{locale}/{mode}record" in stored
            assert f"/{locale}/{mode}record/blank" in stored


@pytest.mark.parametrize(
    "page",
    [
        "/en/crisis",
        "/ar/crisis?country=gb",
        "/es/start/under-18/es/threatened",
        "/en/about",
        "/ar/plain/start/18-and-over/eg/shared",
    ],
)
def test_the_record_is_linked_from_the_crisis_page_the_checklists_and_the_footer(client, page):
    html = client.get(page).get_data(as_text=True)
    locale = page.split("/")[1]
    plain = "plain/" if "/plain/" in page else ""
    expected = f'href="/{locale}/{plain}record"'
    where = 2 if "crisis" in page or "start" in page else 1  # the page itself, and the footer
    assert html.count(expected) == where, page
