"""The record in a real Chromium, with the server stopped once the page is saved offline: every
kind of entry written, kept across a reload, locked (what IndexedDB holds then contains none of
it), a wrong passphrase showing nothing, opened, printed, copied as text and deleted; no request
ever carries a word of it; and quick exit leaves nothing of it behind Back."""

import re

import pytest
from playwright.sync_api import expect

from tests.support.browser import wait_until_saved

pytestmark = pytest.mark.browser

READY = {"en": "Ready to use offline", "ar": "جاهز"}
PASSPHRASE = "quiet river morning"
# What the family writes, each field of each part (by the field's id); the date fields are
# checked written out. Arabic in the Arabic test: the family writes in their own language.
WRITTEN = {
    "en": {
        "accounts": {
            "platform": "Instagram",
            "name": "jess.k_2009x",
            "link": "https://instagram.example/jess.k_2009x",
            "seen": "2026-11-28",
        },
        "timeline": {
            "what": "Demanded 300 dollars within an hour or the picture goes to his friends",
            "when": "2026-11-29T21:40",
        },
        "payments": {
            "amount": "150",
            "currency": "USD",
            "how": "Gift card",
            "reference": "GC-88121-PAID",
            "when": "2026-11-29",
        },
        "reports": {
            "service": "NCMEC CyberTipline, by phone",
            "reference": "CT-2026-551903",
            "secret": "PIN 4471",
            "when": "2026-11-30",
            "answer": "They will pass it to the police",
        },
    },
    "ar": {
        "accounts": {
            "platform": "سناب شات",
            "name": "layla_99x",
            "link": "https://snap.example/layla_99x",
            "seen": "2026-11-28",
        },
        "timeline": {
            "what": "طلب مئتي دولار خلال ساعة وإلا أرسل الصورة إلى أصدقائه",
            "when": "2026-11-29T21:40",
        },
        "payments": {
            "amount": "200",
            "currency": "EGP",
            "how": "حوالة عبر بنك مصر",
            "reference": "TRX-77410-EG",
            "when": "2026-11-29",
        },
        "reports": {
            "service": "خط نجدة الطفل، بالهاتف",
            "reference": "EG-2026-31877",
            "secret": "PIN 9902",
            "when": "2026-11-30",
            "answer": "سيتصلون بنا غدا",
        },
    },
}
DATES = ("seen", "when")

# IndexedDB as it is, every byte of the kept value turned into text (each byte a character,
# and the bytes read as UTF-8 too), so a word kept anywhere in it, sealed or not, shows.
RAW_RECORD = """async () => {
    const names = (await indexedDB.databases()).map((d) => d.name);
    if (!names.includes("steady-record")) return {names, raw: null};
    const db = await new Promise((ok, fail) => {
        const request = indexedDB.open("steady-record");
        request.onsuccess = () => ok(request.result);
        request.onerror = () => fail(request.error);
    });
    const stores = Array.from(db.objectStoreNames);
    const values = [];
    for (const name of stores) {
        const all = await new Promise((ok) => {
            const request = db.transaction(name).objectStore(name).getAll();
            request.onsuccess = () => ok(request.result);
        });
        values.push(...all);
    }
    db.close();
    const bytes = (buffer) => new Uint8Array(buffer.buffer ? buffer.buffer : buffer);
    const raw = JSON.stringify(values, (key, value) => {
        if (value instanceof ArrayBuffer || ArrayBuffer.isView(value)) {
            const b = bytes(value);
            return {latin1: String.fromCharCode(...b), utf8: new TextDecoder().decode(b)};
        }
        return value;
    });
    return {names, raw, stores};
}"""


def typed(locale):
    """Every text the family wrote that must never be found outside the page (not the dates)."""
    return [
        value
        for part in WRITTEN[locale].values()
        for field, value in part.items()
        if field not in DATES
    ]


