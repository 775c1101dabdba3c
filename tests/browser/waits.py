"""Waits on what the worker does, by Playwright's expect (which retries until it holds) or in
the page's own promises: no fixed sleeps."""

from playwright.sync_api import expect

READY = "Ready to use offline"


def saved_for_offline(page, ready=READY) -> None:
    """The page says this language is saved, which it learns from the active worker."""
    expect(page.locator("[data-offline-message]")).to_contain_text(ready, timeout=90_000)


def notification_target(page, body: str, timeout_ms=30_000):
    """The address of the notification showing `body`, once the worker has shown it; closed,
    so the next push starts from an empty tray. None if none shows in time."""
    return page.evaluate(
        """async ([body, timeoutMs]) => {
            const registration = await navigator.serviceWorker.ready;
            const deadline = Date.now() + timeoutMs;
            while (Date.now() < deadline) {
                const shown = (await registration.getNotifications()).find((n) => n.body === body);
                if (shown) {
                    shown.close();
                    return shown.data.url;
                }
                await new Promise((resolve) => setTimeout(resolve, 20));  // polled, as expect polls
            }
            return null;
        }""",
        [body, timeout_ms],
    )
