"""Start here: three short questions, each a page of links, leading to one checklist.

Links rather than a form, so every answer is an address: it works without JavaScript, it is
stored at start-up like every page that is the same for everyone, and it is saved offline.
"""

from dataclasses import replace
from functools import partial

from flask import abort, render_template

from ..content import checklists
from ..content.crisis import ANOTHER_COUNTRY, Contact, Country
from ..i18n import current_library
from ..i18n.text import lazy_gettext
from .helpers import link
from .routes import localized_blueprint, page_route, stored

bp = localized_blueprint("start", __name__)

# The teen's age decides the removal tools (Take It Down or Report Remove under 18, StopNCII
# for adults) and which lines are for them. The situations, their words and steps are content
# (content/start/checklists.toml).
AGES = dict(
    zip(checklists.AGES, (lazy_gettext("Under 18"), lazy_gettext("18 or older")), strict=True)
)


def services(country: Country, age: str) -> list[Contact]:
    """The country's services for this age, in the order to offer them (Country.for_age)."""
    return list(country.for_age(age))


def every_age(_library) -> list[dict[str, str]]:
    return [{"age": age} for age in AGES]


def every_country(library) -> list[dict[str, str]]:
    return [{"age": age, "code": code} for age in AGES for code in library.crisis.countries]


def every_checklist(library) -> list[dict[str, str]]:
    return [
        {**answers, "situation": situation.key}
        for answers in every_country(library)
        for situation in library.checklists.for_age(answers["age"])
    ]


def for_no_country(values: dict[str, str]) -> bool:
    """The questions, and the pages for "another country": saved first, before the pages of
    every country (a first visit on a slow link cannot wait for them all)."""
    return values.get("code", ANOTHER_COUNTRY) == ANOTHER_COUNTRY


# Offline, until its country's pages are saved, a page of the flow for a country opens the same
# page for another country (service_worker/strategies.js), with the steps that hold anywhere,
# its call buttons and crisis line set to the family's country by static/js/country.js. The
# pattern and replacement are a JavaScript RegExp's, applied to the address after the language.
COUNTRY_LESS_TWIN = {
    "pattern": r"^start/([^/]+)/[^/]+",
    "replacement": f"start/$1/{ANOTHER_COUNTRY}",
}

# Every answer is a page the build stores. Offline, an easy-read page of the flow opens its
# standard twin (service_worker/strategies.js), as its questions are short: only the standard
# pages are saved on the phone, the country-less ones with the crisis page before the rest of
# the language.
stored_flow = partial(stored, plain_saved_offline=False, first_hour=for_no_country)


def answered(age: str, code: str | None = None) -> Country | None:
    """The country answered, after checking every answer in the address: a 404 otherwise."""
    if age not in AGES:
        abort(404)
    if code is None:
        return None
    return current_library().crisis.countries.get(code) or abort(404)


@page_route(bp, "/start")
@stored_flow()
def start(locale: str, plain: bool):
    answers = [(link("start.choose_country", age=age), name) for age, name in AGES.items()]
    return render_template("start/question.html", step=1, answers=answers)


@page_route(bp, "/start/<age>")
@stored_flow(every_age)
def choose_country(locale: str, plain: bool, age: str):
    answered(age)
    answers = [
        (link("start.choose_situation", age=age, code=code), country.name)
        for code, country in current_library().crisis.countries.items()
    ]
    return render_template("start/question.html", step=2, answers=answers)


@page_route(bp, "/start/<age>/<code>")
@stored_flow(every_country)
def choose_situation(locale: str, plain: bool, age: str, code: str):
    answered(age, code)
    answers = [
        (link("start.checklist", age=age, code=code, situation=s.key), s.for_age(age)["answer"])
        for s in current_library().checklists.for_age(age)
    ]
    return render_template("start/question.html", step=3, answers=answers)


@page_route(bp, "/start/<age>/<code>/<situation>")
@stored_flow(every_checklist)
def checklist(locale: str, plain: bool, age: str, code: str, situation: str):
    country = answered(age, code)
    library = current_library()
    chosen = library.checklists.situations.get(situation)
    if chosen is None or age not in chosen.ages:
        abort(404)
    words = chosen.for_age(age)
    contacts = services(country, age)
    if situation == "not-safe":  # lines to call before tools to use
        contacts.sort(key=lambda c: not c.phone)
    return render_template(
        "start/checklist.html",
        age=age,
        # The calls above the steps offer this age's lines only (app/views/calls.py picks).
        calls_country=replace(country, contacts=tuple(contacts)),
        country=country,
        situation=situation,
        steps=[
            (step.kind, step.words(age), step.source_for(age))
            for step in library.checklists.steps(chosen)
        ],
        guide=library.get(words["guide"]),
        contacts=contacts,
        age_label=AGES[age],
        title=words["title"],
        lead=words["lead"],
    )
