"""The indicative budget: a pure function of (answers, scheme, age, current package).

The whole working comes back as data, so the family's page can explain every step and a
stored result can be shown again exactly as it was.

Order of the working, and the one place money is rounded:
1. each answered question gives its descriptor's points, shared between funding streams
   by the question's weights;
2. the total is multiplied by the child's age band multiplier, and rounded half up to a
   whole point (points, not money);
3. the adjusted points give an annual amount from the funding matrix (whole pence) or
   points x price per point (whole pence); the cap, if any, limits it;
4. transitional protection keeps the amount within the scheme's largest yearly fall and
   rise from the current package. This is the only step that can make fractions of a
   penny, and **it is where the total is rounded, once, half up to the penny**;
5. the total is shared between the streams in proportion to their points by the largest
   remainder method, so the stream amounts always add up exactly to the total.
"""

from __future__ import annotations

from collections.abc import Mapping
from dataclasses import asdict, dataclass
from decimal import ROUND_HALF_UP, Decimal
from typing import Any

from .scheme import Scheme

HUNDRED = Decimal(100)


class AnswersIncomplete(ValueError):
    """Some questions asked at this age have no (valid) answer."""

    def __init__(self, question_ids: list[str]) -> None:
        super().__init__(", ".join(question_ids))
        self.question_ids = question_ids


@dataclass(frozen=True)
class QuestionWorking:
    domain_id: str
    question_id: str
    answer: int  # index of the descriptor chosen
    points: int


@dataclass(frozen=True)
class DomainWorking:
    domain_id: str
    points: int


@dataclass(frozen=True)
class StreamWorking:
    stream_id: str
    points: str  # a Decimal, as text, so it survives JSON exactly
    amount_pence: int


@dataclass(frozen=True)
class Protection:
    current_pence: int
    new_pence: int  # the amount before protection
    change_percent: str  # signed, to one decimal place, e.g. "-35.1"
    direction: str  # "fall" or "rise"
    limit_percent: str
    protected_pence: int

    @property
    def whole_change_percent(self) -> int:
        """The size of the change to the nearest whole percent, as a family reads it."""
        return int(abs(Decimal(self.change_percent)).quantize(Decimal(1), rounding=ROUND_HALF_UP))


@dataclass(frozen=True)
class BudgetResult:
    scheme_id: str
    scheme_version: str
    age: int
    age_band: str
    multiplier: str
    questions: tuple[QuestionWorking, ...]
    domains: tuple[DomainWorking, ...]
    points: int
    adjusted_points: int
    band_index: int | None
    price_per_point_pence: int | None
    matrix_pence: int
    cap_pence: int | None
    capped: bool
    before_protection_pence: int
    protection: Protection | None
    total_pence: int
    streams: tuple[StreamWorking, ...]
    goes_to_panel: bool
    panel_reasons: tuple[str, ...]

    def to_json(self) -> dict[str, Any]:
        return asdict(self)

    @classmethod
    def from_json(cls, data: Mapping[str, Any]) -> BudgetResult:
        values = dict(data)
        values["questions"] = tuple(QuestionWorking(**q) for q in data["questions"])
        values["domains"] = tuple(DomainWorking(**d) for d in data["domains"])
        values["streams"] = tuple(StreamWorking(**s) for s in data["streams"])
        values["panel_reasons"] = tuple(data["panel_reasons"])
        protection = data.get("protection")
        values["protection"] = Protection(**protection) if protection else None
        return cls(**values)


def questions_asked(scheme: Scheme, age: int) -> list[str]:
    return [q.id for q in scheme.questions if q.asked_at(age)]


def missing_answers(answers: Mapping[str, int], scheme: Scheme, age: int) -> list[str]:
    missing = []
    for question in scheme.questions:
        if not question.asked_at(age):
            continue
        answer = answers.get(question.id)
        if not isinstance(answer, int) or not 0 <= answer < len(question.descriptors):
            missing.append(question.id)
    return missing


