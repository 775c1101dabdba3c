"""A helpline's hours: the grammar editors write, the check that names a bad value's file and
field, and the rule that says whether a line answers at a given local time."""

from datetime import datetime

import pytest

from app.content.hours import HoursError, Span, parse_hours
from tests.support.apps import flask
from tests.support.content import edit, problems_of

NSPCC = "mon-fri 08:00-22:00; sat-sun 09:00-18:00"
# 2026-12-07 is a Monday.
MONDAY = datetime(2026, 12, 7)


def at(day: int, hour: int, minute: int = 0) -> datetime:
    return MONDAY.replace(day=7 + day, hour=hour, minute=minute)


def test_always_open():
    hours = parse_hours("24/7", "")
    assert hours.always and hours.for_script() == "24/7"
    assert all(hours.is_open(at(day, hour)) for day in range(7) for hour in range(24))


def test_days_ranges_and_times_into_weekly_spans():
    hours = parse_hours(NSPCC, "Europe/London")
    assert len(hours.spans) == 7
    assert hours.spans[0] == Span(0, 8 * 60, 22 * 60)
    assert hours.spans[5] == Span(5, 9 * 60, 18 * 60)
    assert hours.for_script().startswith("0 480 1320,1 480 1320,")


def test_commas_and_a_range_over_sunday():
    hours = parse_hours("sat-mon 10:00-12:00, 13:00-15:00; wed,fri 09:00-24:00", "Europe/Madrid")
    assert sorted({span.day for span in hours.spans}) == [0, 2, 4, 5, 6]
    assert Span(4, 9 * 60, 24 * 60) in hours.spans
    assert len([s for s in hours.spans if s.day == 6]) == 2


@pytest.mark.parametrize(
    ("day", "hour", "minute", "open_"),
    [
        (0, 7, 59, False),  # Monday before eight
        (0, 8, 0, True),  # opens on the minute
        (0, 21, 59, True),
        (0, 22, 0, False),  # closed on the minute
        (5, 8, 30, False),  # Saturday opens later
        (5, 9, 0, True),
        (6, 17, 59, True),
        (6, 18, 0, False),
    ],
)
def test_open_now_rule(day, hour, minute, open_):
    assert parse_hours(NSPCC, "Europe/London").is_open(at(day, hour, minute)) is open_


def test_a_span_past_midnight_is_open_into_the_next_morning():
    hours = parse_hours("fri 22:00-02:00", "Europe/London")
    assert hours.is_open(at(4, 23))
    assert hours.is_open(at(5, 1, 59))  # Saturday, small hours
    assert not hours.is_open(at(5, 2))
    assert not hours.is_open(at(4, 21))


@pytest.mark.parametrize(
    ("text", "message"),
    [
        ("Monday to Friday, 8am to 10pm", "unknown day 'monday'"),
        ("mon-fri 8:00-22:00", "bad time '8:00'"),
        ("mon-fri 08:00-25:00", "no such time '25:00'"),
        ("mon-fri 24:00-08:00", "no such time '24:00'"),
        ("mon-fri 08:00", "bad times '08:00'"),
        ("mon-fri", "days then times"),
        ("mon 09:00-09:00", "opens and closes at once"),
        ("mon 09:00-12:00; mon 09:00-13:00", "mon is given twice"),
        ("24 hours a day", "unknown day '24'"),
    ],
)
def test_bad_hours_say_what_to_write(text, message):
    with pytest.raises(HoursError, match=message):
        parse_hours(text, "Europe/London")


def test_a_bad_value_names_file_and_field(content_copy):
    path = content_copy / "crisis" / "contacts.toml"
    edit(path, 'hours = "mon-fri 10:00-16:00"', 'hours = "weekdays 10-4"')
    edit(path, 'time_zone = "Europe/Madrid"', 'time_zone = "Spain/Madrid"')
    found = problems_of(content_copy)
    assert any(
        "contacts.toml [countries.gb.contacts[" in p and ".hours]: unknown day 'weekdays'" in p
        for p in found
    ), found
    assert any(".time_zone]: unknown time zone 'Spain/Madrid'" in p for p in found), found


def test_timed_hours_need_a_time_zone(content_copy):
    edit(content_copy / "crisis" / "contacts.toml", 'time_zone = "Europe/Madrid"\n', "")
    assert any(".time_zone]: missing" in p for p in problems_of(content_copy))


def test_content_check_stops_on_bad_hours(content_copy):
    edit(content_copy / "crisis" / "contacts.toml", 'hours = "24/7"', 'hours = "always"')
    result = flask("content", "check", "--content-dir", str(content_copy))
    assert result.returncode == 1
    assert "contacts.toml" in result.stderr and ".hours]: bad hours 'always'" in result.stderr
