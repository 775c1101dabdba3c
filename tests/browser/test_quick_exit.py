"""Quick exit in a real Chromium: the button and Shift pressed three times."""

import re

import pytest

pytestmark = pytest.mark.browser


def open_case_after_library(page, server):
    page.goto(server.url + "/en/")
    page.click("text=How StopNCII")
    page.wait_for_url(re.compile(r"/case-studies/stopncii$"))


def test_button_hides_the_page_at_once_and_replaces_the_history_entry(page, server):
    open_case_after_library(page, server)
    # Read the page's state in the same task as the click: before the neutral page can load,
    # the page must already be hidden.
    state = page.evaluate("""() => {
        document.querySelector('[data-quick-exit]').click();
        return getComputedStyle(document.body).visibility;
    }""")
    assert state == "hidden"
    page.wait_for_url(server.url + "/blank")
    assert page.title() == "New Tab"
    # The case study is no longer in the history: Back goes to the page before it.
    page.go_back()
    assert page.url == server.url + "/en/"


def test_shift_three_times_exits(page, server):
    open_case_after_library(page, server)
    for _ in range(3):
        page.keyboard.press("Shift")
    page.wait_for_url(server.url + "/blank")
    page.go_back()
    assert page.url == server.url + "/en/"


def test_shift_twice_does_not_exit_and_is_announced(page, server):
    open_case_after_library(page, server)
    page.keyboard.press("Shift")
    page.keyboard.press("Shift")
    status = page.locator("[data-quick-exit-status]")
    assert "once more" in status.text_content()
    page.keyboard.press("a")  # any other key starts the count again
    page.keyboard.press("Shift")
    page.wait_for_timeout(300)
    assert page.url.endswith("/case-studies/stopncii")


def test_works_without_javascript(browser, server):
    context = browser.new_context(java_script_enabled=False)
    page = context.new_page()
    page.goto(server.url + "/en/crisis")
    page.click("[data-quick-exit]")
    page.wait_for_url(server.url + "/blank")
    context.close()
