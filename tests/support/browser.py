"""What the browser tests share: how Chromium is started, and waiting for the worker to save the
site, then taking the server away."""

from app.content import load_library

# As the machine probe found: without these, Chromium keeps trying to reach Google's hosts.
CHROMIUM_ARGS = [
    "--no-sandbox",
    "--disable-gpu",
    "--disable-quic",
    "--no-first-run",
    "--disable-background-networking",
    "--disable-component-update",
    "--disable-sync",
]

READY = "Ready to use offline"

# The worker in control, waited for through its own events: expect() watches only the page, and
# wait_for_function() evaluates a string, which our CSP forbids.
IN_CONTROL = """async (timeout) => {
    const container = navigator.serviceWorker;
    const next = (target, event) =>
        new Promise((done) => target.addEventListener(event, done, { once: true }));
    const inControl = (async () => {
        if (!container.controller) await next(container, "controllerchange");
        const worker = container.controller;
        while (worker.state !== "activated") await next(worker, "statechange");
    })();
    const late = new Promise((_, fail) =>
        setTimeout(() => fail(new Error("the service worker never took control")), timeout));
    await Promise.race([inControl, late]);
}"""


def wait_until_saved(page, ready=READY, timeout=90_000):
    """The worker controls the page, and the page says it is saved (`ready`, in its language)."""
    page.evaluate(IN_CONTROL, timeout)
    page.locator("[data-offline-message]").filter(has_text=ready).wait_for(timeout=timeout)


def saved_then_offline(context, own_server, url="/en/"):
    """Open `url` once, wait until the worker saved everything, then stop the server process
    (set_offline is not enough: the worker's own fetches ignore it)."""
    server = own_server()
    page = context.new_page()
    page.goto(server.url + url)
    wait_until_saved(page)
    server.stop()
    return page, server, load_library(own_server.content)


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


# Every message the worker sends this page, kept in window.told from before its scripts run.
KEEP_WHAT_THE_WORKER_TELLS = """
    window.told = [];
    navigator.serviceWorker.addEventListener("message", (event) => window.told.push(event.data));
"""
