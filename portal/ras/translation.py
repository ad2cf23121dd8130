"""A scheme's own text in a family's language: presentation only, never scoring.

A translation is a separate file for one scheme version and one language. It names
domains, questions and streams by id and descriptors by position, and holds only words:
no points, weights, ages or money. It is not part of the scheme file, so it is not in the
scheme's fingerprint (`content_sha256`), and adding or fixing one never changes a scheme
version or any assessment worked out with it.

`localise` gives back a copy of the scheme whose words are `LocalText`: the translation
where there is one, otherwise the English, marked with `lang == "en"` so a page can say
so (`lang="en"`) to screen readers and browsers. No Flask here.
"""

from __future__ import annotations

import re
from dataclasses import dataclass, field, replace
from typing import Any

import yaml

from .scheme import Scheme, SchemeError, _node_at, _where, read_yaml

# The languages a scheme can be translated into; English is the scheme file itself.
LANGUAGES = ("pl", "ur")

# Words a council might write for the portal to fill in: {name} or %(name)s.
_PLACEHOLDER = re.compile(r"\{[A-Za-z_][A-Za-z0-9_]*\}|%\([A-Za-z_][A-Za-z0-9_]*\)[sd]")

_TEXT = {"type": "string", "minLength": 1, "maxLength": 2000}
_WORDS = {"type": "object", "additionalProperties": _TEXT}

SCHEMA: dict[str, Any] = {
    "type": "object",
    "additionalProperties": False,
    "required": ["scheme", "version", "language"],
    "properties": {
        "scheme": {"type": "string"},
        "version": {"type": "string"},
        "language": {"type": "string"},
        "title": _TEXT,
        "streams": _WORDS,
        "age_bands": _WORDS,
        "domains": {
            "type": "object",
            "additionalProperties": {
                "type": "object",
                "additionalProperties": False,
                "properties": {"title": _TEXT, "summary": _TEXT},
            },
        },
        "questions": {
            "type": "object",
            "additionalProperties": {
                "type": "object",
                "additionalProperties": False,
                "properties": {
                    "text": _TEXT,
                    "descriptors": {
                        "type": "array",
                        "items": {
                            "type": "object",
                            "additionalProperties": False,
                            "properties": {"label": _TEXT, "example": _TEXT, "easy_read": _TEXT},
                        },
                    },
                },
            },
        },
    },
}


class LocalText(str):
    """Words to show; `lang` is "en" when they are the English standing in for a translation."""

    lang: str | None = None

    def __new__(cls, value: str, lang: str | None = None) -> LocalText:
        text = super().__new__(cls, value)
        text.lang = lang
        return text


@dataclass(frozen=True)
class Translation:
    scheme_key: str
    version: str
    language: str
    # Keyed by where the words go: ("title",), ("stream", id), ("age_band", English label),
    # ("domain", id, "title"), ("question", id, "text"), ("descriptor", id, index, "label").
    words: dict[tuple[object, ...], str] = field(default_factory=dict)


def file_name(scheme_key: str, version: str, language: str) -> str:
    return f"{scheme_key}-{version}.{language}.yaml"


def read_translation(text: str, scheme: Scheme) -> Translation:
    """Parse and check a translation of `scheme`; SchemeError lists every problem and where."""
    root, data = read_yaml(text, SCHEMA)
    checker = _Checker(root, scheme)
    translation = checker.build(data)
    if checker.problems:
        raise SchemeError(checker.problems)
    return translation


