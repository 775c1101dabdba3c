"""A bundle's text files as lines, each line of the bundle written out once."""

import json

import pytest

from app.delivery.bundle import LineBook


def read_back(texts: list[str]) -> list[str]:
    writer, book = LineBook(), []
    # Through JSON, as the worker gets them.
    return [LineBook.read(json.loads(json.dumps(writer.write(text))), book) for text in texts]


@pytest.mark.parametrize(
    "texts",
    [
        [""],
        ["no newline at the end"],
        ["a\nb\n", "a\nb\n"],
        ["\n\n\n", "\n"],
        ["head\nmiddle\nfoot", "head\nmiddle\nfoot\n", "foot"],
        ["a\nb\nc\nd\n", "b\nc\nx\nd\na\nb\nc\nd\n"],
        ['مرحبا\n«quoted» "json" \\ \u2028\n', "\U0001f600\nمرحبا\n"],
    ],
)
def test_every_text_reads_back_exactly(texts):
    assert read_back(texts) == texts


def test_a_line_seen_before_is_its_number_and_a_run_of_them_two_numbers():
    writer = LineBook()
    writer.write("<head>\n<nav>\n<footer>\n")
    assert writer.write("<head>\n<nav>\n<main>\n<footer>\n") == [0, -2, "<main>\n", 2]
    assert writer.write("<main>\n<nav>\n") == [3, 1]
