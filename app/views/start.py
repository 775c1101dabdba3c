"""Start here: three short questions, each a page of links, leading to one checklist.

Links rather than a form, so every answer is an address: it works without JavaScript, it is
stored at start-up like every page that is the same for everyone, and it is saved offline.
"""

from functools import partial

from flask import abort, render_template

from ..content.crisis import Country
from ..i18n import current_library
from ..i18n.text import lazy_gettext
from .helpers import link
from .routes import localized_blueprint, page_route, stored

bp = localized_blueprint("start", __name__)

# The teen's age decides the removal tools (Take It Down or Report Remove under 18, StopNCII
# for adults) and which lines are for them.
AGES = {
    "under-18": lazy_gettext("Under 18"),
    "18-and-over": lazy_gettext("18 or older"),
}
AGE_AUDIENCES = {
    "under-18": ("parents", "any", "under-18"),
    "18-and-over": ("parents", "any", "adult"),
}
SITUATIONS = {
    "threatened": lazy_gettext("Someone is threatening to share a picture"),
    "shared": lazy_gettext("The picture has already been shared"),
    "not-safe": lazy_gettext("My teen is not safe right now"),
}
SITUATION_TITLES = {
    "threatened": lazy_gettext("Your teen is being threatened"),
    "shared": lazy_gettext("The picture has been shared"),
    "not-safe": lazy_gettext("Your teen is not safe right now"),
}
SITUATION_LEADS = {
    "threatened": lazy_gettext(
        "Someone says they will share a picture of your teen unless they get money or more "
        "pictures. Do these things now, in this order."
    ),
    "shared": lazy_gettext(
        "A picture of your teen is online or was sent to other people. It can still be taken "
        "down, and you do not have to do this alone."
    ),
    "not-safe": lazy_gettext(
        "If your teen may hurt themselves, or is in danger, stay with them and call now. "
        "The rest can wait."
    ),
}


def every_age(_library) -> list[dict[str, str]]:
    return [{"age": age} for age in AGES]


def every_country(library) -> list[dict[str, str]]:
    return [{"age": age, "code": code} for age in AGES for code in library.crisis.countries]


def every_checklist(library) -> list[dict[str, str]]:
    return [{**answers, "situation": s} for answers in every_country(library) for s in SITUATIONS]


# Every answer is a page the build stores. Offline, an easy-read page of the flow opens its
# standard twin (service_worker/strategies.js), as its questions are short: only the standard
# pages are saved on the phone, with the crisis page before the rest of the language.
stored_flow = partial(stored, plain_saved_offline=False, first_hour=True)


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
        (link("start.checklist", age=age, code=code, situation=situation), name)
        for situation, name in SITUATIONS.items()
    ]
    return render_template("start/question.html", step=3, answers=answers)


@page_route(bp, "/start/<age>/<code>/<situation>")
@stored_flow(every_checklist)
def checklist(locale: str, plain: bool, age: str, code: str, situation: str):
    country = answered(age, code)
    if situation not in SITUATIONS:
        abort(404)
    contacts = [c for c in country.contacts if c.audience in AGE_AUDIENCES[age]]
    if situation == "not-safe":  # lines to call before tools to use
        contacts.sort(key=lambda c: not c.phone)
    return render_template(
        "start/checklist.html",
        age=age,
        country=country,
        situation=situation,
        contacts=contacts,
        age_label=AGES[age],
        title=SITUATION_TITLES[situation],
        lead=SITUATION_LEADS[situation],
    )
