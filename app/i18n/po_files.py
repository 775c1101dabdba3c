"""Reading translators' .po files so that every fault is named by file, line and message.

Babel's reader is lenient: a line it cannot parse is skipped with a printed warning, an
unterminated string is taken as it is, and the Plural-Forms header is trusted (a bad one fails
later, when the compiled catalogue is loaded). Here each of those becomes a problem; the
messages they touch, and the translations that would break a page, are left out, so the rest
of the file still compiles and the page shows the source string for those.
"""

import contextlib
import io
import re
from dataclasses import dataclass
from gettext import c2py
from pathlib import Path

from babel.messages.catalog import Catalog
from babel.messages.pofile import read_po

from .catalogs import plural_rule_problem, translation_problem

# A line that is neither blank nor a comment must be a keyword and/or one quoted string.
PO_LINE = re.compile(r'(?:(?:msgctxt|msgid|msgid_plural|msgstr(?:\[\d+\])?)\s+)?"(?:[^"\\]|\\.)*"')
BABEL_WARNING = re.compile(r"WARNING: Problem on line (\d+)")
PLURAL_FORMS_LINE = re.compile(r'^"Plural-Forms:(.*)\\n"\s*$', re.MULTILINE)
PLURAL_FORMS = re.compile(r"\s*nplurals\s*=\s*([1-9]\d?)\s*;\s*plural\s*=\s*([^;]+);?\s*")


@dataclass(frozen=True)
class PoProblem:
    path: Path
    line: int | None
    msgid: str
    message: str

    def __str__(self) -> str:
        where = f"{self.path}:{self.line}" if self.line else f"{self.path}"
        return f"{where}: {self.message}" + (f": {self.msgid[:60]!r}" if self.msgid else "")


def unquoted_lines(text: str) -> list[tuple[int, str]]:
    """(line number, why) for each line that is not valid PO syntax."""
    found = []
    for number, line in enumerate(text.split("\n"), 1):
        stripped = line.strip()
        if "\x00" in line:
            found.append((number, "holds a NUL character"))
        elif stripped and not stripped.startswith("#") and not PO_LINE.fullmatch(stripped):
            found.append((number, "is not valid PO syntax (an unterminated string?)"))
    return found


def plural_forms_problem(value: str) -> str | None:
    """Why a Plural-Forms header value cannot be used, or None."""
    match = PLURAL_FORMS.fullmatch(value)
    if not match:
        return "the Plural-Forms header is not `nplurals=N; plural=EXPRESSION;`"
    try:
        rule = c2py(match.group(2))
    except (ValueError, RecursionError) as error:
        return f"the Plural-Forms rule does not parse ({error})"
    return plural_rule_problem(rule)


def line_of(text: str, offset: int) -> int:
    return text.count("\n", 0, offset) + 1


def read_checked(path: Path, locale: str, domain: str) -> tuple[Catalog | None, list]:
    """The catalogue with every faulty message left out, and a PoProblem for each fault; None
    for the catalogue when the file is not a usable catalogue at all."""
    try:
        text = path.read_bytes().decode("utf-8")
    except UnicodeDecodeError as error:
        return None, [PoProblem(path, None, "", f"is not UTF-8 (byte {error.start})")]
    except OSError as error:
        return None, [PoProblem(path, None, "", f"cannot be read: {error.strerror or error}")]
    problems = []
    header = PLURAL_FORMS_LINE.search(text)
    if header and (why := plural_forms_problem(header.group(1))):
        problems.append(PoProblem(path, line_of(text, header.start()), "", why))
        # Without the header, Babel uses the language's own rule from CLDR.
        text = text[: header.start()] + text[header.end() :]
    bad_lines = dict(unquoted_lines(text))
    printed = io.StringIO()
    try:
        with contextlib.redirect_stdout(printed):  # Babel prints what it skips
            catalog = read_po(io.StringIO(text), locale=locale)
    except Exception as error:  # noqa: BLE001 - any parse failure is the file's fault
        return None, [PoProblem(path, None, "", f"is not a catalogue: {error}")]
    for number in BABEL_WARNING.findall(printed.getvalue()):
        bad_lines.setdefault(int(number), "is not valid PO syntax")
    messages = [message for message in catalog if message.id]
    if not messages:
        return None, [PoProblem(path, None, "", "is not a catalogue: it holds no messages")]
    for message in faulty_messages(messages, bad_lines, domain, path, problems):
        catalog.delete(message.id, message.context)
    return catalog, problems


def faulty_messages(messages, bad_lines: dict, domain: str, path: Path, problems) -> list:
    """The messages to leave out: those holding a bad line, and unusable translations."""
    starts = sorted(message.lineno for message in messages)
    unplaced = dict(bad_lines)
    faulty = []
    for message in messages:
        source = message.id if isinstance(message.id, str) else message.id[0]
        following = [start for start in starts if start > message.lineno]
        end = following[0] if following else float("inf")
        inside = [n for n in sorted(bad_lines) if message.lineno - 1 <= n < end]
        for number in inside:
            problems.append(PoProblem(path, number, source, bad_lines[number]))
            unplaced.pop(number, None)
        if inside:
            faulty.append(message)
            continue
        if not message.string or message.fuzzy:
            continue
        plural = not isinstance(message.id, str)
        strings = message.string if plural else (message.string,)
        sources = message.id if plural else (message.id,)
        for string in strings:
            why = string and translation_problem(sources[-1], string, plural, domain)
            if why:
                problems.append(PoProblem(path, message.lineno, source, why))
                faulty.append(message)
                break
    problems += [PoProblem(path, n, "", why) for n, why in sorted(unplaced.items())]
    return faulty