class _Checker:
    def __init__(self, root: yaml.Node | None, scheme: Scheme) -> None:
        self.root = root
        self.scheme = scheme
        self.problems: list[str] = []
        self.words: dict[tuple[object, ...], str] = {}

    def problem(self, path: list[object], message: str) -> None:
        self.problems.append(_where(self.root, path) + message)

    def key_problem(self, path: list[object], message: str) -> None:
        """A problem with a mapping key: point at the key's own line."""
        *parent, key = path
        node = _node_at(self.root, parent)
        line = ""
        if isinstance(node, yaml.MappingNode):
            found = next((k for k, _v in node.value if k.value == key), None)
            if found is not None:
                line = f"line {found.start_mark.line + 1}: "
        place = "".join(f"[{p}]" if isinstance(p, int) else f".{p}" for p in path).lstrip(".")
        self.problems.append(f"{line}{place}: {message}")

    def put(self, path: list[object], key: tuple[object, ...], english: str, text: str) -> None:
        wanted, given = sorted(_PLACEHOLDER.findall(english)), sorted(_PLACEHOLDER.findall(text))
        if wanted != given:
            self.problem(
                path,
                f"the English has the placeholders {', '.join(wanted) or 'none'} but the "
                f"translation has {', '.join(given) or 'none'}: keep them exactly as they are",
            )
        self.words[key] = text

    def build(self, data: dict[str, Any]) -> Translation:
        scheme = self.scheme
        if data["scheme"] != scheme.id or str(data["version"]) != scheme.version:
            self.problem(
                ["version"],
                f"this translation is for {data['scheme']} version {data['version']}, "
                f"not {scheme.id} version {scheme.version}",
            )
        language = data["language"]
        if language not in LANGUAGES:
            self.problem(
                ["language"],
                f"unknown language '{language}' (a scheme can be translated into "
                f"{', '.join(LANGUAGES)}; English is the scheme file itself)",
            )
        if "title" in data:
            self.put(["title"], ("title",), scheme.title, data["title"])
        streams = {s.id: s for s in scheme.streams}
        for stream_id, text in (data.get("streams") or {}).items():
            if stream_id not in streams:
                known = ", ".join(sorted(streams))
                self.key_problem(
                    ["streams", stream_id],
                    f"there is no stream '{stream_id}' in the scheme (the streams are {known})",
                )
                continue
            self.put(["streams", stream_id], ("stream", stream_id), streams[stream_id].name, text)
        bands = {b.label for b in scheme.age_bands}
        for label, text in (data.get("age_bands") or {}).items():
            if label not in bands:
                known = ", ".join(f"'{b}'" for b in sorted(bands))
                self.key_problem(
                    ["age_bands", label],
                    f"there is no age band labelled '{label}' (the labels are {known})",
                )
                continue
            self.put(["age_bands", label], ("age_band", label), label, text)
        domains = {d.id: d for d in scheme.domains}
        for domain_id, raw in (data.get("domains") or {}).items():
            domain = domains.get(domain_id)
            if domain is None:
                self.key_problem(
                    ["domains", domain_id], f"there is no domain '{domain_id}' in the scheme"
                )
                continue
            for name, english in (("title", domain.title), ("summary", domain.summary)):
                if name in (raw or {}):
                    here: list[object] = ["domains", domain_id, name]
                    self.put(here, ("domain", domain_id, name), english, raw[name])
        for question_id, raw in (data.get("questions") or {}).items():
            question = scheme.question(question_id)
            if question is None:
                self.key_problem(
                    ["questions", question_id],
                    f"there is no question '{question_id}' in the scheme",
                )
                continue
            raw = raw or {}
            if "text" in raw:
                self.put(
                    ["questions", question_id, "text"],
                    ("question", question_id, "text"),
                    question.text,
                    raw["text"],
                )
            descriptors = raw.get("descriptors") or []
            if len(descriptors) > len(question.descriptors):
                self.problem(
                    ["questions", question_id, "descriptors"],
                    f"has {len(descriptors)} answers but the question has "
                    f"{len(question.descriptors)}: give them in the scheme's order",
                )
                continue
            for i, (given, descriptor) in enumerate(
                zip(descriptors, question.descriptors, strict=False)
            ):
                for name in ("label", "example", "easy_read"):
                    if name in given:
                        self.put(
                            ["questions", question_id, "descriptors", i, name],
                            ("descriptor", question_id, i, name),
                            getattr(descriptor, name),
                            given[name],
                        )
        return Translation(scheme.id, scheme.version, language, self.words)


def localise(scheme: Scheme, translation: Translation | None, english: bool) -> Scheme:
    """The scheme with its words in the reader's language.

    `english`: the reader reads English, so nothing is marked. Otherwise words the
    translation lacks stay in English with `lang == "en"`. Only words change: ids, points,
    weights, ages and money are the scheme's own, so scoring a localised scheme gives the
    same result (and the views score with the scheme as loaded anyway).
    """
    words = translation.words if translation and not english else {}
    fallback = None if english else "en"

    def text(key: tuple[object, ...], value: str) -> LocalText:
        found = words.get(key)
        return LocalText(found) if found is not None else LocalText(value, fallback)

    return replace(
        scheme,
        title=text(("title",), scheme.title),
        streams=tuple(replace(s, name=text(("stream", s.id), s.name)) for s in scheme.streams),
        age_bands=tuple(
            replace(b, label=text(("age_band", b.label), b.label)) for b in scheme.age_bands
        ),
        domains=tuple(
            replace(
                d,
                title=text(("domain", d.id, "title"), d.title),
                summary=text(("domain", d.id, "summary"), d.summary) if d.summary else d.summary,
                questions=tuple(
                    replace(
                        q,
                        text=text(("question", q.id, "text"), q.text),
                        descriptors=tuple(
                            replace(
                                desc,
                                label=text(("descriptor", q.id, i, "label"), desc.label),
                                example=text(("descriptor", q.id, i, "example"), desc.example),
                                easy_read=text(
                                    ("descriptor", q.id, i, "easy_read"), desc.easy_read
                                ),
                            )
                            for i, desc in enumerate(q.descriptors)
                        ),
                    )
                    for q in d.questions
                ),
            )
            for d in scheme.domains
        ),
    )


def age_band_label(english: Scheme, shown: Scheme, label: str) -> str:
    """A stored result names its age band in English; this gives the reader's words."""
    return next(
        (
            s.label
            for e, s in zip(english.age_bands, shown.age_bands, strict=True)
            if e.label == label
        ),
        label,
    )
