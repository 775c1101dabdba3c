"""Who a frightened parent calls first: the emergency number and one main line per country."""

import datetime

from babel.dates import format_time, get_day_names, get_timezone_location
from babel.lists import format_list
from flask_babel import get_locale, gettext

from ..content.crisis import Contact, Country, Crisis
from ..content.hours import MINUTES_A_DAY, Hours
from .rich_text import MIN_DIGITS, PIECES, dialable

# Whose line comes first on the first screen: one for a worried parent, else one for anyone,
# else one for the teen. A line only for adults is for an 18-year-old, not the first call.
MAIN_LINE_AUDIENCES = ("parents", "any", "under-18")
# How many crisis steps the first screen of a page shows: the first minute's, short enough
# that the call buttons and the page's own title still fit on a phone's first screen.
FIRST_STEPS = 3


def main_line(country: Country) -> Contact | None:
    """The first line with a phone number for the first audience that has one."""
    for audience in MAIN_LINE_AUDIENCES:
        for contact in country.contacts:
            if contact.audience == audience and contact.phone:
                return contact
    return None


def short_numbers(crisis: Crisis) -> frozenset[str]:
    """The short numbers (911, 116 123, 988) that earn a call link in any text: longer ones
    are recognised by their shape, but "000" or "999" alone could be anything else."""
    found = set()
    for country in crisis.countries.values():
        numbers = [country.emergency] + [c.phone for c in country.contacts]
        found.update(n for n in numbers if n and len(dialable(n)) < MIN_DIGITS)
    return frozenset(found)


def digits_only(display: str) -> str:
    """A number as written, without its lettered form: "1-800-THE-LOST (1-800-843-5678)" is
    1-800-843-5678 on a button that has room for one number."""
    if not any(c.isalpha() for c in display):
        return display
    written = [m.group("digits") for m in PIECES.finditer(display) if m.lastgroup == "digits"]
    return written[0] if written else display


def around_the_clock(country: Country) -> Contact | None:
    """The first line open day and night, for the same audiences as the main line: what a
    family in danger can call whatever the hour."""
    for audience in MAIN_LINE_AUDIENCES:
        for contact in country.contacts:
            if contact.audience == audience and contact.phone and contact.hours:
                if contact.hours.always:
                    return contact
    return None


def first_lines(country: Country, danger: bool = True, main_too: bool = True) -> list[Contact]:
    """The lines under the emergency number. In danger (the top of every page, "my teen is not
    safe"), a line open day and night comes first, then the main line, which says whether it
    answers now (with `main_too` False, only where no line is open day and night: the "not
    safe" checklist, where room is short and the lines come first in its list); on a checklist
    for a danger that is not immediate, the main line leads and a
    line open day and night follows it only where the main line keeps hours (the phone puts
    that one first while the main line is closed, static/js/country.js)."""
    main, always = main_line(country), around_the_clock(country)
    if danger:
        if always and not main_too:
            return [always]
        lines = [always] if always else []
        if main and main is not always:
            lines.append(main)
        return lines
    lines = [main] if main else []
    if always and main is not always and (main is None or main.hours):
        lines.append(always)
    return lines


def hours_text(hours: Hours) -> str:
    """When a line answers, in the page's language: day names and times from Babel, the time
    zone as a place ("United Kingdom Time")."""
    if hours.always:
        return gettext("24 hours, every day")
    locale = str(get_locale())
    day_names = get_day_names("wide", locale=locale)
    by_day: dict[int, tuple[tuple[int, int], ...]] = {}
    for span in hours.spans:
        by_day[span.day] = by_day.get(span.day, ()) + ((span.opens, span.closes),)
    parts = []
    day = 0
    while day < 7:
        if day not in by_day:
            day += 1
            continue
        last = day
        while last + 1 < 7 and by_day.get(last + 1) == by_day[day]:
            last += 1
        if last - day == 6:
            days = gettext("Every day")
        elif last == day:
            days = day_names[day]
        else:
            days = gettext("%(first)s to %(last)s", first=day_names[day], last=day_names[last])
        times = format_list([_time_range(o, c, locale) for o, c in by_day[day]], locale=locale)
        parts.append(gettext("%(days)s, %(times)s", days=days, times=times))
        day = last + 1
    zone = get_timezone_location(hours.time_zone, locale=locale)
    return gettext("%(hours)s (%(zone)s)", hours="; ".join(parts), zone=zone)


def _time_range(opens: int, closes: int, locale: str) -> str:
    def clock(minutes: int) -> str:
        minutes %= MINUTES_A_DAY
        return format_time(datetime.time(minutes // 60, minutes % 60), "short", locale=locale)

    return gettext("%(opens)s to %(closes)s", opens=clock(opens), closes=clock(closes))
