"""A push API body is one JSON object, and whatever else arrives is refused naming why: the
errors Python's parser raises beyond Flask's reach (deep nesting, huge integers) included."""

import pytest

from app.push.json_body import UnreadableBody, json_object


@pytest.mark.parametrize(
    ("raw", "problem"),
    [
        (b"[" * 100_000 + b"]" * 100_000, "nested too deeply"),
        (b'{"a": ' * 5000 + b"1" + b"}" * 5000, "nested too deeply"),
        # Python refuses to convert more than 4,300 digits (CVE-2020-10735) with a ValueError.
        (b'{"plain": ' + b"9" * 5000 + b"}", "a number too long to read"),
        (b'{"plain": NaN}', "NaN is not a JSON value"),
        (b'{"plain": Infinity}', "Infinity is not a JSON value"),
        (b'{"endpoint": "\xff\xfe"}', "not UTF-8"),
        (b'{"endpoint": ', "not valid JSON"),
        (b"", "not valid JSON"),
        (b"null", "must be a JSON object"),
        (b"[]", "must be a JSON object"),
        (b'"{}"', "must be a JSON object"),
        (b"1e999999", "must be a JSON object"),
    ],
)
def test_what_is_not_one_json_object_is_refused_naming_why(raw, problem):
    with pytest.raises(UnreadableBody, match=problem):
        json_object(raw)


def test_an_object_is_read_whatever_its_odd_values():
    # Out-of-range and odd values are the fields' business: each is refused naming its field.
    data = json_object(
        b'{"plain": 1e999999, "locale": "\\ud800", "topics": [' + b"9" * 4000 + b"]}"
    )
    assert data["plain"] == float("inf") and data["locale"] == "\ud800"
    assert data["topics"] == [int("9" * 4000)]
