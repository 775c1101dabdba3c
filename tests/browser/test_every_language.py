"""Every page type opens in every language, online and then with the server stopped, in the
language's own direction, translated (no English stand-in), and axe finds nothing on it."""

import pytest
from axe_playwright_python.sync_playwright import Axe
from babel.support import Translations

from app.i18n.locales import SOURCE_LOCALE, direction, discover_locales
from tests.support.apps import ROOT
from tests.support.browser import wait_until_saved

pytestmark = pytest.mark.browser

TRANSLATIONS = ROOT / "translations"
TRANSLATED = [locale for locale in discover_locales(TRANSLATIONS) if locale != SOURCE_LOCALE]
# One page of each type a family meets; each is saved for offline with its language.
PAGE_TYPES = (
    "",
    "case-studies/first-hour",
    "plain/case-studies/already-paid",
    "crisis",
    "plain/crisis",
    "start",
    "start/under-18/gb/threatened",
    "plain/start/18-and-over/us/paid",
    "record",
    "record/blank",
    "contact",
    "about",
)
# What a page shows beside a content text not translated yet (app/views/helpers.py).
NOT_TRANSLATED = ".untranslated"


def saved_message(locale: str) -> str:
    """The words of "Ready to use offline. Saved (date)." in the language, without the date."""
    said = Translations.load(TRANSLATIONS, [locale], domain="messages").gettext(
        "Ready to use offline. Saved %(date)s."
    )
    return max(said.split("%(date)s"), key=len).strip()


def check_page(page, axe, locale: str, url: str) -> None:
    response = page.goto(url)
    assert response and response.ok, url
    html = page.locator("html")
    assert html.get_attribute("lang") == locale, url
    assert html.get_attribute("dir") == direction(locale), url
    assert page.locator("h1").first.inner_text().strip(), url
    assert page.locator(NOT_TRANSLATED).count() == 0, f"{url}: English stands in for a text"
    results = axe.run(page)
    assert results.violations_count == 0, f"{url}\n{results.generate_report()}"


@pytest.mark.parametrize("locale", TRANSLATED)
def test_every_page_type_opens_online_and_offline(browser, own_server, locale):
    context = browser.new_context(viewport={"width": 360, "height": 740})
    axe = Axe()
    server = own_server()
    page = context.new_page()
    urls = [f"{server.url}/{locale}/{rest}" for rest in PAGE_TYPES]
    for url in urls:
        check_page(page, axe, locale, url)
    page.goto(urls[0])
    wait_until_saved(page, saved_message(locale))
    server.stop()
    for url in urls:
        check_page(page, axe, locale, url)
    context.close()
