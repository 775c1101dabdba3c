"""Push in a real Chromium: pushes delivered through the DevTools protocol
(ServiceWorker.deliverPushMessage) show a discreet notification in the family's language, an
update push makes the worker save the new version completely, and the Notifications page tells
the truth about this browser and asks for permission only when tapped."""

import json
import re
import sqlite3
import subprocess
import sys
import time

import pytest
from flask_babel import force_locale, gettext
from playwright.sync_api import expect

from app import create_app
from app.push.keys import create_keys
from app.push.messages import payload
from tests.support.apps import ROOT, test_config, test_environ
from tests.support.browser import wait_until_saved
from tests.support.push import SUBJECT
from tests.support.push_service import MockPushService

pytestmark = pytest.mark.browser


@pytest.fixture
def push_server(own_server, tmp_path):
    """own_server with push keys (made once, kept across restarts: the worker's subscription is
    bound to them) and the recording sender."""
    instance = own_server.instance

    def settings(keys=True, **more):
        if keys and not (instance / "vapid_private.pem").exists():
            instance.mkdir(exist_ok=True)
            create_keys(instance)
        return {
            "FLASK_CONTENT_DIR": str(own_server.content),
            "FLASK_INSTANCE_DIR": str(instance if keys else tmp_path / "no-keys"),
            "FLASK_PUSH_VAPID_SUBJECT": SUBJECT,
            "FLASK_QUEUE": "immediate",
            "FLASK_PUSH_SENDER": "recording",
            **more,
        }

    def start(keys=True, **more):
        return own_server(**settings(keys, **more))

    start.content, start.instance, start.settings = own_server.content, instance, settings
    return start


def deliver(page, origin: str, data: bytes) -> None:
    """Hand a push to this origin's active worker, as a push service would."""
    cdp = page.context.new_cdp_session(page)
    activated = []
    cdp.on(
        "ServiceWorker.workerVersionUpdated",
        lambda event: activated.extend(
            v["registrationId"] for v in event["versions"] if v["status"] == "activated"
        ),
    )
    cdp.send("ServiceWorker.enable")
    # The registration's id comes only in these DevTools events, which reach Python while
    # Playwright waits, and Playwright has no wait for one: the one wait here that polls.
    deadline = time.monotonic() + 30
    while not activated:
        assert time.monotonic() < deadline, "no activated worker reported"
        page.wait_for_timeout(50)
    cdp.send(
        "ServiceWorker.deliverPushMessage",
        {"origin": origin, "registrationId": activated[-1], "data": data.decode("utf-8")},
    )


# The notifications the worker shows, once there are `wanted` of them or `timeout` is over.
# Read in the page, which no event tells: expect() watches only the page's elements.
SHOWN = """async ([wanted, timeout]) => {
    const registration = await navigator.serviceWorker.ready;
    const deadline = Date.now() + timeout;
    for (;;) {
        const all = await registration.getNotifications();
        if (all.length >= wanted || Date.now() > deadline) {
            return all.map((n) => ({title: n.title, body: n.body, lang: n.lang, dir: n.dir,
                tag: n.tag, data: n.data, icon: n.icon}));
        }
        await new Promise((done) => setTimeout(done, 100));
    }
}"""


def shown_notifications(page, wanted=1, timeout=60_000):
    return page.evaluate(SHOWN, [wanted, timeout])


@pytest.fixture(scope="module")
def messages():
    app = create_app(test_config())
    with app.app_context():
        yield lambda *args: payload(*args)


def test_a_push_shows_a_discreet_notification_in_the_familys_language(
    context, push_server, messages
):
    server = push_server()
    context.grant_permissions(["notifications"], origin=server.url)
    page = context.new_page()
    page.goto(server.url + "/en/")  # the language of the push, not of the page, is shown
    wait_until_saved(page)

    deliver(page, server.url, messages("check-in", "ar", True, 0))
    (shown,) = shown_notifications(page)
    assert shown["title"] == "Steady"
    assert shown["body"] == json.loads(messages("check-in", "ar", True, 0))["body"]
    assert (shown["lang"], shown["dir"], shown["tag"]) == ("ar", "rtl", "steady-check-in")
    assert shown["data"] == {"url": "/ar/plain/crisis"}
    assert re.search(r"/static/icons/icon-192\.png\?v=", shown["icon"])