def record_page_offline(context, own_server, locale):
    server = own_server()
    page = context.new_page()
    page.goto(f"{server.url}/{locale}/record")
    wait_until_saved(page, READY[locale])
    server.stop()
    page.reload()  # from the phone, with no server
    expect(page.locator("[data-record]")).to_be_visible()
    return page


def write_everything(page, locale):
    for part, fields in WRITTEN[locale].items():
        for field, value in fields.items():
            page.fill(f"#{part}-{field}", value)
        page.locator(f'[data-entry-form="{part}"] button[type=submit]').click()
        first = next(iter(fields.values()))
        expect(page.locator(f'[data-entries="{part}"] li')).to_contain_text(first)


def written_out(page, locale, value):
    """A date or date and time as the page's language writes it (Intl, as record.js does)."""
    return page.evaluate(
        """([locale, value]) => {
            const n = value.split(/[-T:]/).map(Number);
            const date = new Date(n[0], n[1] - 1, n[2], n[3] || 0, n[4] || 0);
            const style = n.length > 3
                ? {dateStyle: "long", timeStyle: "short"} : {dateStyle: "long"};
            return new Intl.DateTimeFormat(locale, style).format(date);
        }""",
        [locale, value],
    )


def assert_every_entry_shown(page, locale):
    for part, fields in WRITTEN[locale].items():
        entries = page.locator(f'[data-entries="{part}"]')
        for field, value in fields.items():
            if field in DATES:
                expect(entries).to_contain_text(written_out(page, locale, value))
            else:
                expect(entries).to_contain_text(value)


def raw_record(page):
    return page.evaluate(RAW_RECORD)


