"""Start here's checklists: one per situation and age, in the fixed order of the steps, each
linking to its guide, with the country's calls and services; adults get adult services first."""

import html as entities
import re

import pytest

from app.content import find_problems
from app.content.checklists import STEP_ORDER

# Issue 21's order, written out here so that reordering the code's list fails a test.
ISSUE_21_ORDER = [
    "reassure",
    "stay-close",
    "do-not-pay",
    "keep-record",
    "block-report",
    "payment",
    "school",
    "remove",
    "report",
]
GUIDES = {
    ("under-18", "threatened"): "first-hour",
    ("under-18", "shared"): "take-it-down",
    ("18-and-over", "shared"): "stopncii",
    ("under-18", "paid"): "already-paid",
    ("18-and-over", "paid"): "already-paid",
    ("under-18", "fake"): "fake-images",
    ("under-18", "at-school"): "at-school",
    ("under-18", "not-safe"): "first-hour",
}
ANSWERS = ("threatened", "shared", "paid", "fake", "at-school", "not-safe")


def steps_on(page: str) -> list[tuple[str, str]]:
    """(kind, words) of each step of a checklist page, in page order."""
    found = re.findall(r'<li data-kind="([a-z-]+)">(.*?) <a class="cite"', page, re.S)
    return [(kind, entities.unescape(re.sub(r"<[^>]+>", "", text)).strip()) for kind, text in found]


def services_on(page: str) -> list[str]:
    """The names of the services listed under the steps, in page order."""
    listed = page[page.index('<ul class="contacts">') :]
    return [entities.unescape(name) for name in re.findall(r"<h3>(.*?)</h3>", listed)]


def get(client, url: str) -> str:
    response = client.get(url)
    assert response.status_code == 200, url
    return response.get_data(as_text=True)


def test_start_here_offers_every_situation(client):
    page = get(client, "/en/start/under-18/gb")
    for situation in ANSWERS:
        assert f'href="/en/start/under-18/gb/{situation}"' in page
    assert "We have already paid" in page and "The picture is fake or edited" in page


@pytest.mark.parametrize("age", ["under-18", "18-and-over"])
def test_each_situation_has_its_own_checklist(client, library, age):
    checklists = {
        s.key: steps_on(get(client, f"/en/start/{age}/us/{s.key}"))
        for s in library.checklists.for_age(age)
    }
    assert len({tuple(steps) for steps in checklists.values()}) == len(checklists)


def test_the_steps_keep_issue_21s_order_everywhere(client, library):
    assert list(STEP_ORDER) == ISSUE_21_ORDER
    for age in ("under-18", "18-and-over"):
        for situation in library.checklists.for_age(age):
            kinds = [
                kind for kind, _ in steps_on(get(client, f"/en/start/{age}/gb/{situation.key}"))
            ]
            assert kinds == sorted(kinds, key=ISSUE_21_ORDER.index), (age, situation.key)
            # The record is kept before blocking, removal comes before the report, last.
            assert kinds.index("keep-record") < kinds.index("block-report")
            assert kinds[:3] == ["reassure", "stay-close", "do-not-pay"]
            assert kinds[-2:] == ["remove", "report"]


@pytest.mark.parametrize(("age", "situation"), list(GUIDES))
def test_each_checklist_links_to_its_guide(client, age, situation):
    page = get(client, f"/en/start/{age}/gb/{situation}")
    assert f'href="/en/case-studies/{GUIDES[age, situation]}"' in page
    assert "Read the guide:" in page


def test_already_paid_says_what_to_do_about_the_payment(client):
    steps = steps_on(get(client, "/en/start/under-18/us/paid"))
    kinds = [kind for kind, _ in steps]
    payment = " ".join(words for kind, words in steps if kind == "payment")
    assert kinds.count("payment") == 2
    # As the FTC says it (docs/research/second-read-content-2026-12-07.md): ask to reverse it.
    assert "bank" in payment and "ask them to reverse the payment" in payment
    assert "report the payment to the app as fraud" in payment
    do_not_pay = dict(steps)["do-not-pay"]
    assert "Do not pay again" in do_not_pay and "more demands" in do_not_pay
    assert "receipt" in dict(steps)["keep-record"]
    for situation in ("threatened", "shared", "fake", "not-safe"):
        other = steps_on(get(client, f"/en/start/under-18/us/{situation}"))
        assert "payment" not in [kind for kind, _ in other], situation


