"""A Resource Allocation System scheme: what it is made of, and how a council's file is read.

A scheme is data a council edits, so a broken file is explained line by line rather than
crashing: `read_scheme` raises `SchemeError` with every problem it found, each one saying
where it is. No Flask here: the engine is tested and used without an app.
"""

from __future__ import annotations

from dataclasses import dataclass
from decimal import Decimal, InvalidOperation
from typing import Any

import jsonschema
import yaml

# Children and young people are supported up to their 26th birthday.
OLDEST_AGE = 25


@dataclass(frozen=True)
class Stream:
    """A funding stream: social care, SEN/education or health."""

    id: str
    name: str


@dataclass(frozen=True)
class Descriptor:
    """One answer to a question: how much support, with an example from family life."""

    label: str
    points: int
    example: str
    easy_read: str


@dataclass(frozen=True)
class Question:
    id: str
    text: str
    descriptors: tuple[Descriptor, ...]
    # Percentages of this question's points that count towards each stream; they add to 100.
    weights: tuple[tuple[str, int], ...]
    youngest: int = 0
    oldest: int = OLDEST_AGE

    def asked_at(self, age: int) -> bool:
        return self.youngest <= age <= self.oldest


@dataclass(frozen=True)
class Domain:
    id: str
    title: str
    summary: str
    questions: tuple[Question, ...]


@dataclass(frozen=True)
class AgeBand:
    youngest: int
    oldest: int
    multiplier: Decimal
    label: str


@dataclass(frozen=True)
class Band:
    """A row of the funding matrix: adjusted points in this range give this amount a year."""

    lowest_points: int
    highest_points: int | None  # None: and above
    annual_pence: int

    def holds(self, points: int) -> bool:
        return self.lowest_points <= points and (
            self.highest_points is None or points <= self.highest_points
        )


@dataclass(frozen=True)
class Scheme:
    id: str
    version: str
    title: str
    streams: tuple[Stream, ...]
    domains: tuple[Domain, ...]
    age_bands: tuple[AgeBand, ...]
    bands: tuple[Band, ...]
    price_per_point_pence: int | None
    cap_pence: int | None
    largest_fall_percent: Decimal | None
    largest_rise_percent: Decimal | None
    panel_amount_over_pence: int | None
    panel_points_over: int | None

    @property
    def questions(self) -> tuple[Question, ...]:
        return tuple(q for d in self.domains for q in d.questions)

    def question(self, question_id: str) -> Question | None:
        return next((q for q in self.questions if q.id == question_id), None)

    def domain_of(self, question_id: str) -> Domain | None:
        return next(
            (d for d in self.domains if any(q.id == question_id for q in d.questions)), None
        )

    def age_band(self, age: int) -> AgeBand:
        return next(b for b in self.age_bands if b.youngest <= age <= b.oldest)

    def stream_name(self, stream_id: str) -> str:
        return next(s.name for s in self.streams if s.id == stream_id)


class SchemeError(ValueError):
    """A scheme file that cannot be used, with every problem found and where it is."""

    def __init__(self, problems: list[str]) -> None:
        super().__init__("\n".join(problems))
        self.problems = problems


_ID = {"type": "string", "pattern": "^[a-z][a-z0-9_]{0,59}$"}
_TEXT = {"type": "string", "minLength": 1, "maxLength": 2000}
_AGE = {"type": "integer", "minimum": 0, "maximum": OLDEST_AGE}
_MONEY = {"type": ["integer", "number", "string"]}
_PERCENT = {"type": ["integer", "number"], "minimum": 0, "maximum": 100}

