"""Crisis contacts by country and age, and the short crisis steps, from content/crisis/."""

import datetime
import functools
import re
import zoneinfo
from dataclasses import dataclass, field
from pathlib import Path

from babel import Locale

from .fields import Fields
from .files import read_toml
from .hours import Hours, HoursError, parse_hours
from .problems import Problems

# Who a contact is for: the parent or carer calling, a teen under 18, an adult 18 or over,
# or anyone. The caller and the teen's age are different questions, so they are not mixed.
AUDIENCES = ("parents", "under-18", "adult", "any")
# What a contact does for a family; every listed country needs each kind (the emergency
# number is the country's own field). A contact may do more than one thing.
KINDS = ("crisis-line", "helpline", "report", "removal")
# The young person's age, as the Start-here questions ask it, and whose contacts come first for
# each: for an adult, adult services (StopNCII, the Revenge Porn Helpline) before anything for
# anyone, and never a child-protection service; for a teen, the parent's and teen's lines.
AGE_AUDIENCES = {
    "under-18": ("parents", "under-18", "any"),
    "18-and-over": ("adult", "any"),
}
# What a step may show after its text, for the family's country: its crisis line.
STEP_SHOWS = ("crisis-line",)
# The choice for a family whose country is not listed: what works everywhere.
ANOTHER_COUNTRY = "other"
# Two digits at least: Morocco's police is 19.
DIALABLE = re.compile(r"^\+?[0-9]{2,15}$")
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
    kinds: tuple[str, ...]
    # Only about children under 18 (NSPCC, CEOP, a child helpline): never offered for an adult.
    child_protection: bool
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
    # A page of the same service in a language ({"es": "https://..."}), shown in that language.
    web_in: dict[str, str] = field(default_factory=dict)


@dataclass(frozen=True)
class Country:
    code: str
    name: str
    emergency: str
    emergency_source: str
    emergency_checked: datetime.date
    # Where the emergency number does not reach the whole country: where it works, and the
    # number to call elsewhere ("" where it reaches everywhere).
    emergency_note: str
    contacts: tuple[Contact, ...]

    def for_age(self, age: str) -> tuple[Contact, ...]:
        """The contacts for a young person of this age (a key of AGE_AUDIENCES), in the order
        they should be offered: see AGE_AUDIENCES."""
        adult = age == "18-and-over"
        return tuple(
            contact
            for audience in AGE_AUDIENCES[age]
            for contact in self.contacts
            if contact.audience == audience and not (adult and contact.child_protection)
        )

    def crisis_line(self) -> Contact | None:
        """The line to call or text now when a teen talks about hurting themselves."""
        return next(
            (c for c in self.contacts if "crisis-line" in c.kinds and (c.phone or c.sms)), None
        )


@dataclass(frozen=True)
class Step:
    # A name that stays when the text or the order changes: the translation's context.
    key: str
    text: str
    # "crisis-line": the family's country's crisis line is shown after the text.
    shows: str
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


def _web_in(fields: Fields) -> dict[str, str]:
    if "web_in" not in fields.data:
        fields.read.add("web_in")
        return {}
    table = fields.table("web_in")
    pages = {locale: table.url(locale) for locale in table.data}
    table.check_no_unknown()
    return pages


def _contact(fields: Fields) -> Contact:
    audience = fields.text("audience")
    if audience and audience not in AUDIENCES:
        fields.problem("audience", f"unknown audience {audience!r}: one of {', '.join(AUDIENCES)}")
    kinds = fields.text_list("kinds")
    for kind in kinds:
        if kind not in KINDS:
            fields.problem("kinds", f"unknown kind {kind!r}: any of {', '.join(KINDS)}")
    phone, phone_display = _number(fields, "phone")
    sms, sms_display = _number(fields, "sms")
    web = fields.url("web", required=False)
    contact = Contact(
        name=fields.text("name"),
        audience=audience,
        kinds=kinds,
        child_protection=fields.flag("child_protection"),
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
        web_in=_web_in(fields),
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
            emergency_note=_emergency_note(country, emergency),
            contacts=tuple(_contact(contact) for contact in country.tables("contacts")),
        )
        country.check_no_unknown()
    if not countries:
        table.problem(None, "no countries")
    return countries


def _emergency_note(country: Fields, emergency: str) -> str:
    note = country.text("emergency_note", required=False)
    if note and not emergency:
        country.problem("emergency_note", "a note on an emergency number the country does not give")
    return note


def _steps(fields: Fields) -> tuple[Step, ...]:
    steps = []
    for step in fields.tables("steps"):
        shows = step.text("shows", required=False)
        if shows and shows not in STEP_SHOWS:
            step.problem("shows", f"unknown {shows!r}: one of {', '.join(STEP_SHOWS)}")
        steps.append(
            Step(
                step.text("key"), step.text("text"), shows, step.url("source"), step.date("checked")
            )
        )
        step.check_no_unknown()
    keys = [step.key for step in steps]
    for key in {key for key in keys if keys.count(key) > 1}:
        fields.problem("steps", f"the key {key!r} is used twice")
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