# The countries added for issue 25 too (fr ... be).
@pytest.mark.parametrize(
    "code",
    ["us", "gb", "ca", "au", "ie", "es", "mx", "eg", "jo", "other"]
    + ["fr", "de", "br", "in", "ph", "id", "pk", "pt", "at", "ch", "be"],
)
def test_adults_get_adult_services_first_and_no_child_line(client, library, code):
    country = library.crisis.countries[code]
    for situation in library.checklists.for_age("18-and-over"):
        page = get(client, f"/en/start/18-and-over/{code}/{situation.key}")
        listed = services_on(page)
        for_children = {c.name for c in country.contacts if c.audience in ("parents", "under-18")}
        assert not for_children & set(listed), (code, situation.key)
        adult = [c for c in country.contacts if c.audience == "adult"]
        if situation.key == "not-safe":  # lines to call come first: an adult's own line, if any
            adult = [c for c in adult if c.phone]
        if adult:
            assert listed[0] in {c.name for c in adult}, (code, situation.key)
        calls = page[
            page.index('<ul class="calls">') : page.index("</ul>", page.index('class="calls"'))
        ]
        assert not any(
            f'href="tel:{c.phone}"' in calls for c in country.contacts if c.name in for_children
        )
        words = " ".join(text for _, text in steps_on(page))
        assert "your teen" not in words.lower(), situation.key
        # Take It Down only for a picture taken before 18 (StopNCII's FAQ sends those there).
        for sentence in re.split(r"(?<=\.) ", words):
            if "Take It Down" in sentence:
                assert "before 18" in sentence, (situation.key, sentence)


def test_adults_are_never_offered_the_school_checklist(client):
    assert client.get("/en/start/18-and-over/gb/at-school").status_code == 404
    assert 'href="/en/start/18-and-over/gb/at-school"' not in get(
        client, "/en/start/18-and-over/gb"
    )


def test_the_country_changes_the_calls_and_the_services(client):
    uk = get(client, "/en/start/under-18/gb/paid")
    us = get(client, "/en/start/under-18/us/paid")
    assert 'href="tel:999"' in uk and 'href="tel:911"' not in uk
    assert 'href="tel:911"' in us and "Report Remove (Childline and IWF)" in services_on(uk)
    assert steps_on(uk) == steps_on(us)  # the steps name no number: the services do


def test_no_step_asks_anyone_to_keep_the_picture(library):
    checklists = library.checklists
    steps = [*checklists.shared, *(s for x in checklists.situations.values() for s in x.steps)]
    for step in steps:
        for words in (step.text, step.adult):
            assert not re.search(r"screenshot|forward", words, re.I), words
    for situation in checklists.situations.values():
        record = [s for s in checklists.steps(situation) if s.kind == "keep-record"]
        assert record and all("chat record and the account names" in s.text for s in record)
        assert all("Never keep, copy or send the picture" in s.text for s in record)


@pytest.mark.parametrize("locale", ["es", "ar"])
def test_checklists_are_translated(client, locale):
    page = get(client, f"/{locale}/start/under-18/us/paid")
    assert 'lang="en"' not in page[page.index("<main") : page.index("</main>")]
    assert len(steps_on(page)) == 9


@pytest.mark.parametrize(
    ("old", "new", "field", "message"),
    [
        ('kind = "keep-record"', 'kind = "keep"', "kind", "unknown kind 'keep'"),
        ('guide = "already-paid"', 'guide = "paid-guide"', "guide", "no case study 'paid-guide'"),
        ('ages = ["under-18"]', 'ages = ["adults"]', "ages", "unknown age 'adults'"),
    ],
)
def test_a_bad_checklist_file_names_the_field(content_copy, old, new, field, message):
    path = content_copy / "start" / "checklists.toml"
    path.write_text(path.read_text().replace(old, new, 1))
    problems, library = find_problems(content_copy)
    assert library is None
    assert any(
        p.path == path and p.field.endswith(field) and message in p.message for p in problems.found
    ), [str(p) for p in problems.found]


def test_steps_written_out_of_order_are_refused(content_copy):
    path = content_copy / "start" / "checklists.toml"
    text = path.read_text()
    # The shared "block" step moved before "keep the record": the order issue 21 fixed.
    keep = text.index('[[steps]]\nkind = "keep-record"')
    block = text.index('[[steps]]\nkind = "block-report"')
    after = text.index("[[steps]]", block + 1)
    moved = text[:keep] + text[block:after] + text[keep:block] + text[after:]
    path.write_text(moved)
    problems, _ = find_problems(content_copy)
    assert any(p.field == "steps" and "out of order" in p.message for p in problems.found)
