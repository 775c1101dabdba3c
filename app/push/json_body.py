"""A request body read as one JSON object, each way it can fail named.

Flask's get_json turns only a ValueError into a 400, and says nothing of which: Python's parser
raises RecursionError on arrays nested a thousand deep (2 KB of "["), which became a 500, and
ValueError for an integer past its digit limit, or for bytes that are not UTF-8.
"""

import json


class UnreadableBody(ValueError):
    """Why the body is not a JSON object we can read: answered as a 400 saying so."""


def refuse_constant(name: str):
    # Python reads NaN and Infinity, which JSON does not have: no browser sends them.
    raise UnreadableBody(f"the body is not valid JSON: {name} is not a JSON value")


def json_object(raw: bytes) -> dict:
    try:
        data = json.loads(raw, parse_constant=refuse_constant)
    except UnreadableBody:
        raise
    except RecursionError:
        raise UnreadableBody("the body is nested too deeply") from None
    except UnicodeDecodeError:
        raise UnreadableBody("the body is not UTF-8 text") from None
    except json.JSONDecodeError as error:
        problem = f"{error.msg} at character {error.pos}"
        raise UnreadableBody(f"the body is not valid JSON: {problem}") from None
    except ValueError:  # the only other: an integer longer than Python converts
        raise UnreadableBody("the body holds a number too long to read") from None
    if not isinstance(data, dict):
        raise UnreadableBody("the body must be a JSON object")
    return data
