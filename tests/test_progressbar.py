"""The progress bar of the long commands: drawn on a terminal, silent otherwise."""

from __future__ import annotations

import io

from socialties.progressbar import ProgressBar


class FakeTerminal(io.StringIO):
    def isatty(self) -> bool:
        return True


def test_the_bar_is_drawn_in_place_on_a_terminal_and_ends_its_line():
    stream = FakeTerminal()
    bar = ProgressBar(4, "grading", stream=stream)
    for name in ("a", "b", "c", "d"):
        bar.advance(name)
    text = stream.getvalue()
    assert text.count("\r") == 4 and text.endswith("\n")
    assert "grading [" + "#" * 28 + "] 4/4" in text and "  d" in text
    assert "[" + "#" * 7 + "-" * 21 + "] 1/4" in text


def test_the_bar_is_silent_when_not_on_a_terminal_or_quiet():
    stream = io.StringIO()
    with ProgressBar(3, stream=stream) as bar:
        bar.advance("x")
    assert stream.getvalue() == ""
    terminal = FakeTerminal()
    with ProgressBar(3, stream=terminal, quiet=True) as bar:
        bar.advance("x")
    assert terminal.getvalue() == ""


def test_closing_a_bar_cut_short_ends_its_line_once():
    stream = FakeTerminal()
    with ProgressBar(5, stream=stream) as bar:
        bar.advance()
    bar.close()
    assert stream.getvalue().count("\n") == 1


def test_a_message_can_replace_the_bar_which_is_drawn_again_after_it():
    stream = FakeTerminal()
    bar = ProgressBar(2, stream=stream)
    bar.advance("one")
    bar.clear()
    stream.write("ok one\n")
    bar.advance("two")
    lines = stream.getvalue().split("\n")
    assert lines[0].endswith("\rok one") and lines[0].rstrip(" \r").count("\r") >= 2
    assert "2/2" in lines[1] and lines[-1] == ""