def test_a_payload_cannot_change_the_title_or_send_the_family_elsewhere(context, push_server):
    server = push_server()
    context.grant_permissions(["notifications"], origin=server.url)
    page = context.new_page()
    page.goto(server.url + "/en/")
    wait_until_saved(page)
    hostile = {
        "topic": "check-in",
        "title": "Your teen's pictures",
        "body": "x",
        "url": "//evil.example/",
        "dir": "sideways",
    }
    deliver(page, server.url, json.dumps(hostile).encode())
    (shown,) = shown_notifications(page)
    assert shown["title"] == "Steady"
    assert shown["data"] == {"url": "/"}  # as /settings would send it (test_push_targets.py)
    assert shown["dir"] == "ltr"


def test_an_update_push_saves_the_new_version_completely_before_the_next_visit(
    context, push_server, messages
):
    server = push_server()
    context.grant_permissions(["notifications"], origin=server.url)
    page = context.new_page()
    page.goto(server.url + "/en/")
    wait_until_saved(page)
    old_version = page.evaluate("navigator.serviceWorker.controller.scriptURL") and page.evaluate(
        "caches.keys()"
    )

    case_file = push_server.content / "case-studies" / "stopncii.toml"
    text = case_file.read_text(encoding="utf-8")
    case_file.write_text(
        re.sub(
            r'^title = ".*"$',
            'title = "StopNCII, changed for the push test"',
            text,
            count=1,
            flags=re.M,
        ),
        encoding="utf-8",
    )
    server.stop()
    server = push_server()
    new_version = re.match(
        r'const STEADY = \{"version":"(\w+)"', page.request.get(server.url + "/sw.js").text()
    ).group(1)
    assert not any(new_version in name for name in old_version)

    deliver(page, server.url, messages("updates", "en", False))
    (shown,) = shown_notifications(page)
    assert shown["body"] == "New help has been saved on your phone."

    # The page open now was not switched under the parent: it asks first, once the new worker
    # is installed, that is once its caches are complete.
    expect(page.get_by_role("button", name="Update")).to_be_visible(timeout=90_000)
    # The new version's caches, each complete (its marker written last), with no reload.
    complete = page.evaluate(
        """(version) => caches.keys().then((names) => Promise.all(
             names.filter((n) => n.endsWith('-' + version)).map((n) =>
               caches.open(n).then((c) => c.match('/__steady/complete'))
                 .then((m) => m ? n : null)))).then((found) => found.filter(Boolean))""",
        new_version,
    )
    assert sorted(complete) == [
        f"steady-{kind}-{new_version}" for kind in ("core", "extras", "first-en", "pages-en")
    ]


def test_the_notifications_page_is_linked_from_every_page_and_asks_only_on_tap(
    context, push_server
):
    server = push_server()  # permission not granted yet: the browser would ask
    context.add_init_script(
        """window.__asked = 0;
        const original = Notification.requestPermission.bind(Notification);
        Notification.requestPermission = () => {
            window.__asked += 1;
            document.documentElement.dataset.asked = window.__asked;  // for expect()
            return original();
        };"""
    )
    page = context.new_page()
    page.goto(server.url + "/es/")
    page.get_by_role("link", name="Notificaciones").click()
    page.wait_for_url(server.url + "/es/notifications")
    page.get_by_text("Las notificaciones están desactivadas.").wait_for(timeout=90_000)
    assert page.get_by_text("Checking").count() == 0
    assert page.evaluate("window.__asked") == 0
    page.get_by_role("button", name="Activar las notificaciones", exact=True).click()
    expect(page.locator("html")).to_have_attribute("data-asked", "1")
    assert page.evaluate("window.__asked") == 1


def test_the_notifications_page_says_what_is_needed_without_javascript(browser, push_server):
    server = push_server()
    context = browser.new_context(java_script_enabled=False)
    page = context.new_page()
    page.goto(server.url + "/en/notifications")
    assert page.get_by_text("your browser needs JavaScript switched on").is_visible()
    assert not page.get_by_role("button", name="Turn on notifications").is_visible()
    context.close()


def test_without_keys_the_page_says_notifications_are_not_available(context, push_server):
    server = push_server(keys=False)
    page = context.new_page()
    page.goto(server.url + "/en/notifications")
    page.get_by_text("Notifications are not available on this site").wait_for(timeout=30_000)
    assert not page.get_by_role("button", name="Turn on notifications").is_visible()


