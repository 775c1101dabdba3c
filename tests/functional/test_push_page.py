"""The Notifications page: stored and saved offline in every language and mode, linked from
every page's footer, explaining before asking, and saying what it needs without JavaScript."""

import pytest

from app.parts import parts


def test_the_page_is_stored_and_precached_in_every_language_and_mode(app):
    pages = parts(app).build.entries
    precached = {e["url"] for urls in parts(app).precache["locales"].values() for e in urls}
    for locale in app.config["LOCALES"]:
        for path in (f"/{locale}/notifications", f"/{locale}/plain/notifications"):
            assert path in pages and path in precached


@pytest.mark.parametrize(
    ("url", "link", "name"),
    [
        ("/en/", "/en/notifications", "Notifications"),
        ("/es/about", "/es/notifications", "Notificaciones"),
        ("/ar/plain/crisis", "/ar/plain/notifications", "الإشعارات"),
        ("/en/no-such-page", "/en/notifications", "Notifications"),
    ],
)
def test_every_page_footer_links_to_it(client, url, link, name):
    footer = client.get(url).get_data(as_text=True).partition('<footer class="site-footer">')[2]
    assert f'<a href="{link}">{name}</a>' in footer


def test_it_explains_first_and_its_controls_wait_for_javascript(client):
    page = client.get("/en/notifications").get_data(as_text=True)
    main = page.partition("<main")[2]
    assert main.index("What you will see") < main.index("data-push-controls")
    assert "your browser needs JavaScript switched on" in main
    # Everything a script would switch on is hidden until it runs.
    for state in ("off", "on", "blocked", "home-screen", "unsupported", "not-set-up", "offline"):
        assert f'data-push-state="{state}" hidden' in main
    assert "data-push-controls hidden" in main
    assert "/static/js/notifications.js?v=" in page


def test_the_worker_carries_the_push_handlers(client):
    worker = client.get("/sw.js").get_data(as_text=True)
    assert 'addEventListener("push"' in worker
    assert 'addEventListener("notificationclick"' in worker
    assert "registration.update()" in worker