SCHEMA: dict[str, Any] = {
    "type": "object",
    "additionalProperties": False,
    "required": ["scheme", "version", "title", "streams", "domains", "money"],
    "properties": {
        "scheme": _ID,
        "version": {"type": "string", "pattern": "^[A-Za-z0-9._-]{1,40}$"},
        "title": _TEXT,
        "streams": {
            "type": "array",
            "minItems": 1,
            "items": {
                "type": "object",
                "additionalProperties": False,
                "required": ["id", "name"],
                "properties": {"id": _ID, "name": _TEXT},
            },
        },
        "age_bands": {
            "type": "array",
            "items": {
                "type": "object",
                "additionalProperties": False,
                "required": ["from_age", "to_age", "multiplier", "label"],
                "properties": {
                    "from_age": _AGE,
                    "to_age": _AGE,
                    "multiplier": {"type": ["integer", "number", "string"]},
                    "label": _TEXT,
                },
            },
        },
        "domains": {
            "type": "array",
            "minItems": 1,
            "items": {
                "type": "object",
                "additionalProperties": False,
                "required": ["id", "title", "questions"],
                "properties": {
                    "id": _ID,
                    "title": _TEXT,
                    "summary": _TEXT,
                    "weights": {"type": "object", "additionalProperties": {"type": "integer"}},
                    "questions": {
                        "type": "array",
                        "minItems": 1,
                        "items": {
                            "type": "object",
                            "additionalProperties": False,
                            "required": ["id", "text", "descriptors"],
                            "properties": {
                                "id": _ID,
                                "text": _TEXT,
                                "from_age": _AGE,
                                "to_age": _AGE,
                                "weights": {
                                    "type": "object",
                                    "additionalProperties": {"type": "integer"},
                                },
                                "descriptors": {
                                    "type": "array",
                                    "minItems": 2,
                                    "items": {
                                        "type": "object",
                                        "additionalProperties": False,
                                        "required": ["label", "points", "example", "easy_read"],
                                        "properties": {
                                            "label": _TEXT,
                                            "points": {"type": "integer", "minimum": 0},
                                            "example": _TEXT,
                                            "easy_read": _TEXT,
                                        },
                                    },
                                },
                            },
                        },
                    },
                },
            },
        },
        "money": {
            "type": "object",
            "additionalProperties": False,
            "properties": {
                "bands": {
                    "type": "array",
                    "minItems": 1,
                    "items": {
                        "type": "object",
                        "additionalProperties": False,
                        "required": ["from_points", "amount"],
                        "properties": {
                            "from_points": {"type": "integer", "minimum": 0},
                            "to_points": {"type": "integer", "minimum": 0},
                            "amount": _MONEY,
                        },
                    },
                },
                "price_per_point": _MONEY,
                "cap": _MONEY,
            },
        },
        "transitional_protection": {
            "type": "object",
            "additionalProperties": False,
            "properties": {"largest_fall_percent": _PERCENT, "largest_rise_percent": _PERCENT},
        },
        "panel": {
            "type": "object",
            "additionalProperties": False,
            "properties": {"amount_over": _MONEY, "points_over": {"type": "integer", "minimum": 0}},
        },
    },
}


def read_yaml(text: str, schema: dict[str, Any]) -> tuple[yaml.Node | None, dict[str, Any]]:
    """Parse a YAML file (which includes JSON) and check it against a JSON schema; returns
    the node tree (for line numbers in later messages) and the data. SchemeError lists every
    problem and where it is."""
    try:
        root = yaml.compose(text, Loader=yaml.SafeLoader)
        data = yaml.safe_load(text)
    except yaml.YAMLError as error:
        mark = getattr(error, "problem_mark", None)
        where = f"line {mark.line + 1}, column {mark.column + 1}: " if mark else ""
        problem = getattr(error, "problem", None) or str(error)
        raise SchemeError([f"{where}the file is not valid YAML ({problem})"]) from None
    if not isinstance(data, dict):
        raise SchemeError(["the file must be a mapping of fields, starting with 'scheme:'"])
    problems = [
        _where(root, list(e.absolute_path)) + _plain(e)
        for e in sorted(
            jsonschema.Draft202012Validator(schema).iter_errors(data),
            key=lambda e: [str(p) for p in e.absolute_path],
        )
    ]
    if problems:
        raise SchemeError(problems)
    return root, data


def read_scheme(text: str) -> Scheme:
    """Parse and check a scheme file (YAML, which includes JSON)."""
    root, data = read_yaml(text, SCHEMA)
    checker = _Checker(root)
    scheme = checker.build(data)
    if checker.problems:
        raise SchemeError(checker.problems)
    assert scheme is not None
    return scheme


def _plain(error: jsonschema.ValidationError) -> str:
    if error.validator == "required":
        missing = str(error.message).split("'")[1]
        return f"'{missing}' is missing"
    if error.validator == "additionalProperties":
        return f"unknown field ({error.message.split('(')[-1].rstrip(')')})"
    if error.validator == "type":
        return f"must be {' or '.join(_a(t) for t in _listed(error.validator_value))}"
    if error.validator == "pattern":
        return "must be lower-case letters, digits and underscores, starting with a letter"
    if error.validator == "minItems":
        return f"needs at least {error.validator_value}"
    if error.validator in ("minimum", "maximum"):
        word = "at least" if error.validator == "minimum" else "at most"
        return f"must be {word} {error.validator_value}"
    if error.validator == "minLength":
        return "must not be empty"
    return str(error.message)