def test_a_blocked_browser_is_told_how_to_allow(browser, push_server):
    server = push_server()
    context = browser.new_context(service_workers="allow")
    page = context.new_page()
    cdp = context.new_cdp_session(page)
    browser_context = cdp.send("Target.getTargetInfo")["targetInfo"]["browserContextId"]
    cdp.send(
        "Browser.setPermission",
        {
            "permission": {"name": "notifications"},
            "setting": "denied",
            "origin": server.url,
            "browserContextId": browser_context,
        },
    )
    page.goto(server.url + "/en/notifications")
    page.get_by_text("Notifications for Steady are blocked in this browser.").wait_for(
        timeout=30_000
    )
    context.close()


def test_an_iphone_outside_the_home_screen_gets_the_steps(browser, push_server):
    server = push_server()
    iphone = (
        "Mozilla/5.0 (iPhone; CPU iPhone OS 17_5 like Mac OS X) AppleWebKit/605.1.15 "
        "(KHTML, like Gecko) Version/17.5 Mobile/15E148 Safari/604.1"
    )
    context = browser.new_context(user_agent=iphone, service_workers="block")
    context.add_init_script("delete window.PushManager;")
    page = context.new_page()
    page.goto(server.url + "/en/notifications")
    page.get_by_text("notifications work only after Steady is added to your Home Screen").wait_for(
        timeout=30_000
    )
    assert page.get_by_text('Scroll down and tap "Add to Home Screen".').is_visible()
    context.close()


@pytest.fixture(scope="module")
def translated():
    """A message of the interface in a language, as the pages say it."""
    app = create_app(test_config())

    def translate(locale: str, message: str) -> str:
        with app.app_context(), force_locale(locale):
            return gettext(message)

    return translate


def deny_notifications(page, origin: str) -> None:
    cdp = page.context.new_cdp_session(page)
    browser_context = cdp.send("Target.getTargetInfo")["targetInfo"]["browserContextId"]
    cdp.send(
        "Browser.setPermission",
        {
            "permission": {"name": "notifications"},
            "setting": "denied",
            "origin": origin,
            "browserContextId": browser_context,
        },
    )


@pytest.mark.parametrize("locale", ["en", "es", "ar"])
def test_the_page_offers_only_what_each_state_allows(context, push_server, translated, locale):
    server = push_server()
    page = context.new_page()
    page.goto(f"{server.url}/{locale}/notifications")
    turn_on, turn_off = page.locator("[data-push-on]"), page.locator("[data-push-off]")
    expect(page.get_by_text(translated(locale, "Notifications are off."))).to_be_visible(
        timeout=90_000
    )
    expect(turn_on).to_be_visible()
    expect(turn_off).to_be_hidden()  # no "Turn off" for what is not on
    deny_notifications(page, server.url)
    page.reload()
    blocked = translated(locale, "Notifications for Steady are blocked in this browser.")
    expect(page.get_by_text(blocked)).to_be_visible(timeout=30_000)
    expect(page.get_by_text(translated(locale, "Notifications are off."))).to_be_hidden()
    expect(turn_on).to_be_hidden()
    expect(turn_off).to_be_hidden()


NO_PUSH_SERVICE = (
    "This browser could not turn on notifications: its notification service is not available. "
    "Everything else in Steady works."
)
SUBSCRIBE_NEVER_ENDS = "PushManager.prototype.subscribe = () => new Promise(() => {});"
SUBSCRIBE_REFUSED = """PushManager.prototype.subscribe = () => Promise.reject(
    new DOMException("Registration failed - push service not available", "AbortError"));"""


@pytest.mark.parametrize(
    ("locale", "subscribe"),
    [
        ("en", SUBSCRIBE_NEVER_ENDS),
        ("es", SUBSCRIBE_NEVER_ENDS),
        ("ar", SUBSCRIBE_NEVER_ENDS),
        ("en", SUBSCRIBE_REFUSED),
    ],
)
def test_turning_on_without_a_push_service_ends_within_10_s_and_says_so(
    context, push_server, translated, locale, subscribe
):
    server = push_server()
    context.grant_permissions(["notifications"], origin=server.url)
    context.add_init_script(subscribe)
    page = context.new_page()
    page.goto(f"{server.url}/{locale}/notifications")
    turn_on = page.locator("[data-push-on]")
    expect(turn_on).to_be_visible(timeout=90_000)
    turn_on.click()
    message = page.locator("[data-push-message]")
    expect(message).to_have_text(translated(locale, NO_PUSH_SERVICE), timeout=10_000)
    expect(page.get_by_text(translated(locale, "Notifications are off."))).to_be_visible()
    expect(turn_on).to_be_enabled()  # the family may try again
    expect(page.locator("[data-push-off]")).to_be_hidden()


