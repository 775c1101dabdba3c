"""The staff inbox is never answered by the service worker: not while online (the network
answers), and not from any cache with the server stopped (the browser shows its own error)."""

import pytest
from playwright.sync_api import Error as PlaywrightError

from tests.support.browser import wait_until_saved

pytestmark = pytest.mark.browser


def test_the_worker_never_answers_for_the_staff_inbox(browser, own_server):
    context = browser.new_context(service_workers="allow")
    try:
        server = own_server()
        page = context.new_page()
        page.goto(server.url + "/en/")
        wait_until_saved(page)

        response = page.goto(server.url + "/staff/login")
        assert response.status == 200 and not response.from_service_worker
        assert page.locator('meta[name="robots"]').get_attribute("content") == "noindex, nofollow"
        cached = page.evaluate(
            """async () => {
              for (const name of await caches.keys()) {
                const cache = await caches.open(name);
                for (const request of await cache.keys()) {
                  if (new URL(request.url).pathname.startsWith('/staff')) return request.url;
                }
              }
              return null;
            }"""
        )
        assert cached is None

        server.stop()
        with pytest.raises(PlaywrightError, match="ERR_CONNECTION_REFUSED"):
            page.goto(server.url + "/staff/")
        # A public page still opens from the worker's cache, so the worker is alive and well.
        # (In a new tab: the first is still showing the browser's own error page.)
        other = context.new_page()
        response = other.goto(server.url + "/en/crisis")
        assert response.from_service_worker
        assert other.locator("html").get_attribute("lang") == "en"
    finally:
        context.close()
