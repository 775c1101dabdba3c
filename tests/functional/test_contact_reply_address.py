"""The reply address a family leaves is one plain address, the one staff will see and answer:
a list, a name in angle brackets, a comment, a quoted or encoded local part, a space or a hidden
character is a 400 saying what to change, in the family's language; an international address is
taken as it was written."""

import random
import uuid

import pytest
from flask_babel import force_locale, gettext
from sqlalchemy import func, select

from app import db
from app.contact.model import ContactMessage
from app.sealing import current_sealer
from tests.support.staff import only_message

SAME_SITE = {"Sec-Fetch-Site": "same-origin", "Origin": "null"}

LIST = "Enter only one email address, like name@example.com, with no commas or semicolons"
DISPLAY_NAME = (
    "Enter the email address on its own, like name@example.com, without a name or < > around it"
)
COMMENT = "Enter the email address without brackets, like name@example.com"
QUOTED = "Enter the email address without quotation marks or backslashes, like name@example.com"
ENCODED_WORD = (
    "Enter the email address as you would type it, like name@example.com: it cannot contain =?"
)
SPACE_OR_HIDDEN = (
    "Type the email address again, like name@example.com: it has a space, a line break or a "
    "hidden character in it"
)
DOMAIN = (
    "Check the part of the email address after the @: it must be a domain name, like example.com"
)
INVALID = "Enter an email address, like name@example.com, or a phone number, like +44 7700 900123"

BAD_ADDRESSES = {
    "note<postmaster>shown@example.org": DISPLAY_NAME,
    '"Victim" <victim@example.org>': DISPLAY_NAME,
    "victim,attacker@evil.example": LIST,
    "victim@example.org; attacker@evil.example": LIST,
    "victim@example.org(attacker@evil.example)": COMMENT,
    '"attacker@evil.example"@example.org': QUOTED,
    "a\\@b@example.org": QUOTED,
    "=?utf-8?q?a=0D=0Ab?=@example.org": ENCODED_WORD,
    "victim@=?utf-8?q?evil=2Eexample?=": ENCODED_WORD,
    "victim@example.org\r\nBcc:attacker@evil.example": SPACE_OR_HIDDEN,
    "victim\u202egro.elpmaxe@evil.example": SPACE_OR_HIDDEN,
    "vic\u200btim@example.org": SPACE_OR_HIDDEN,
    "a@b": DOMAIN,
    "a@[192.0.2.1]": DOMAIN,
    "a@exa_mple.com": DOMAIN,
    "a..b@example.org": INVALID,
    "a@b@example.org": INVALID,
}


def outbox_post(client, locale, reply_to, message="Ayuda"):
    return client.post(
        f"/{locale}/contact",
        data={"message": message, "reply_to": reply_to},
        headers={**SAME_SITE, "Idempotency-Key": str(uuid.uuid4())},
    )


def translated(app, locale: str, english: str) -> str:
    with app.test_request_context(), force_locale(locale):
        return gettext(english)


@pytest.mark.parametrize("locale", ["es", "ar"])
@pytest.mark.parametrize("reply_to", list(BAD_ADDRESSES))
def test_a_bad_address_is_a_400_saying_what_to_change_in_the_family_language(
    db_app, db_client, locale, reply_to
):
    expected = translated(db_app, locale, BAD_ADDRESSES[reply_to])
    assert expected != BAD_ADDRESSES[reply_to]  # translated, not the English left in place
    response = outbox_post(db_client, locale, reply_to)
    assert response.status_code == 400
    assert response.json["errors"] == {"reply_to": expected}


def test_the_form_page_links_the_address_problem_to_its_field(db_app, db_client):
    response = db_client.post(
        "/ar/contact",
        data={"message": "Ayuda", "reply_to": "victim,attacker@evil.example"},
        headers=SAME_SITE,
    )
    assert response.status_code == 400
    page = response.get_data(as_text=True)
    summary = page.partition("data-error-summary")[2].partition("</div>")[0]
    assert 'href="#reply_to"' in summary
    assert translated(db_app, "ar", LIST) in summary


@pytest.mark.parametrize(
    "reply_to",
    ["a@exämple.com", "josé@example.org", "Name.O'Neil+tag@Example.ORG", "a@xn--exmple-cua.com"],
)
def test_a_plain_address_is_stored_as_it_was_written(db_app, db_client, reply_to):
    assert outbox_post(db_client, "en", reply_to).status_code == 201
    with db_app.app_context():
        assert current_sealer().open(only_message(db_app).reply_to) == reply_to


# Each form a mail program reads as more than, or other than, one plain address.
def list_of(rng, a, b):
    return f"{a}{rng.choice([',', ';', ', ', ' ,', ';;'])}{b}"


def with_name(rng, a, b):
    name = rng.choice(["", "Victim", '"Victim"', "=?utf-8?q?V?=", "a@b.org"])
    return rng.choice([f"{name} <{a}>", f"{name}<{a}>", f"<{a}>", f"{a}<{b}>", f"{a}>"])


def with_comment(rng, a, b):
    local, domain = a.split("@")
    return rng.choice([f"{a}({b})", f"({b}){a}", f"{local}(x)@{domain}", f"{local}@({b}){domain}"])


def quoted(rng, a, b):
    local, domain = a.split("@")
    return rng.choice([f'"{b}"@{domain}', f'"{local}"@{domain}', f'{local}\\"@{domain}'])


def encoded(rng, a, b):
    local, domain = a.split("@")
    word = f"=?{rng.choice(['utf-8', 'iso-8859-1', 'UTF-8'])}?{rng.choice('qQbB')}?YQ==?="
    return rng.choice([f"{word}@{domain}", f"{local}{word}@{domain}", f"{local}@{word}.org"])


def with_break(rng, a, b):
    hidden = rng.choice(["\r\n", "\r", "\n", "\t", " ", "\u2028", "\x85", "\u202e", "\ufeff"])
    at = rng.randrange(1, len(a))
    return a[:at] + hidden + rng.choice(["", "Bcc:" + b, b]) + a[at:]


FORMS = (list_of, with_name, with_comment, quoted, encoded, with_break)


@pytest.mark.parametrize("batch", range(2))
def test_fuzzed_lists_names_comments_quotes_encoded_words_and_breaks_are_refused(
    db_app, db_client, batch
):
    rng = random.Random(20 + batch)
    locals_ = ["victim", "v.i.c", "v+tag", "josé"]
    domains = ["example.org", "exämple.com", "evil.example"]
    for _ in range(120):
        a, b = (f"{rng.choice(locals_)}@{rng.choice(domains)}" for _ in range(2))
        reply_to = rng.choice(FORMS)(rng, a, b)
        response = outbox_post(db_client, rng.choice(["en", "es", "ar"]), reply_to)
        assert response.status_code == 400, reply_to
        assert set(response.json["errors"]) == {"reply_to"}, reply_to
    with db_app.app_context():
        assert db.session().scalar(select(func.count()).select_from(ContactMessage)) == 0