def _listed(value: object) -> list[str]:
    return [str(v) for v in value] if isinstance(value, list) else [str(value)]


def _a(type_name: str) -> str:
    return {
        "integer": "a whole number",
        "number": "a number",
        "string": "text",
        "object": "a mapping",
        "array": "a list",
    }.get(type_name, type_name)


def _node_at(root: yaml.Node | None, path: list[object]) -> yaml.Node | None:
    node = root
    for step in path:
        if isinstance(node, yaml.MappingNode):
            node = next((v for k, v in node.value if k.value == step), None)
        elif isinstance(node, yaml.SequenceNode) and isinstance(step, int):
            node = node.value[step] if step < len(node.value) else None
        else:
            return node
    return node


def _where(root: yaml.Node | None, path: list[object]) -> str:
    node = _node_at(root, path)
    line = f"line {node.start_mark.line + 1}: " if node is not None else ""
    place = "".join(f"[{p}]" if isinstance(p, int) else f".{p}" for p in path).lstrip(".")
    return f"{line}{place or 'the file'}: "


def pence(value: object) -> int | None:
    """Pounds as a council writes them (1250, 1250.5, "1,250.50") in pence; None if not money."""
    try:
        amount = Decimal(str(value).replace(",", "").replace("£", "").strip())
    except InvalidOperation:
        return None
    exact = amount * 100
    if not amount.is_finite() or amount < 0 or exact != exact.to_integral_value():
        return None
    return int(exact)