def calculate(
    answers: Mapping[str, int], scheme: Scheme, age: int, current_package_pence: int | None
) -> BudgetResult:
    missing = missing_answers(answers, scheme, age)
    if missing:
        raise AnswersIncomplete(missing)

    questions: list[QuestionWorking] = []
    domains: list[DomainWorking] = []
    stream_points = {s.id: Decimal(0) for s in scheme.streams}
    for domain in scheme.domains:
        domain_points = 0
        for question in domain.questions:
            if not question.asked_at(age):
                continue
            answer = answers[question.id]
            points = question.descriptors[answer].points
            questions.append(QuestionWorking(domain.id, question.id, answer, points))
            domain_points += points
            for stream_id, weight in question.weights:
                stream_points[stream_id] += Decimal(points) * weight / HUNDRED
        domains.append(DomainWorking(domain.id, domain_points))

    points = sum(q.points for q in questions)
    age_band = scheme.age_band(age)
    adjusted = int((points * age_band.multiplier).quantize(Decimal(1), rounding=ROUND_HALF_UP))

    band_index = None
    if scheme.bands:
        band_index = next(i for i, b in enumerate(scheme.bands) if b.holds(adjusted))
        matrix_pence = scheme.bands[band_index].annual_pence
    else:
        assert scheme.price_per_point_pence is not None
        matrix_pence = adjusted * scheme.price_per_point_pence
    cap = scheme.cap_pence
    capped = cap is not None and matrix_pence > cap
    before_protection = cap if cap is not None and capped else matrix_pence

    protection, exact_total = _protect(before_protection, current_package_pence, scheme)
    total = int(exact_total.quantize(Decimal(1), rounding=ROUND_HALF_UP))
    if protection is not None:
        protection = Protection(**{**asdict(protection), "protected_pence": total})

    reasons = []
    if scheme.panel_amount_over_pence is not None and total > scheme.panel_amount_over_pence:
        reasons.append("amount")
    if scheme.panel_points_over is not None and adjusted > scheme.panel_points_over:
        reasons.append("points")

    return BudgetResult(
        scheme_id=scheme.id,
        scheme_version=scheme.version,
        age=age,
        age_band=age_band.label,
        multiplier=str(age_band.multiplier),
        questions=tuple(questions),
        domains=tuple(domains),
        points=points,
        adjusted_points=adjusted,
        band_index=band_index,
        price_per_point_pence=scheme.price_per_point_pence,
        matrix_pence=matrix_pence,
        cap_pence=scheme.cap_pence,
        capped=capped,
        before_protection_pence=before_protection,
        protection=protection,
        total_pence=total,
        streams=split_between_streams(total, stream_points, scheme.streams[0].id),
        goes_to_panel=bool(reasons),
        panel_reasons=tuple(reasons),
    )


def _protect(
    new_pence: int, current_pence: int | None, scheme: Scheme
) -> tuple[Protection | None, Decimal]:
    if not current_pence:
        return None, Decimal(new_pence)
    change = (Decimal(new_pence) - current_pence) * HUNDRED / current_pence
    falling = new_pence < current_pence
    limit = scheme.largest_fall_percent if falling else scheme.largest_rise_percent
    if limit is None or abs(change) <= limit:
        return None, Decimal(new_pence)
    factor = (HUNDRED - limit) if falling else (HUNDRED + limit)
    protected = Decimal(current_pence) * factor / HUNDRED
    return (
        Protection(
            current_pence=current_pence,
            new_pence=new_pence,
            change_percent=str(change.quantize(Decimal("0.1"), rounding=ROUND_HALF_UP)),
            direction="fall" if falling else "rise",
            limit_percent=plain(limit),
            protected_pence=0,
        ),
        protected,
    )


def split_between_streams(
    total_pence: int, stream_points: Mapping[str, Decimal], fallback_stream: str
) -> tuple[StreamWorking, ...]:
    """Shares whole pence in proportion to points (largest remainder, ties to the stream
    listed first), so the parts always add up to the total."""
    all_points = sum(stream_points.values(), Decimal(0))
    if all_points == 0:
        shares = {
            s: (Decimal(total_pence) if s == fallback_stream else Decimal(0)) for s in stream_points
        }
    else:
        shares = {s: total_pence * p / all_points for s, p in stream_points.items()}
    floors = {s: int(share) for s, share in shares.items()}
    left = total_pence - sum(floors.values())
    order = list(stream_points)
    by_remainder = sorted(order, key=lambda s: (-(shares[s] - floors[s]), order.index(s)))
    for stream in by_remainder[:left]:
        floors[stream] += 1
    return tuple(StreamWorking(s, plain(stream_points[s]), floors[s]) for s in order)


def plain(number: Decimal) -> str:
    """A Decimal as ordinary digits (never "1E+1"), without trailing zeros."""
    text = format(number, "f")
    return text.rstrip("0").rstrip(".") if "." in text else text
