"""When a helpline answers: the hours an editor writes, read into weekly spans, and whether a
line is open at a given moment of its own local time.

The grammar, in the line's local time, 24-hour clock:

    hours = "24/7"
    hours = "mon-fri 08:00-22:00; sat-sun 09:00-18:00"
    hours = "mon,wed 10:00-16:00; fri 10:00-13:00, 14:00-18:00"

Each part (split at ";") is days then times: days are mon..sun, single or as a range
(a range may pass Sunday: "sat-mon"), joined by commas; times are HH:MM-HH:MM, joined by
commas. A span may close at 24:00, or after midnight ("22:00-02:00": it runs into the next
day). The phone works out "open now" from the same spans (static/js/country.js), so the two
rules stay the same: see `is_open` and its JavaScript twin.
"""

import re
from dataclasses import dataclass
from datetime import datetime

ALWAYS = "24/7"
DAYS = ("mon", "tue", "wed", "thu", "fri", "sat", "sun")
MINUTES_A_DAY = 24 * 60
TIME = re.compile(r"^(\d{2}):(\d{2})$")


class HoursError(ValueError):
    """A value that is not in the grammar; the message says what to write instead."""


@dataclass(frozen=True)
class Span:
    """Open from `opens` to `closes`, minutes after local midnight, on weekday `day` (0 is
    Monday). `closes` may be past 24:00 (1440): the span runs into the next day."""

    day: int
    opens: int
    closes: int


@dataclass(frozen=True)
class Hours:
    spans: tuple[Span, ...]  # empty means always open
    time_zone: str

    @property
    def always(self) -> bool:
        return not self.spans

    def is_open(self, local: datetime) -> bool:
        """Open at this moment of the line's local time (a naive or aware datetime)."""
        if self.always:
            return True
        minute = local.hour * 60 + local.minute
        day = local.weekday()
        for span in self.spans:
            if span.day == day and span.opens <= minute < span.closes:
                return True
            # Yesterday's span that runs past midnight.
            if (span.day + 1) % 7 == day and minute + MINUTES_A_DAY < span.closes:
                return True
        return False

    def for_script(self) -> str:
        """The spans as the phone's script reads them: "day opens closes" joined by commas."""
        return ",".join(f"{s.day} {s.opens} {s.closes}" for s in self.spans) or ALWAYS


def _minutes(text: str, *, closing: bool) -> int:
    found = TIME.match(text)
    if not found:
        raise HoursError(f"bad time {text!r}: write it as HH:MM on a 24-hour clock, like 08:00")
    hour, minute = int(found[1]), int(found[2])
    if minute > 59 or hour > 24 or (hour == 24 and (minute or not closing)):
        raise HoursError(f"no such time {text!r}: 00:00 to 23:59, or 24:00 to close at midnight")
    return hour * 60 + minute


def _days(text: str) -> list[int]:
    days = []
    for part in text.split(","):
        first, _, last = part.strip().partition("-")
        for name in (first, last) if last else (first,):
            if name not in DAYS:
                raise HoursError(f"unknown day {name!r}: one of {', '.join(DAYS)}")
        start, end = DAYS.index(first), DAYS.index(last or first)
        days += [(start + n) % 7 for n in range((end - start) % 7 + 1)]
    return days


def _times(text: str) -> list[tuple[int, int]]:
    times = []
    for part in text.split(","):
        opens, dash, closes = part.strip().partition("-")
        if not dash:
            raise HoursError(f"bad times {part.strip()!r}: write opening-closing, like 08:00-22:00")
        start, end = _minutes(opens, closing=False), _minutes(closes, closing=True)
        if end == start:
            raise HoursError(f"{part.strip()!r} opens and closes at once: for all day, 00:00-24:00")
        times.append((start, end if end > start else end + MINUTES_A_DAY))
    return times


def parse_hours(text: str, time_zone: str) -> Hours:
    """Read `text` in the grammar above; raise HoursError saying what is wrong."""
    text = " ".join(text.lower().split())
    if text == ALWAYS:
        return Hours((), time_zone)
    spans = []
    for part in filter(None, (p.strip() for p in text.split(";"))):
        days, _, times = part.partition(" ")
        if not times:
            raise HoursError(
                f"bad hours {part!r}: days then times, like 'mon-fri 08:00-22:00', or '24/7'"
            )
        for day in _days(days):
            spans += [Span(day, opens, closes) for opens, closes in _times(times.replace(" ", ""))]
    if not spans:
        raise HoursError("no hours: write '24/7' or days and times, like 'mon-fri 08:00-22:00'")
    seen = set()
    for span in spans:
        if (span.day, span.opens) in seen:
            raise HoursError(f"{DAYS[span.day]} is given twice at the same time")
        seen.add((span.day, span.opens))
    return Hours(tuple(sorted(spans, key=lambda s: (s.day, s.opens))), time_zone)
