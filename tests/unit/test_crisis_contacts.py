"""Every country we list gives a family each kind of help, and the family of a young adult is
offered adult services first, never a service only for children."""

import pytest

from app.content.crisis import ANOTHER_COUNTRY, KINDS
from tests.support.apps import CONTENT

# Countries where the second read (docs/research/issue-21-second-read.md) confirmed no crisis
# line open to anyone at any hour: the "stay close" step names the emergency number there.
WITHOUT_CRISIS_LINE = {"eg", "jo", "co", "sa", "ae", "ma"} | {
    # Issue 25 (docs/research/issue-25-contacts.md). Indonesia: the Ministry of Health's 119 ext 8
    # answers in office hours only and healing119.id gives no hours. Pakistan: the one 24-hour
    # claim (Umang) conflicts with another page giving 9 to 9, Monday to Saturday.
    "id",
    "pk",
}


@pytest.fixture(scope="module")
def crisis():
    from app.content import load_library

    return load_library(CONTENT).crisis


def test_every_country_has_each_kind_of_contact(crisis):
    missing = []
    for code, country in crisis.countries.items():
        if code != ANOTHER_COUNTRY and not country.emergency:
            missing.append(f"{code}: emergency number")
        # "Another country" has no police or reporting line of its own to give.
        needed = ("helpline", "removal") if code == ANOTHER_COUNTRY else KINDS
        if code in WITHOUT_CRISIS_LINE:
            needed = tuple(kind for kind in needed if kind != "crisis-line")
        kinds = {kind for contact in country.contacts for kind in contact.kinds}
        missing += [f"{code}: {kind}" for kind in needed if kind not in kinds]
    assert not missing, missing


def test_removal_route_for_both_ages_everywhere(crisis):
    for code, country in crisis.countries.items():
        removal = [c for c in country.contacts if "removal" in c.kinds]
        assert any(c.audience == "under-18" for c in removal), code
        assert any(c.audience == "adult" for c in removal), code


def test_an_adult_child_gets_adult_services_first_and_no_child_protection(crisis):
    for code, country in crisis.countries.items():
        offered = country.for_age("18-and-over")
        assert offered and offered[0].audience == "adult", code
        for contact in offered:
            assert not contact.child_protection and contact.audience != "under-18", (
                code,
                contact.name,
            )


def test_child_protection_lines_are_marked(crisis):
    names = {c.name for country in crisis.countries.values() for c in country.contacts}
    marked = {
        c.name
        for country in crisis.countries.values()
        for c in country.contacts
        if c.child_protection
    }
    for name in ("NSPCC Helpline", "CEOP Safety Centre", "NCMEC CyberTipline"):
        assert name in names and name in marked, name


@pytest.mark.parametrize(
    "old, new, expected",
    [
        (
            'hours = "mon-fri 10:00-16:00"',
            'hours = "Monday to Friday, 10am to 4pm"',
            "unknown day 'monday'",
        ),
        ('time_zone = "Europe/Madrid"\n', "", "[countries.es.contacts[2].time_zone]: missing"),
        ('time_zone = "Europe/Madrid"', 'time_zone = "Madrid"', "unknown time zone"),
        ('kinds = ["crisis-line", "helpline"]', 'kinds = ["hotline"]', "unknown kind 'hotline'"),
        ("\nchild_protection = true", '\nchild_protection = "yes"', "write true or false"),
    ],
)
def test_contact_fields_are_checked(content_copy, old, new, expected):
    from tests.support.content import edit, problems_of

    edit(content_copy / "crisis" / "contacts.toml", old, new)
    assert any(expected in problem for problem in problems_of(content_copy)), expected
