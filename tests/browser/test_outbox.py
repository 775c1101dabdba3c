"""The outbox in a real Chromium: a message written and sent while the server is stopped is kept
on the phone, and arrives exactly once when the server is back, the page telling the family at
each step; a message the server refuses comes back into the form to be fixed."""

import pytest
from sqlalchemy import select
from sqlalchemy.orm import Session

from app.contact.model import ContactMessage
from app.db import database_url, make_engine
from app.sealing import instance_sealer
from tests.support.browser import wait_until_saved

pytestmark = pytest.mark.browser

SAVED = "saved on this phone"
TEXT = "Someone wants money or they will post a photo of my son. Written with no signal."


def stored_messages(instance) -> list[tuple[str, str]]:
    """(idempotency key, message text) of every stored message."""
    engine = make_engine(database_url({"DATABASE_URL": "", "INSTANCE_DIR": instance}))
    sealer = instance_sealer(instance)
    with Session(engine) as session:
        rows = [
            (m.idempotency_key, sealer.open(m.body))
            for m in session.scalars(select(ContactMessage))
        ]
    engine.dispose()
    return rows


def status_says(page, text: str, timeout=20_000) -> None:
    page.locator("[data-outbox-status]").filter(has_text=text).wait_for(timeout=timeout)


def contact_page_offline(context, own_server):
    """The contact page, saved for offline use, then the server gone: the message is typed."""
    server = own_server()
    page = context.new_page()
    page.goto(server.url + "/en/contact")
    wait_until_saved(page)
    server.stop()
    page.fill("#message", TEXT)
    return page


def outbox_replayed(context) -> None:
    """The worker's outbox has gone through what it holds once more, after every trigger so far
    (replays run one at a time: this one starts when the last one ends)."""
    workers = context.service_workers
    worker = workers[-1] if workers else context.wait_for_event("serviceworker")
    worker.evaluate("() => outbox.replay()")


def send(page) -> None:
    page.click("form[data-contact-form] button[type=submit]")


def test_written_offline_sent_when_the_server_is_back_and_stored_exactly_once(context, own_server):
    page = contact_page_offline(context, own_server)
    page.fill("#reply_to", "parent@example.org")
    page.select_option("#age_band", "13-15")
    send(page)
    status_says(page, SAVED)
    waiting = page.locator("[data-outbox-list] li")
    assert waiting.count() == 1 and TEXT in waiting.inner_text()
    assert page.input_value("#message") == ""

    server = own_server()
    # The browser telling the page it is online again is one of the triggers.
    context.set_offline(True)
    context.set_offline(False)
    page.wait_for_url("**/en/contact/thanks", timeout=30_000)
    assert "Thank you: your message has reached us" in page.inner_text("h1")

    # Every other trigger (a page opening, the worker starting) finds nothing left to send.
    page.goto(server.url + "/en/contact")
    page.goto(server.url + "/en/")
    outbox_replayed(context)
    [(key, text)] = stored_messages(own_server.instance)
    assert text == TEXT and len(key) == 36
    page.goto(server.url + "/en/contact")
    assert page.locator("[data-outbox]").is_hidden()


def test_a_message_kept_on_the_phone_is_sent_when_a_steady_page_opens(context, own_server):
    page = contact_page_offline(context, own_server)
    send(page)
    status_says(page, SAVED)

    # Opened again with no server: still listed, because it is kept on the phone.
    page.reload()
    page.locator("[data-outbox-list] li").filter(has_text=TEXT).wait_for()
    assert stored_messages(own_server.instance) == []

    own_server()
    page.reload()  # a Steady page opening is a trigger
    status_says(page, "Your message has reached us")
    page.locator("[data-outbox]").wait_for(state="hidden")
    [(_, text)] = stored_messages(own_server.instance)
    assert text == TEXT


def test_a_waiting_message_can_be_deleted_from_the_phone(context, own_server):
    page = contact_page_offline(context, own_server)
    send(page)
    status_says(page, SAVED)
    page.locator("[data-outbox-list] button").filter(has_text="Delete from this phone").click()
    status_says(page, "deleted from this phone")
    page.locator("[data-outbox]").wait_for(state="hidden")

    own_server()
    page.reload()
    outbox_replayed(context)
    assert stored_messages(own_server.instance) == []


def test_a_refused_message_comes_back_into_the_form_with_what_to_fix(context, own_server):
    server = own_server()
    page = context.new_page()
    page.goto(server.url + "/en/contact")
    wait_until_saved(page)
    page.fill("#message", TEXT)
    page.fill("#reply_to", "not an address")
    send(page)
    summary = page.locator("[data-error-summary]")
    summary.wait_for(state="visible")
    assert summary.locator('a[href="#reply_to"]').count() == 1
    # Beside the field too, as the server renders it without JavaScript.
    assert page.locator("#reply_to-error").is_visible()
    assert page.get_attribute("#reply_to", "aria-invalid") == "true"
    assert page.input_value("#message") == TEXT
    assert page.input_value("#reply_to") == "not an address"
    assert "Enter an email address" in summary.inner_text()
    assert page.locator("[data-outbox]").is_hidden()
    assert stored_messages(own_server.instance) == []


def test_a_server_error_keeps_the_message_for_a_later_try(context, own_server):
    server = own_server(fail_path="POST /en/contact")  # every post answered with a 500
    page = context.new_page()
    page.goto(server.url + "/en/contact")
    wait_until_saved(page)
    page.fill("#message", TEXT)
    send(page)
    status_says(page, SAVED)
    assert page.locator("[data-outbox-list] li").filter(has_text=TEXT).count() == 1

    server.stop()
    own_server()  # mended
    page.wait_for_url("**/en/contact/thanks", timeout=30_000)
    [(_, text)] = stored_messages(own_server.instance)
    assert text == TEXT


def test_a_message_whose_answer_was_lost_is_stored_once_with_no_worker(browser, own_server):
    # With no worker the page posts the message itself; here the post arrives and is stored but
    # its answer never reaches the page, which then sends the ordinary post: that carries the
    # same key, so the family sees the thank-you page and we hold the message once.
    server = own_server()
    context = browser.new_context(service_workers="block")
    page = context.new_page()
    answers_lost = []

    def lose_the_answer(route):
        if route.request.headers.get("idempotency-key"):
            route.fetch()  # it reaches the server...
            answers_lost.append(route.request.url)
            route.abort()  # ...and the page never hears back
        else:
            route.continue_()

    page.route(f"{server.url}/en/contact", lose_the_answer)
    page.goto(server.url + "/en/contact")
    page.fill("#message", TEXT)
    send(page)
    page.wait_for_url("**/en/contact/thanks")
    context.close()
    assert answers_lost, "the page's own post was not made"
    [(_, text)] = stored_messages(own_server.instance)
    assert text == TEXT
