"""A Flesch–Kincaid grade for the easy-read pages, from their HTML.

Easy read is written one idea per line, so every block of text (a heading, a paragraph,
a label, a button) ends a sentence, as do full stops, question and exclamation marks.
Syllables are counted by the usual vowel-group rule with English's common exceptions;
it is within a syllable or so of a dictionary on plain words, which is what easy read uses.
"""

from __future__ import annotations

import re
from html.parser import HTMLParser

BLOCKS = {
    "p",
    "h1",
    "h2",
    "h3",
    "li",
    "label",
    "legend",
    "button",
    "dt",
    "dd",
    "div",
    "span",
    "a",
    "strong",
    "title",
    "textarea",
}
WORD = re.compile(r"[A-Za-z][A-Za-z’']*|\d[\d,]*")


class _EasyReadText(HTMLParser):
    """The text inside elements marked data-easy-read, one line per block."""

    def __init__(self) -> None:
        super().__init__()
        self.depth = 0
        self.lines: list[str] = [""]
        self._stack: list[bool] = []
        self._skip = 0

    VOID = {"input", "br", "img", "meta", "link", "hr", "source", "path", "circle"}

    def handle_starttag(self, tag: str, attrs: list[tuple[str, str | None]]) -> None:
        if tag in self.VOID:
            return
        marks = any(name == "data-easy-read" for name, _value in attrs)
        self._stack.append(marks)
        if marks:
            self.depth += 1
        if tag in ("svg", "script", "style"):
            self._skip += 1
        if tag in BLOCKS:
            self.lines.append("")

    def handle_endtag(self, tag: str) -> None:
        if tag in self.VOID or not self._stack:
            return
        if tag in ("svg", "script", "style"):
            self._skip -= 1
        if self._stack.pop():
            self.depth -= 1
        if tag in BLOCKS:
            self.lines.append("")

    def handle_data(self, data: str) -> None:
        if self.depth > 0 and self._skip == 0:
            self.lines[-1] += data


def easy_read_text(html: str) -> list[str]:
    parser = _EasyReadText()
    parser.feed(html)
    return [" ".join(line.split()) for line in parser.lines if line.strip()]


def sentences(lines: list[str]) -> list[str]:
    found = []
    for line in lines:
        for part in re.split(r"[.!?:]+(?:\s|$)", line):
            if WORD.search(part):
                found.append(part)
    return found


def syllables(word: str) -> int:
    word = word.lower().replace("’", "'")
    if word[0].isdigit():
        return 1
    word = re.sub(r"'s?$", "", word)
    word = re.sub(r"[^a-z]", "", word)
    if not word:
        return 0
    if len(word) <= 3:
        return 1
    # Silent endings: "like", "liked", "likes" (but not "table", "wanted", "boxes").
    silent_ed = word.endswith("ed") and word[-3] not in "td"
    silent_es = word.endswith("es") and word[-3] not in "sxzcgh"
    if silent_ed or silent_es:
        word = word[:-2]
    elif word.endswith("e") and not (word.endswith("le") and word[-3] not in "aeiouy"):
        word = word[:-1]
    word = re.sub(r"^y", "", word)
    groups = re.findall(r"[aeiouy]+", word)
    return max(1, len(groups))


def flesch_kincaid_grade(lines: list[str]) -> float:
    found = sentences(lines)
    words = [word for sentence in found for word in WORD.findall(sentence)]
    if not words:
        return 0.0
    total_syllables = sum(syllables(word) for word in words)
    return 0.39 * len(words) / len(found) + 11.8 * total_syllables / len(words) - 15.59
