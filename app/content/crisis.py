"""Crisis contacts by country and age, and the short crisis steps, from content/crisis/."""

import datetime
import functools
import re
import zoneinfo
from dataclasses import dataclass
from pathlib import Path

from babel import Locale

from .fields import Fields
from .files import read_toml
from .hours import Hours, HoursError, parse_hours
from .problems import Problems

# Who a contact is for: the parent or carer calling, a teen under 18, an adult 18 or over,
# or anyone. The caller and the teen's age are different questions, so they are not mixed.
AUDIENCES = ("parents", "under-18", "adult", "any")
# The choice for a family whose country is not listed: what works everywhere.
ANOTHER_COUNTRY = "other"
DIALABLE = re.compile(r"^\+?[0-9]{3,15}$")
# Two-letter regions CLDR knows that ISO 3166-1 does not assign to a country: exceptionally
# reserved (AC CP CQ DG EA EU EZ IC TA UN) and user-assigned or private (QO XA XB XK ZZ).
NOT_ISO_3166 = {"AC", "CP", "CQ", "DG", "EA", "EU", "EZ", "IC", "TA", "UN", "QO", "XA", "XB"}
NOT_ISO_3166 |= {"XK", "ZZ"}


@functools.cache
def iso_country_codes() -> frozenset[str]:
    """ISO 3166-1 alpha-2 codes, lowercase as our files and URLs write them."""
    regions = Locale("en").territories
    return frozenset(code.lower() for code in regions if len(code) == 2 and code.isalpha()) - {
        code.lower() for code in NOT_ISO_3166
    }


@dataclass(frozen=True)
class Contact:
    name: str
    audience: str
    purpose: str
    phone: str
    phone_display: str
    sms: str
    sms_display: str
    sms_body: str
    web: str
    web_display: str
    hours: Hours | None  # None: not known
    source: str
    checked: datetime.date


@dataclass(frozen=True)
class Country:
    code: str
    name: str
    emergency: str
    emergency_source: str
    emergency_checked: datetime.date
    contacts: tuple[Contact, ...]


@dataclass(frozen=True)
class Step:
    text: str
    source: str
    checked: datetime.date


@dataclass(frozen=True)
class Crisis:
    title: str
    steps: tuple[Step, ...]
    countries: dict[str, Country]  # in file order
    locale_defaults: dict[str, str]

    def default_country(self, locale: str) -> Country:
        """What a stored page shows before the family picks a country. A language is spoken in
        many countries: none of them is assumed (a Spanish page telling a Mexican family to
        call Spain's lines sends them abroad), so this is "another country", what works
        anywhere, unless the file names a default for the language."""
        code = self.locale_defaults.get(locale)
        if code is None and ANOTHER_COUNTRY in self.countries:
            code = ANOTHER_COUNTRY
        return self.countries[code or next(iter(self.countries))]


def _read(path: Path, problems: Problems) -> Fields | None:
    data = read_toml(path, problems)
    return None if data is None else Fields(data, path, problems)


def _number(fields: Fields, key: str) -> tuple[str, str]:
    """A dialable number and the way it is written for people; both or neither."""
    number = fields.text(key, required=False)
    display = fields.text(f"{key}_display", required=bool(number))
    if number and not DIALABLE.match(number):
        fields.problem(key, f"bad number {number!r}: digits only, optionally starting with +")
    return number, display


def _time_zone(fields: Fields, required: bool) -> str:
    name = fields.text("time_zone", required=required)
    if not name:
        return ""
    try:
        zoneinfo.ZoneInfo(name)
    except (zoneinfo.ZoneInfoNotFoundError, ValueError):
        fields.problem("time_zone", f"unknown time zone {name!r}: an IANA name like Europe/London")
        return ""
    return name


def _hours(fields: Fields) -> Hours | None:
    """When the line answers (app/content/hours.py), in its own time zone; the zone may be
    left out only for a line open day and night."""
    text = fields.text("hours", required=False)
    always = " ".join(text.split()) == "24/7"
    time_zone = _time_zone(fields, required=bool(text) and not always)
    if not text:
        return None
    try:
        return parse_hours(text, time_zone)
    except HoursError as error:
        fields.problem("hours", str(error))
        return None


def _contact(fields: Fields) -> Contact:
    audience = fields.text("audience")
    if audience and audience not in AUDIENCES:
        fields.problem("audience", f"unknown audience {audience!r}: one of {', '.join(AUDIENCES)}")
    phone, phone_display = _number(fields, "phone")
    sms, sms_display = _number(fields, "sms")
    web = fields.url("web", required=False)
    contact = Contact(
        name=fields.text("name"),
        audience=audience,
        purpose=fields.text("purpose"),
        phone=phone,
        phone_display=phone_display,
        sms=sms,
        sms_display=sms_display,
        sms_body=fields.text("sms_body", required=False),
        web=web,
        web_display=fields.text("web_display", required=bool(web)),
        hours=_hours(fields),
        source=fields.url("source"),
        checked=fields.date("checked"),
    )
    if not (phone or sms or web):
        fields.problem(None, "a contact needs a phone, an sms or a web address")
    fields.check_no_unknown()
    return contact


def _countries(fields: Fields) -> dict[str, Country]:
    countries = {}
    table = fields.table("countries")
    for code in table.data:
        country = table.table(code)
        if code != ANOTHER_COUNTRY and code not in iso_country_codes():
            country.problem(
                None,
                f"unknown country code {code!r}: use a lowercase ISO 3166-1 code like gb, "
                f"or {ANOTHER_COUNTRY!r} for every other country",
            )
        # Only the "another country" choice has no single emergency number to give.
        needs_emergency = code != ANOTHER_COUNTRY
        emergency = country.text("emergency", required=needs_emergency)
        if emergency and not DIALABLE.match(emergency):
            country.problem("emergency", f"bad number {emergency!r}")
        countries[code] = Country(
            code=code,
            name=country.text("name"),
            emergency=emergency,
            emergency_source=country.url("emergency_source", required=bool(emergency)),
            emergency_checked=country.date("emergency_checked", required=bool(emergency)),
            contacts=tuple(_contact(contact) for contact in country.tables("contacts")),
        )
        country.check_no_unknown()
    if not countries:
        table.problem(None, "no countries")
    return countries


def _steps(fields: Fields) -> tuple[Step, ...]:
    steps = []
    for step in fields.tables("steps"):
        steps.append(Step(step.text("text"), step.url("source"), step.date("checked")))
        step.check_no_unknown()
    return tuple(steps)


def load_crisis(crisis_dir: Path, problems: Problems) -> Crisis | None:
    """Read contacts.toml and steps.toml; return None when anything is wrong (recorded)."""
    found_before = len(problems)
    contacts = _read(crisis_dir / "contacts.toml", problems)
    steps = _read(crisis_dir / "steps.toml", problems)
    if contacts is None or steps is None:
        return None
    countries = _countries(contacts)
    defaults_table = contacts.table("locale_defaults", required=False)
    defaults = {}
    for locale in defaults_table.data:
        code = defaults_table.text(locale)
        if code and code not in countries:
            defaults_table.problem(locale, f"unknown country {code!r}")
        defaults[locale] = code
    contacts.check_no_unknown()
    crisis = Crisis(steps.text("title"), _steps(steps), countries, defaults)
    steps.check_no_unknown()
    return crisis if len(problems) == found_before else None
