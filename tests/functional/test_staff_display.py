"""What staff see cannot be disguised, and no message id breaks a page: every hidden character in
a family's text is a visible mark (the stored text unchanged), and an id beyond what a database
holds is a 404, on every staff address that takes one."""

import re
import uuid

import pytest

from app.sealing import current_sealer
from tests.support.staff import csrf_of, log_in, only_message

SAME_SITE = {"Sec-Fetch-Site": "same-origin", "Origin": "null"}
DISGUISED = "Call me on\u202e 0987 \u202c today\u200b, or write\u2066 here\u2069\u200f\x07."
MARKS = ("[U+202E]", "[U+202C]", "[U+200B]", "[U+2066]", "[U+2069]", "[U+200F]", "[U+0007]")
HIDDEN = ("\u202e", "\u202c", "\u200b", "\u2066", "\u2069", "\u200f", "\x07")


def marks_in(page: str) -> list[str]:
    return re.findall(
        r'<span class="hidden-char" dir="ltr" title="[^"]+">(\[U\+\w+\])</span>', page
    )


def test_hidden_characters_are_marked_in_the_inbox_message_and_note(db_app, db_client, staff):
    response = db_client.post(
        "/en/contact",
        data={"message": DISGUISED, "reply_to": "parent@example.org"},
        headers={**SAME_SITE, "Idempotency-Key": str(uuid.uuid4())},
    )
    assert response.status_code == 201
    message_id = only_message(db_app).id
    log_in(db_client, staff)
    url = f"/staff/messages/{message_id}"
    token = csrf_of(db_client, url)
    note = "Said to call \u202eback\u202c"
    db_client.post(f"{url}/note", data={"csrf_token": token, "note": note})

    inbox = db_client.get("/staff/").get_data(as_text=True)
    page = db_client.get(url).get_data(as_text=True)
    for shown in (inbox, page):
        # The note's own text box keeps the note exactly as stored, to edit; all else is marked.
        shown = re.sub(r"<textarea[^>]*>.*?</textarea>", "", shown, flags=re.S)
        assert not any(char in shown for char in HIDDEN)
        assert 'style="' not in shown  # the marks are styled from static/, as the CSP requires
    assert marks_in(inbox) == list(MARKS)
    assert marks_in(page) == [*MARKS, "[U+202E]", "[U+202C]"]  # the message, then the note
    assert 'title="RIGHT-TO-LEFT OVERRIDE"' in page
    with db_app.app_context():
        assert current_sealer().open(only_message(db_app).body) == DISGUISED


def test_the_marks_are_styled_by_the_stylesheet(db_client, staff):
    log_in(db_client, staff)
    page = db_client.get("/staff/").get_data(as_text=True)
    stylesheets = re.findall(r'<link rel="stylesheet" href="([^"]+)"', page)
    assert len(stylesheets) == 2  # every page's, and the one of the pages with forms
    rules = "".join(db_client.get(url).get_data(as_text=True) for url in stylesheets)
    assert ".hidden-char{" in rules.replace(" ", "")


# Past PostgreSQL's integer (2**31 - 1), past SQLite's (2**63 - 1), and 30 digits.
TOO_LARGE = [str(2**31), str(2**40), str(2**63 - 1), str(2**63), "1" + "0" * 29]


@pytest.mark.parametrize("message_id", [*TOO_LARGE, str(2**31 - 1)])
def test_a_message_id_beyond_any_message_is_a_404_on_every_staff_address(
    db_client, staff, message_id
):
    log_in(db_client, staff)
    token = csrf_of(db_client, "/staff/")
    url = f"/staff/messages/{message_id}"
    assert db_client.get(url).status_code == 404
    for action, field in (("status", {"status": "closed"}), ("note", {"note": "x"})):
        assert (
            db_client.post(f"{url}/{action}", data={"csrf_token": token, **field}).status_code
            == 404
        )
    assert (
        db_client.post(f"{url}/reply", data={"csrf_token": token, "reply": "x"}).status_code == 404
    )