@pytest.mark.parametrize("locale", ["en", "ar"])
def test_written_kept_locked_opened_printed_and_deleted_offline(context, own_server, locale):
    page = record_page_offline(context, own_server, locale)
    # An entry without what it needs: summarised at the top, as the contact form does.
    page.fill("#accounts-name", "someone")
    page.locator('[data-entry-form="accounts"] button[type=submit]').click()
    expect(page.locator("[data-error-summary]")).to_be_focused()
    expect(page.locator("[data-error-summary] a")).to_have_attribute("href", "#accounts-platform")
    expect(page.locator("#accounts-platform")).to_have_attribute("aria-invalid", "true")
    expect(page.locator('[data-entries="accounts"] .record-entry')).to_have_count(0)
    page.locator("[data-error-summary] a").click()
    expect(page.locator("#accounts-platform")).to_be_focused()
    write_everything(page, locale)
    expect(page.locator("[data-error-summary]")).to_be_hidden()
    page.reload()
    assert_every_entry_shown(page, locale)
    # Without a lock the record is kept as written (on this phone only).
    assert "GC-" in raw_record(page)["raw"] or "TRX-" in raw_record(page)["raw"]

    page.fill("#lock-passphrase", PASSPHRASE)
    page.fill("#lock-repeat", PASSPHRASE)
    page.locator("[data-lock-form] button[type=submit]").click()
    expect(page.locator("[data-lock-open]")).to_be_visible()
    kept = raw_record(page)
    assert kept["raw"] and '"sealed"' in kept["raw"] and '"open"' not in kept["raw"]
    for text in typed(locale) + [PASSPHRASE]:
        assert text not in kept["raw"], text
    for value in (v for part in WRITTEN[locale].values() for k, v in part.items() if k in DATES):
        assert value not in kept["raw"]

    # Opened again: locked, nothing of it on the page; a wrong passphrase shows nothing either.
    page.reload()
    expect(page.locator("[data-unlock]")).to_be_visible()
    expect(page.locator("[data-record-body]")).to_be_hidden()
    page.fill("#unlock-passphrase", "not the passphrase")
    page.locator("[data-unlock-form] button[type=submit]").click()
    expect(page.locator("[data-error-summary]")).to_be_visible()
    expect(page.locator("[data-error-summary] a")).to_have_attribute("href", "#unlock-passphrase")
    expect(page.locator("#unlock-passphrase")).to_have_attribute("aria-invalid", "true")
    expect(page.locator("[data-record-body]")).to_be_hidden()
    content = page.content()
    for text in typed(locale):
        assert text not in content, text

    page.fill("#unlock-passphrase", PASSPHRASE)
    page.locator("[data-unlock-form] button[type=submit]").click()
    expect(page.locator("[data-lock-open]")).to_be_visible()
    expect(page.locator("[data-error-summary]")).to_be_hidden()
    assert_every_entry_shown(page, locale)
    # Written after opening: sealed again, with a new IV.
    before = raw_record(page)["raw"]
    page.fill("#timeline-what", "A second message at night")
    page.locator('[data-entry-form="timeline"] button[type=submit]').click()
    expect(page.locator('[data-entries="timeline"]')).to_contain_text("A second message")
    after = raw_record(page)["raw"]
    assert after != before and "A second message" not in after

    # The print view holds every entry, and none of the forms.
    page.emulate_media(media="print")
    assert_every_entry_shown(page, locale)
    for part in WRITTEN[locale]:
        expect(page.locator(f'[data-entry-form="{part}"]')).to_be_hidden()
        expect(page.locator(f"#{part}-title")).to_be_visible()
    expect(page.locator("[data-record-lock], .record-lock")).to_be_hidden()
    expect(page.locator("[data-printed-line]")).to_be_visible()
    expect(page.locator(".quick-exit-bar")).to_be_hidden()
    page.emulate_media(media="screen")

    # The plain-text copy holds it all, the dates written out.
    text = page.input_value("[data-record-text]")
    for fields in WRITTEN[locale].values():
        for field, value in fields.items():
            assert (written_out(page, locale, value) if field in DATES else value) in text

    # Deleted after one confirmation: nothing of it left, on the page or in the browser.
    page.locator("[data-delete-ask]").click()
    page.locator("[data-delete-yes]").click()
    expect(page.locator("[data-record-status]")).to_contain_text(
        "deleted" if locale == "en" else "حُذف"
    )
    assert "steady-record" not in raw_record(page)["names"]
    content = page.content() + page.input_value("[data-record-text]")
    for text in typed(locale):
        assert text not in content, text
    page.reload()
    expect(page.locator("[data-lock-offer]")).to_be_visible()
    expect(page.locator('[data-entries="accounts"] li')).to_have_count(1)  # "Nothing written yet"
    # Opening the page again does not make a new, empty one.
    assert "steady-record" not in raw_record(page)["names"]


MARKER = "zx-marker-7Q3vK9"


def test_no_request_ever_carries_what_the_record_holds(context, own_server):
    """Online, so every request the page or its worker makes really goes out: written, read,
    printed, copied, locked, opened and deleted, the marker in every field, and other pages
    opened meanwhile. No URL, header or body carries it."""
    server = own_server()
    seen = []

    def inspect(request):
        body = request.post_data_buffer or b""
        headers = " ".join(f"{k}: {v}" for k, v in request.all_headers().items())
        seen.append((request.url, headers, body))

    context.on("request", inspect)
    page = context.new_page()
    page.goto(f"{server.url}/en/record")
    wait_until_saved(page)
    for part in WRITTEN["en"]:
        for field in WRITTEN["en"][part]:
            if field not in DATES:
                page.fill(f"#{part}-{field}", f"{MARKER} {field}")
        page.locator(f'[data-entry-form="{part}"] button[type=submit]').click()
        expect(page.locator(f'[data-entries="{part}"]')).to_contain_text(MARKER)
    page.reload()
    expect(page.locator('[data-entries="reports"]')).to_contain_text(MARKER)
    page.emulate_media(media="print")
    page.emulate_media(media="screen")
    page.locator("[data-copy]").click()
    page.fill("#lock-passphrase", MARKER + "-pass")
    page.fill("#lock-repeat", MARKER + "-pass")
    page.locator("[data-lock-form] button[type=submit]").click()
    expect(page.locator("[data-lock-open]")).to_be_visible()
    page.reload()
    page.fill("#unlock-passphrase", MARKER + "-pass")
    page.locator("[data-unlock-form] button[type=submit]").click()
    expect(page.locator('[data-entries="accounts"]')).to_contain_text(MARKER)
    page.get_by_role("link", name=re.compile("What to do if you have already paid")).click()
    page.wait_for_url(re.compile("already-paid"))
    page.goto(f"{server.url}/en/record")
    page.fill("#unlock-passphrase", MARKER + "-pass")
    page.locator("[data-unlock-form] button[type=submit]").click()
    expect(page.locator('[data-entries="accounts"]')).to_contain_text(MARKER)
    page.locator("[data-delete-ask]").click()
    page.locator("[data-delete-yes]").click()
    expect(page.locator("[data-record-status]")).to_contain_text("deleted")
    page.goto(f"{server.url}/en/crisis")

    assert len(seen) > 20
    assert any("/en/record" in url for url, _, _ in seen)
    for url, headers, body in seen:
        assert MARKER not in url, url
        assert MARKER not in headers, (url, headers)
        assert MARKER.encode() not in body, url


