"""A translation of the content keeps every fact of its source: numbers a family dials or reads,
web addresses, and no markup; a translator may still write small numbers as words."""

import pytest

from app.content.readability import letters_per_word, words_per_sentence
from app.i18n.catalogs import translation_problem

SOURCE = "Call 1-800-843-5678 or go to takeitdown.ncmec.org. It helped 1,200 teens in 2024."


@pytest.mark.parametrize(
    "translation",
    [
        "Llame al 1-800-843-5678 o entre en takeitdown.ncmec.org. Ayudó a 1.200 jóvenes en 2024.",
        "اتصل بالرقم 1-800-843-5678 أو ادخل إلى takeitdown.ncmec.org. ساعد ١٢٠٠ شاب في ٢٠٢٤.",
        "Rufen Sie 1-800-843-5678 an: takeitdown.ncmec.org (1 200 Jugendliche, 2024).",
    ],
)
def test_the_same_facts_in_other_words_and_scripts_pass(translation):
    assert translation_problem(SOURCE, translation, domain="content") is None


@pytest.mark.parametrize(
    ("translation", "why"),
    [
        ("Llame al 1-800-843-5677 o takeitdown.ncmec.org. 1.200 jóvenes, 2024.", "numbers"),
        ("Llame al 1-800-843-5678. 1.200 jóvenes en 2024.", "web addresses"),
        ("Llame al 1-800-843-5678 o takeitdown.ncmec.org. 1.200 jóvenes en 2023.", "numbers"),
        ("Llame al 1-800-843-5678 o وtakeitdown.ncmec.org. 1.200 jóvenes en 2024.", "web address"),
        ("<b>Llame</b> al 1-800-843-5678 o takeitdown.ncmec.org. 1.200, 2024.", "markup"),
    ],
)
def test_a_changed_number_address_or_added_markup_is_refused(translation, why):
    assert why in (translation_problem(SOURCE, translation, domain="content") or "")


def test_small_numbers_may_become_words_and_the_interface_may_localise_examples():
    assert translation_problem("Press it 2 more times", "اضغط مرتين", domain="content") is None
    example = "Enter an address like name@example.com or +44 7700 900123"
    localised = "Escriba una dirección como nombre@ejemplo.com o +34 600 123 456"
    assert translation_problem(example, localised, domain="messages") is None
    assert "markup" in translation_problem("Save", "<i>Guardar</i>", domain="messages")


def test_sentences_and_words_are_counted_in_each_script():
    assert words_per_sentence("एक दो तीन। चार पाँच।") == 2.5  # Hindi's danda ends a sentence
    assert words_per_sentence("ایک دو تین۔ چار؟") == 2.0  # Urdu's full stop and question mark
    # Names and addresses in Latin script are not words the translator chose.
    assert letters_per_word("Ligue para StopNCII.org agora") == letters_per_word("Ligue para agora")
