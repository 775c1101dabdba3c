"""One email address, written plainly: the only kind a family may leave for our answer, and
the only kind mail is sent to.

Mail programs read much more than `local@domain` in an address field: a list
(`victim,attacker@evil.example`), a name with the address in angle brackets
(`note<postmaster>shown@example.org`), comments in brackets, quoted local parts, encoded words
(`=?utf-8?q?a=0D=0Ab?=@example.org`, decoded into anything, CR and LF included). Each lets staff
see one address while the mail goes to another, or to two. So an address here is a dot-atom
local part (RFC 5322 3.2.3) of ASCII atext, or of letters, marks and digits in any script
(RFC 6531: sending to it needs the mail server's SMTPUTF8), `@`, and a domain of two or more
labels, which IDNA turns into letters, digits and hyphens for sending. Which words tell a family
what is wrong is for the form (contact/form.py): this module only names the problem.
"""

import re
import unicodedata
from dataclasses import dataclass
from enum import Enum

import idna

from .invisible import is_hidden

ASCII_ATEXT = frozenset(
    "abcdefghijklmnopqrstuvwxyzABCDEFGHIJKLMNOPQRSTUVWXYZ0123456789!#$%&'*+-/=?^_`{|}~"
)
LABEL = re.compile(r"[A-Za-z0-9](?:[A-Za-z0-9-]{0,61}[A-Za-z0-9])?")
# RFC 5321 4.5.3.1: a local part of 64 octets, a path of 256 with its angle brackets.
MAX_LOCAL_OCTETS, MAX_ADDRESS_OCTETS, MAX_DOMAIN_CHARS = 64, 254, 253


class Problem(Enum):
    """What makes a text no plain address, in the order the checks look for it."""

    LIST = "list"  # a comma or semicolon: more than one address
    DISPLAY_NAME = "display-name"  # angle brackets: a name, the address inside them
    COMMENT = "comment"  # round brackets: a comment, which mail programs leave out
    QUOTED = "quoted"  # quotes or a backslash: a quoted local part, which may hold anything
    ENCODED_WORD = "encoded-word"  # =?: decoded by mail programs into other characters
    SPACE_OR_HIDDEN = "space-or-hidden"  # whitespace, a line break or an invisible character
    DOMAIN = "domain"  # after the @, no domain name
    MALFORMED = "malformed"  # not local@domain at all


# Checked in this order, so the problem named is the one the writer can see and fix first.
SIGNS = (
    (Problem.LIST, (",", ";")),
    (Problem.DISPLAY_NAME, ("<", ">")),
    (Problem.COMMENT, ("(", ")")),
    (Problem.QUOTED, ('"', "\\")),
    (Problem.ENCODED_WORD, ("=?",)),
)


class BadAddress(ValueError):
    def __init__(self, problem: Problem):
        super().__init__(problem.value)
        self.problem = problem


@dataclass(frozen=True)
class EmailAddress:
    local: str
    domain: str  # as written
    ascii_domain: str  # as sent: IDNA's A-labels for a domain beyond ASCII

    @property
    def for_sending(self) -> str:
        return f"{self.local}@{self.ascii_domain}"

    @property
    def needs_smtputf8(self) -> bool:
        return not self.local.isascii()


def meant_as_email(text: str) -> bool:
    """An @ means the writer meant an email address, whatever else they typed."""
    return "@" in text


def parse(text: str) -> EmailAddress:
    """The plain address `text` is; BadAddress naming the first problem if it is none."""
    for problem, signs in SIGNS:
        if any(sign in text for sign in signs):
            raise BadAddress(problem)
    if any(is_hidden(char) or char.isspace() for char in text):
        raise BadAddress(Problem.SPACE_OR_HIDDEN)
    local, _, domain = text.rpartition("@")
    if not is_dot_atom(local) or len(local.encode()) > MAX_LOCAL_OCTETS:
        raise BadAddress(Problem.MALFORMED)
    address = EmailAddress(local, domain, ascii_domain(domain))
    if len(address.for_sending.encode()) > MAX_ADDRESS_OCTETS:
        raise BadAddress(Problem.MALFORMED)
    return address


def is_dot_atom(local: str) -> bool:
    """Atoms joined by single dots; a second @ is no atom, so `a@b@c.org` is not one."""
    atoms = local.split(".")
    return all(atoms) and all(is_atext(char) for atom in atoms for char in atom)


def is_atext(char: str) -> bool:
    if char.isascii():
        return char in ASCII_ATEXT
    # Beyond ASCII, letters, marks and digits: enough for any script's names, and no symbol or
    # punctuation that could pass for an @, a dot or a bracket.
    return unicodedata.category(char)[0] in "LMN"


def ascii_domain(domain: str) -> str:
    """The domain as sent, checked: labels of letters, digits and hyphens, two or more, the
    last not all digits (that is an IP address written wrong)."""
    if domain.isascii():
        converted = domain
    else:
        try:
            converted = idna.encode(domain, uts46=True).decode("ascii")
        except ValueError:  # idna.IDNAError, and UnicodeError, are ValueErrors
            raise BadAddress(Problem.DOMAIN) from None
    labels = converted.split(".")
    if (
        len(labels) < 2
        or len(converted) > MAX_DOMAIN_CHARS
        or not all(LABEL.fullmatch(label) for label in labels)
        or labels[-1].isdigit()
    ):
        raise BadAddress(Problem.DOMAIN)
    return converted