BEFORE = "data:text/html,<title>Before Steady</title><p>Before Steady</p>"


def test_quick_exit_hides_the_record_and_back_shows_nothing_of_it(context, own_server):
    saving = record_page_offline(context, own_server, "en")
    page = context.new_page()  # a tab of its own: the saving visit is not in its history
    page.goto(BEFORE)
    page.goto(saving.url)
    expect(page.locator("[data-record]")).to_be_visible()
    write_everything(page, "en")
    hidden = page.evaluate("""() => {
        document.querySelector('[data-quick-exit]').click();
        return getComputedStyle(document.body).visibility;
    }""")
    assert hidden == "hidden"
    page.wait_for_url("about:blank")
    page.go_back()
    assert page.url.startswith("data:")
    content = page.content()
    for text in typed("en"):
        assert text not in content
    assert page.evaluate("history.length") == 3


def test_without_javascript_the_page_says_what_it_needs_and_offers_the_blank_form(browser, server):
    context = browser.new_context(viewport={"width": 360, "height": 740}, java_script_enabled=False)
    page = context.new_page()
    page.goto(f"{server.url}/ar/record")
    expect(page.locator("[data-record-needs-script]")).to_be_visible()
    expect(page.locator("[data-record]")).to_be_hidden()
    page.locator('a[href="/ar/record/blank"]').click()
    page.wait_for_url("**/ar/record/blank")
    expect(page.locator(".blank-entry")).to_have_count(14)
    context.close()


def test_the_lock_can_be_removed_and_the_record_is_kept_as_written_again(page, server):
    page.goto(f"{server.url}/en/record")
    page.fill("#payments-amount", "75")
    page.locator('[data-entry-form="payments"] button[type=submit]').click()
    page.fill("#lock-passphrase", PASSPHRASE)
    page.fill("#lock-repeat", "another phrase")
    page.locator("[data-lock-form] button[type=submit]").click()
    expect(page.locator("[data-error-summary] a")).to_have_attribute("href", "#lock-repeat")
    page.fill("#lock-repeat", PASSPHRASE)
    page.locator("[data-lock-form] button[type=submit]").click()
    expect(page.locator("[data-lock-open]")).to_be_visible()
    kept = raw_record(page)["raw"]
    assert '"sealed"' in kept and '"open"' not in kept
    page.locator("[data-remove-lock]").click()
    expect(page.locator("[data-lock-offer]")).to_be_visible()
    assert '"open"' in raw_record(page)["raw"] and '"sealed"' not in raw_record(page)["raw"]
    page.reload()
    expect(page.locator('[data-entries="payments"]')).to_contain_text("75")
    expect(page.locator("[data-lock-offer]")).to_be_visible()
