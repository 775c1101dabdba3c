"""The outbox's replay in a real Chromium, caught in the middle: a message written while a
replay is sending others is sent by that replay before it says that nothing waits. Background
Sync believes that answer, so a replay that said so too early would leave the message on the
phone until some other trigger came."""

import uuid

import pytest

from tests.browser.test_outbox import stored_messages
from tests.support.browser import wait_until_saved
from tests.support.held_server import held_server

pytestmark = pytest.mark.browser


def message(text: str) -> dict:
    """An outbox entry as contact.js writes it."""
    return {
        "id": str(uuid.uuid4()),
        "url": "/en/contact",
        "body": f"message={text.replace(' ', '+')}",
        "createdAt": "2025-01-01T00:00:00.000Z",
    }


def sending(environ) -> str | None:
    """The outbox message a request is sending, by its idempotency key."""
    return environ.get("HTTP_IDEMPOTENCY_KEY")


def test_a_message_added_during_a_replay_is_sent_before_it_says_all_sent(context):
    first, second = message("Written first"), message("Written while the first was sending")
    with held_server() as server:
        held = server.holding.hold(lambda environ: sending(environ) == first["id"])
        page = context.new_page()
        page.goto(server.url + "/en/about")  # no outbox on this page to send anything itself
        wait_until_saved(page)
        worker = context.service_workers[0]

        worker.evaluate("entry => { addToOutbox(entry); }", first)
        assert held.arrived.wait(30), "the replay never sent the first message"
        # The server holds the first: the replay sending it is running. The second is written
        # now, and a replay asked for, as its Background Sync would: it joins the running one.
        worker.evaluate(
            """async (entry) => {
                await outbox.put({ ...entry, state: "waiting" });
                self.joinedReplay = outbox.replay();
            }""",
            second,
        )
        held.release()
        outcome = worker.evaluate(
            """async () => ({
                allSent: await self.joinedReplay,
                waiting: (await outbox.entries()).filter((e) => e.state === "waiting").length,
            })"""
        )
        assert outcome == {"allSent": True, "waiting": 0}
        stored = sorted(key for key, _ in stored_messages(server.instance))
        assert stored == sorted([first["id"], second["id"]])