class _Checker:
    """The rules a JSON schema cannot say, each problem with its place in the file."""

    def __init__(self, root: yaml.Node | None) -> None:
        self.root = root
        self.problems: list[str] = []

    def problem(self, path: list[object], message: str) -> None:
        self.problems.append(_where(self.root, path) + message)

    def money(self, path: list[object], value: object) -> int:
        amount = pence(value)
        if amount is None:
            self.problem(path, "must be an amount in pounds, like 1250 or 1250.50")
            return 0
        return amount

    def build(self, data: dict[str, Any]) -> Scheme | None:
        streams = tuple(Stream(s["id"], s["name"]) for s in data["streams"])
        self.unique([s.id for s in streams], ["streams"], "stream")
        stream_ids = {s.id for s in streams}
        domains = tuple(
            self.domain(d, ["domains", i], stream_ids) for i, d in enumerate(data["domains"])
        )
        self.unique([d.id for d in domains], ["domains"], "domain")
        self.unique([q.id for d in domains for q in d.questions], ["domains"], "question")
        age_bands = self.age_bands(data.get("age_bands"))
        money = data["money"]
        bands = self.bands(money.get("bands", []))
        price = (
            self.money(["money", "price_per_point"], money["price_per_point"])
            if "price_per_point" in money
            else None
        )
        if bool(bands) == (price is not None):
            self.problem(["money"], "give either 'bands' or 'price_per_point', not both")
        cap = self.money(["money", "cap"], money["cap"]) if "cap" in money else None
        protection = data.get("transitional_protection", {})
        panel = data.get("panel", {})
        panel_amount = (
            self.money(["panel", "amount_over"], panel["amount_over"])
            if "amount_over" in panel
            else None
        )
        return Scheme(
            id=data["scheme"],
            version=data["version"],
            title=data["title"],
            streams=streams,
            domains=domains,
            age_bands=age_bands,
            bands=bands,
            price_per_point_pence=price,
            cap_pence=cap,
            largest_fall_percent=_percent(protection.get("largest_fall_percent")),
            largest_rise_percent=_percent(protection.get("largest_rise_percent")),
            panel_amount_over_pence=panel_amount,
            panel_points_over=panel.get("points_over"),
        )

    def unique(self, ids: list[str], path: list[object], what: str) -> None:
        for repeated in sorted({i for i in ids if ids.count(i) > 1}):
            self.problem(path, f"the {what} id '{repeated}' is used more than once")

    def weights(
        self, raw: dict[str, int] | None, path: list[object], stream_ids: set[str]
    ) -> tuple[tuple[str, int], ...]:
        if not raw:
            return ()
        for stream in raw:
            if stream not in stream_ids:
                known = ", ".join(sorted(stream_ids))
                self.problem(path, f"unknown stream '{stream}' (the streams are {known})")
        if any(w < 0 for w in raw.values()) or sum(raw.values()) != 100:
            self.problem(path, f"weights must be percentages adding up to 100, not {raw}")
        return tuple((s, w) for s, w in raw.items() if w)

    def domain(self, raw: dict[str, Any], path: list[object], stream_ids: set[str]) -> Domain:
        domain_weights = self.weights(raw.get("weights"), [*path, "weights"], stream_ids)
        questions = []
        for i, q in enumerate(raw["questions"]):
            here = [*path, "questions", i]
            weights = self.weights(q.get("weights"), [*here, "weights"], stream_ids)
            if not weights and not domain_weights:
                self.problem(here, "say which streams its points count towards ('weights')")
            points = [d["points"] for d in q["descriptors"]]
            if any(b <= a for a, b in zip(points, points[1:], strict=False)):
                self.problem(
                    [*here, "descriptors"],
                    f"descriptors must go from least to most support with rising points, "
                    f"not {points}",
                )
            youngest, oldest = q.get("from_age", 0), q.get("to_age", OLDEST_AGE)
            if youngest > oldest:
                self.problem(here, f"from_age {youngest} is after to_age {oldest}")
            descriptors = tuple(
                Descriptor(d["label"], d["points"], d["example"], d["easy_read"])
                for d in q["descriptors"]
            )
            questions.append(
                Question(
                    q["id"], q["text"], descriptors, weights or domain_weights, youngest, oldest
                )
            )
        return Domain(raw["id"], raw["title"], raw.get("summary", ""), tuple(questions))

    def age_bands(self, raw: list[dict[str, Any]] | None) -> tuple[AgeBand, ...]:
        if not raw:
            return (AgeBand(0, OLDEST_AGE, Decimal(1), "All ages"),)
        bands: list[AgeBand] = []
        expected = 0
        for i, b in enumerate(raw):
            here: list[object] = ["age_bands", i]
            multiplier = _decimal(b["multiplier"])
            if multiplier is None or multiplier <= 0:
                self.problem([*here, "multiplier"], "must be a number above 0, like 1.2")
                multiplier = Decimal(1)
            if b["from_age"] != expected:
                word = "overlaps the one before" if b["from_age"] < expected else "leaves a gap"
                self.problem(
                    here,
                    f"starts at age {b['from_age']}, so it {word}: it should start at {expected}",
                )
            if b["to_age"] < b["from_age"]:
                self.problem(here, f"to_age {b['to_age']} is before from_age {b['from_age']}")
            expected = b["to_age"] + 1
            bands.append(AgeBand(b["from_age"], b["to_age"], multiplier, b["label"]))
        if expected != OLDEST_AGE + 1:
            self.problem(["age_bands"], f"age bands must cover every age up to {OLDEST_AGE}")
        return tuple(bands)

    def bands(self, raw: list[dict[str, Any]]) -> tuple[Band, ...]:
        bands: list[Band] = []
        expected = 0
        for i, b in enumerate(raw):
            here: list[object] = ["money", "bands", i]
            last = i == len(raw) - 1
            if b["from_points"] != expected:
                word = "overlaps the band before" if b["from_points"] < expected else "leaves a gap"
                self.problem(
                    here,
                    f"starts at {b['from_points']} points, so it {word}: "
                    f"it should start at {expected}",
                )
            highest = b.get("to_points")
            if highest is None and not last:
                self.problem(here, "'to_points' is missing (only the last band may be open-ended)")
                highest = b["from_points"]
            if highest is not None and highest < b["from_points"]:
                self.problem(here, f"to_points {highest} is below from_points {b['from_points']}")
            amount = self.money([*here, "amount"], b["amount"])
            if bands and amount < bands[-1].annual_pence:
                self.problem(
                    [*here, "amount"],
                    "is less than the band before: more need must never mean less money",
                )
            bands.append(Band(b["from_points"], highest, amount))
            expected = (highest if highest is not None else b["from_points"]) + 1
        return tuple(bands)


def _decimal(value: object) -> Decimal | None:
    try:
        number = Decimal(str(value))
    except InvalidOperation:
        return None
    return number if number.is_finite() else None


def _percent(value: object) -> Decimal | None:
    return None if value is None else _decimal(value)
