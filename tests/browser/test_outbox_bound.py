"""The outbox is bounded, in a real Chromium: once 50 messages or 1 MiB of them wait on the
phone, a new one is refused before it is kept, and the page says why in words the family can
act on, the message still in the form. Nothing is dropped without a word."""

import uuid

import pytest
from playwright.sync_api import expect

from tests.browser.test_outbox import TEXT, send, stored_messages
from tests.support.browser import wait_until_saved

pytestmark = pytest.mark.browser

MOST_MESSAGES = 50
MOST_BYTES = 1024 * 1024
FULL = "This phone is already keeping as many messages as Steady can hold"


def waiting(body: str) -> dict:
    return {
        "id": str(uuid.uuid4()),
        "url": "/en/contact",
        "body": body,
        "createdAt": "2025-01-01T00:00:00.000Z",
        "state": "waiting",
    }


KEPT = {
    "as many messages as it may keep": [waiting(f"message={n}") for n in range(MOST_MESSAGES)],
    "as many bytes as it may keep": [waiting("message=" + "x" * (MOST_BYTES - len("message=")))],
}


@pytest.mark.parametrize("kept", KEPT.values(), ids=KEPT.keys())
def test_a_full_outbox_refuses_a_message_and_says_why(context, own_server, kept):
    server = own_server()
    page = context.new_page()
    page.goto(server.url + "/en/contact")
    wait_until_saved(page)
    server.stop()
    worker = context.service_workers[0]
    worker.evaluate("async (kept) => { for (const entry of kept) await outbox.put(entry); }", kept)

    page.fill("#message", TEXT)
    send(page)
    expect(page.locator("[data-outbox-status]")).to_contain_text(FULL)
    expect(page.locator("[data-error-summary]")).to_contain_text(FULL)
    expect(page.locator("[data-error-summary]")).to_be_focused()
    expect(page.locator("#message")).to_have_value(TEXT)
    expect(page.locator("[data-outbox-list] li")).to_have_count(len(kept))
    assert worker.evaluate("async () => (await outbox.entries()).length") == len(kept)

    # Room again (one sent, or deleted by the family): the same message is taken.
    worker.evaluate("async (id) => { await outbox.delete(id); }", kept[0]["id"])
    send(page)
    expect(page.locator("[data-outbox-status]")).to_contain_text("saved on this phone")
    expect(page.locator("[data-outbox-list] li")).to_have_count(len(kept))
    assert stored_messages(own_server.instance) == []
