"""A member of staff in a real Chromium: signs in, pages back to an old message, finds another
by a word in it, and closes a flood of spam in one step."""

import time
from datetime import timedelta

import pyotp
import pytest
from playwright.sync_api import expect
from sqlalchemy.orm import Session

from app.contact.model import ContactMessage
from app.db import database_url, make_engine, utc_now
from app.sealing import instance_sealer
from app.staff.accounts import add_staff
from app.staff.inbox import PAGE_SIZE

pytestmark = pytest.mark.browser

EMAIL, PASSWORD = "reader@steady.example", "correct horse battery staple"
OLD = "We wrote weeks ago: the school found out and we need advice"
SEARCHED = "He says his name is Tobias and wants 500 in gift cards"


def fill_inbox(instance) -> pyotp.TOTP:
    """A member, an old family message under a page of newer ones, one to search for, and
    spam from one connection; the member's TOTP."""
    engine = make_engine(database_url({"DATABASE_URL": "", "INSTANCE_DIR": instance}))
    sealer, now = instance_sealer(instance), utc_now()
    with Session(engine) as session:
        uri = add_staff(session, sealer, EMAIL, PASSWORD)
        bodies = [(OLD, None), (SEARCHED, None)]
        bodies += [(f"Newer question {n}", None) for n in range(PAGE_SIZE)]
        bodies += [(f"Cheap watches {n}", "spam-tag") for n in range(3)]
        for age, (body, tag) in enumerate(reversed(bodies)):
            session.add(
                ContactMessage(
                    idempotency_key=f"00000000-0000-4000-8000-{age:012d}",
                    received_at=now - timedelta(minutes=age),
                    locale="en",
                    body=sealer.seal(body),
                    sender_tag=tag,
                )
            )
        session.commit()
    engine.dispose()
    return pyotp.parse_uri(uri)


def test_a_member_pages_back_searches_and_marks_spam(browser, own_server):
    server = own_server()  # its database made as it starts
    totp = fill_inbox(own_server.instance)
    context = browser.new_context(viewport={"width": 1024, "height": 900})
    try:
        page = context.new_page()
        page.goto(server.url + "/staff/login")
        page.get_by_label("Email address").fill(EMAIL)
        page.get_by_label("Password").fill(PASSWORD)
        page.get_by_label("Code from your authenticator app").fill(totp.at(time.time()))
        page.get_by_role("button", name="Sign in").click()
        expect(page.locator("[data-inbox-count]")).to_contain_text(f"{PAGE_SIZE + 5} messages")

        # The old message is on the second page, never lost under the newer ones.
        expect(page.get_by_role("link", name=OLD)).to_have_count(0)
        page.get_by_role("link", name="Older messages").click()
        page.get_by_role("link", name=OLD).click()
        expect(page.locator("blockquote.staff-message")).to_have_text(OLD)

        # A word from a message finds it, though the text is sealed in the database.
        page.goto(server.url + "/staff/")
        page.get_by_label("Search the messages").fill("tobias")
        page.get_by_role("button", name="Show").click()
        expect(page.locator("[data-inbox-count]")).to_have_text("1 message")
        expect(page.get_by_role("link", name=SEARCHED)).to_be_visible()

        # One spam message marked closes every one from the same connection that day.
        page.goto(server.url + "/staff/")
        page.get_by_role("link", name="Cheap watches 0").click()
        page.get_by_role("button", name="Mark as spam").click()
        expect(page.get_by_role("status")).to_contain_text("Closed 3 messages as spam")
        page.get_by_label("Status").select_option("closed")
        page.get_by_role("button", name="Show").click()
        expect(page.locator("[data-inbox-count]")).to_have_text("3 messages")
        expect(page.locator(".staff-inbox .card")).to_have_count(3)
    finally:
        context.close()