@pytest.mark.parametrize("url", ["/en/notifications", "/ar/plain/notifications"])
def test_axe_finds_nothing_on_the_notifications_page(browser, push_server, url):
    from axe_playwright_python.sync_playwright import Axe

    server = push_server()
    context = browser.new_context(viewport={"width": 360, "height": 740}, service_workers="allow")
    context.grant_permissions(["notifications"], origin=server.url)
    page = context.new_page()
    page.goto(server.url + url)
    page.locator("[data-push-controls]").wait_for(timeout=90_000)
    results = Axe().run(page)
    context.close()
    assert results.violations_count == 0, results.generate_report()


# Headless Chromium has no push service to subscribe with (it would need Google's), so the
# browser's side of it is played here: subscribe() gives a subscription at the mock push
# service. Everything else is real: the page's script, the API, the database, pywebpush, the
# mock service decrypting, and the worker showing what arrived.
FAKE_PUSH_MANAGER = """
(() => {
  const stored = () => JSON.parse(sessionStorage.getItem("fake-subscription") || "null");
  const wrap = (json) => json && {
    endpoint: json.endpoint,
    toJSON: () => json,
    unsubscribe: () => {
      sessionStorage.removeItem("fake-subscription");
      return Promise.resolve(true);
    },
  };
  PushManager.prototype.getSubscription = function () { return Promise.resolve(wrap(stored())); };
  PushManager.prototype.subscribe = function (options) {
    if (!options.userVisibleOnly || options.applicationServerKey.length !== 65) {
      return Promise.reject(new Error("bad subscribe options"));
    }
    sessionStorage.setItem("fake-subscription", JSON.stringify(window.FAKE_SUBSCRIPTION));
    return Promise.resolve(wrap(stored()));
  };
})();
"""


def stored_subscriptions(instance) -> list[tuple]:
    with sqlite3.connect(instance / "steady.sqlite3") as database:
        return database.execute(
            "SELECT endpoint, locale, plain, topics FROM push_subscriptions"
        ).fetchall()


def test_turning_on_then_a_push_then_turning_off_end_to_end(context, push_server):
    service = MockPushService().start()
    subscription = service.subscription()
    extra = {
        "FLASK_TESTING": "true",
        "FLASK_PUSH_SENDER": "webpush",
        "FLASK_PUSH_TEST_SERVICES": json.dumps([service.origin]),
    }
    server = push_server(**extra)
    context.grant_permissions(["notifications"], origin=server.url)
    context.add_init_script(f"window.FAKE_SUBSCRIPTION = {json.dumps(subscription)};")
    context.add_init_script(FAKE_PUSH_MANAGER)
    page = context.new_page()
    page.goto(server.url + "/es/plain/notifications")
    # As on a family's phone, and in the other push tests: the worker is installed and in
    # control before a push arrives.
    wait_until_saved(page, "Listo para usar sin conexión")
    page.get_by_text("Las notificaciones están desactivadas.").wait_for(timeout=90_000)

    page.get_by_label("Envíenme también").check()
    page.get_by_role("button", name="Activar las notificaciones", exact=True).click()
    page.get_by_text("Las notificaciones están activadas.").wait_for(timeout=10_000)
    assert stored_subscriptions(push_server.instance) == [
        (subscription["endpoint"], "es", 1, "updates check-in")
    ]

    # The server sends (`flask push send updates`); the mock service decrypts what arrived.
    sent = subprocess.run(
        [sys.executable, "-m", "flask", "--app", "app", "push", "send", "updates"],
        cwd=ROOT,
        env=test_environ(**push_server.settings(**extra), FLASK_SITE_URL=server.url),
        capture_output=True,
        text=True,
        timeout=120,
    )
    assert sent.returncode == 0, sent.stderr
    (received,) = service.received
    assert received.payload["url"] == "/es/plain/"
    deliver(page, server.url, json.dumps(received.payload).encode())
    (shown,) = shown_notifications(page)
    assert (shown["title"], shown["body"]) == (
        "Steady",
        "Se ha guardado nueva ayuda en su teléfono.",
    )

    page.get_by_role("button", name="Desactivar las notificaciones").click()
    page.get_by_text("Las notificaciones están desactivadas.").wait_for(timeout=10_000)
    assert stored_subscriptions(push_server.instance) == []
    service.stop()
