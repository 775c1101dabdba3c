"""The first steps hold one order in every language, on the crisis page and in the guides that
list them: the record is kept before anyone is blocked (blocking can lose the chat and the
profile), and getting the picture removed and reporting to the police are steps of their own."""

import re

import pytest

from app.i18n.localize import library_in
from tests.support.apps import ROOT

# The crisis steps, by key, in the one order every page shows them.
STEP_ORDER = (
    "reassure",
    "stay-close",
    "do-not-pay",
    "keep-record",
    "block-and-report",
    "remove",
    "report",
)

# How each language says "keep the record" and "block it" as an instruction. "Before you block
# anyone" is not an instruction to block: the block patterns match the imperative only.
KEEP = {
    "en": r"\bkeep\b|\bwrite down\b",
    "es": r"\bguard[ea]|\banot[ae]|\bconserv",
    "ar": r"احتفظ|نحتفظ|دوّن|اكتب",
}
BLOCK = {
    "en": r"\bblock (?:it|the|him)\b",
    "es": r"\bbloqu(?:ée|ee|eamos)",
    "ar": r"احظر|نحظره",
}
POLICE = {"en": r"\bpolice\b", "es": r"\bpolicía\b", "ar": r"الشرطة"}
REMOVAL = r"Take It Down"
LOCALES = ("en", "es", "ar")
# The guides that put the first steps in order, and the fields that list them.
GUIDES = {
    "first-hour": ("takeaway_points", "right_move", "plain.steps"),
    "already-paid": ("takeaway_points", "right_move", "plain.steps"),
}


def texts_of(case, field: str) -> tuple[str, ...]:
    if field == "plain.steps":
        return case.plain.steps
    return getattr(case, field)


def assert_record_before_block(texts, locale: str, where: str) -> None:
    whole = "\n".join(texts)
    keep = re.search(KEEP[locale], whole, re.IGNORECASE)
    block = re.search(BLOCK[locale], whole, re.IGNORECASE)
    assert keep and block, f"{where} ({locale}): keeping the record or blocking is missing"
    assert keep.start() < block.start(), (
        f"{where} ({locale}): blocks before keeping the record: {whole[block.start() - 40 :]!r}"
    )


@pytest.fixture(scope="module", params=LOCALES)
def localized(request, library):
    return request.param, library_in(library, ROOT / "translations", request.param)[0]


@pytest.fixture(scope="module")
def library():
    from app.content import load_library
    from tests.support.apps import CONTENT

    return load_library(CONTENT)


def test_crisis_steps_keep_their_order(library):
    assert tuple(step.key for step in library.crisis.steps) == STEP_ORDER


def test_crisis_steps_in_every_language(localized):
    locale, library = localized
    steps = {step.key: step.text for step in library.crisis.steps}
    for key, text in steps.items():
        assert locale == "en" or not getattr(text, "fallback", False), f"{key} untranslated"
    assert_record_before_block(
        [steps["keep-record"], steps["block-and-report"]], locale, "crisis steps"
    )
    assert re.search(REMOVAL, steps["remove"]) and "StopNCII" in steps["remove"]
    assert re.search(POLICE[locale], steps["report"]), steps["report"]
    # 988 works only in the US and Canada: it comes from the country's contacts, never a step.
    assert not any("988" in text for text in steps.values())


@pytest.mark.parametrize("slug", GUIDES)
def test_guides_keep_the_record_before_blocking(localized, slug):
    locale, library = localized
    case = library.get(slug)
    for field in GUIDES[slug]:
        texts = texts_of(case, field)
        for text in texts:
            assert locale == "en" or not getattr(text, "fallback", False), (slug, field, text)
        assert_record_before_block(texts, locale, f"{slug} {field}")
        whole = "\n".join(texts)
        assert re.search(REMOVAL, whole), f"{slug} {field} ({locale}): no removal step"
        assert re.search(POLICE[locale], whole), f"{slug} {field} ({locale}): no police"
