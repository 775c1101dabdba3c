"""Quick exit in a real Chromium: the button and Shift pressed three times, and what Back
shows afterwards, online and offline."""

import re

import pytest
from playwright.sync_api import expect

from tests.support.browser import IN_CONTROL, saved_then_offline

pytestmark = pytest.mark.browser

# The page a parent was on before opening Steady: not Steady, and loaded with no server.
BEFORE = "data:text/html,<title>Before Steady</title><p>Before Steady</p>"


def read_several_pages(page, base):
    """Arrive from another page, then move around Steady as a parent would."""
    page.goto(BEFORE)
    page.goto(base + "/en/")
    page.click("text=How StopNCII")
    page.wait_for_url(re.compile(r"/case-studies/stopncii$"))
    page.get_by_role("link", name=re.compile("Checked against")).click()
    page.wait_for_url(re.compile(r"#sources$"))
    page.get_by_role("link", name="Start here").click()
    page.wait_for_url(re.compile(r"/en/start$"))


def exit_with_button(page):
    # Read the page's state in the same task as the click: before the empty page can load,
    # the page must already be hidden.
    state = page.evaluate("""() => {
        document.querySelector('[data-quick-exit]').click();
        return getComputedStyle(document.body).visibility;
    }""")
    assert state == "hidden"


def exit_with_shift(page):
    for _ in range(3):
        page.keyboard.press("Shift")


def assert_back_shows_nothing_of_steady(page, base):
    page.wait_for_url("about:blank")
    assert page.url == "about:blank"  # the address bar names nothing
    page.go_back()
    assert not page.url.startswith(base)
    assert page.url.startswith("data:")
    assert "Steady" not in page.content().replace("Before Steady", "")
    # Nothing of Steady further back or forward either: the tab's first empty page, the page
    # before Steady, and the empty page of the exit.
    assert page.evaluate("history.length") == 3


@pytest.mark.parametrize("exit_now", [exit_with_button, exit_with_shift])
def test_back_after_an_exit_shows_nothing_of_steady(page, server, exit_now):
    read_several_pages(page, server.url)
    exit_now(page)
    assert_back_shows_nothing_of_steady(page, server.url)


@pytest.mark.parametrize("exit_now", [exit_with_button, exit_with_shift])
def test_back_after_an_exit_shows_nothing_of_steady_offline(context, own_server, exit_now):
    _, server, _ = saved_then_offline(context, own_server)
    page = context.new_page()  # a tab of its own: the saving visit is not in its history
    read_several_pages(page, server.url)
    exit_now(page)
    assert_back_shows_nothing_of_steady(page, server.url)


@pytest.mark.parametrize(
    ("locale", "worker"), [("en", "allow"), ("es", "allow"), ("ar", "allow"), ("en", "block")]
)
def test_back_after_an_exit_from_the_thank_you_page_shows_nothing_of_steady(
    browser, own_server, locale, worker
):
    # Sent through the phone's outbox (a worker in control) or, with none, posted by the page:
    # either way the thank-you page must not sit on top of the form in the history.
    server = own_server()  # a database of its own: the contact limit counts only this post
    context = browser.new_context(viewport={"width": 360, "height": 740}, service_workers=worker)
    page = context.new_page()
    page.goto(BEFORE)
    page.goto(f"{server.url}/{locale}/contact")
    if worker == "allow":
        page.evaluate(IN_CONTROL, 90_000)
    page.fill("#message", "Someone is asking my son for money. Exit test.")
    page.click("form[data-contact-form] button[type=submit]")
    page.wait_for_url(f"**/{locale}/contact/thanks", timeout=30_000)
    exit_with_button(page)
    assert_back_shows_nothing_of_steady(page, server.url)
    context.close()


def test_a_message_refused_without_a_worker_is_fixed_in_place(browser, own_server):
    server = own_server()
    context = browser.new_context(viewport={"width": 360, "height": 740}, service_workers="block")
    page = context.new_page()
    page.goto(f"{server.url}/en/contact")
    length = page.evaluate("history.length")
    page.click("form[data-contact-form] button[type=submit]")  # no message written
    summary = page.locator("[data-error-summary]")
    expect(summary).to_be_visible()
    expect(summary).to_be_focused()
    expect(page.locator("#message")).to_have_attribute("aria-invalid", "true")
    assert page.url == f"{server.url}/en/contact"
    assert page.evaluate("history.length") == length  # no entry for Back to bring back
    context.close()


def test_moving_inside_steady_keeps_one_history_entry(page, server):
    page.goto(BEFORE)
    page.goto(server.url + "/en/crisis")
    length = page.evaluate("history.length")
    page.select_option("#country", "gb")
    page.get_by_role("button", name="Show", exact=True).click()
    page.wait_for_url(re.compile(r"country=gb"))
    page.get_by_role("link", name="Start here").click()
    page.wait_for_url(re.compile(r"/en/start$"))
    page.get_by_role("link", name="Under 18").click()
    page.wait_for_url(re.compile(r"/en/start/under-18$"))
    assert page.evaluate("history.length") == length


def test_shift_twice_does_not_exit_and_is_announced(page, server):
    page.goto(server.url + "/en/case-studies/stopncii")
    page.keyboard.press("Shift")
    page.keyboard.press("Shift")
    status = page.locator("[data-quick-exit-status]")
    assert "once more" in status.text_content()
    page.keyboard.press("a")  # any other key starts the count again
    page.keyboard.press("Shift")
    expect(status).to_contain_text("Shift pressed once")  # counted afresh: no exit
    assert page.url.endswith("/case-studies/stopncii")


def test_works_without_javascript(browser, server):
    context = browser.new_context(java_script_enabled=False)
    page = context.new_page()
    page.goto(server.url + "/en/crisis")
    page.click("[data-quick-exit]")
    page.wait_for_url(server.url + "/blank")
    assert page.title() == "New Tab"
    context.close()
