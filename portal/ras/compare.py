"""What changed between two scheme versions, question by question. No Flask here: the
template words each kind of change in the reader's language."""

from __future__ import annotations

from dataclasses import dataclass

from .scheme import Question, Scheme


@dataclass(frozen=True)
class Difference:
    # "added", "removed", "wording", "answers", "ages", "streams" for a question;
    # "age_bands", "bands", "price", "cap", "largest_fall", "largest_rise", "panel_amount",
    # "panel_points" for the scheme's settings.
    kind: str
    domain: str  # the domain's title; "" for a setting
    question: str  # the question's wording; "" for a setting
    before: str  # "" when there was none
    after: str  # "" when there is none now


def compare_schemes(old: Scheme, new: Scheme) -> list[Difference]:
    changes: list[Difference] = []
    old_questions = {q.id: q for q in old.questions}
    new_questions = {q.id: q for q in new.questions}
    for domain in new.domains:
        for question in domain.questions:
            before = old_questions.get(question.id)
            if before is None:
                changes.append(
                    Difference("added", domain.title, question.text, "", _answers(question))
                )
            else:
                changes.extend(_question_changes(domain.title, before, question, old, new))
    for domain in old.domains:
        for question in domain.questions:
            if question.id not in new_questions:
                changes.append(
                    Difference("removed", domain.title, question.text, _answers(question), "")
                )
    changes.extend(_settings(old, new))
    return changes


def _answers(question: Question) -> str:
    return "; ".join(f"{d.label} ({d.points})" for d in question.descriptors)


def _ages(question: Question) -> str:
    return f"{question.youngest}–{question.oldest}"


def _streams(question: Question, scheme: Scheme) -> str:
    return ", ".join(f"{scheme.stream_name(s)} {w}%" for s, w in question.weights)


def _question_changes(
    domain: str, old: Question, new: Question, old_scheme: Scheme, new_scheme: Scheme
) -> list[Difference]:
    pairs = [
        ("wording", old.text, new.text),
        ("answers", _answers(old), _answers(new)),
        ("ages", _ages(old), _ages(new)),
        ("streams", _streams(old, old_scheme), _streams(new, new_scheme)),
    ]
    return [Difference(kind, domain, new.text, b, a) for kind, b, a in pairs if b != a]


def _money(pence: int | None) -> str:
    return "" if pence is None else f"£{pence // 100:,}.{pence % 100:02d}"


def _bands(scheme: Scheme) -> str:
    return "; ".join(
        f"{b.lowest_points}{'+' if b.highest_points is None else f'–{b.highest_points}'}: "
        f"{_money(b.annual_pence)}"
        for b in scheme.bands
    )


def _age_bands(scheme: Scheme) -> str:
    return "; ".join(f"{a.youngest}–{a.oldest} × {a.multiplier}" for a in scheme.age_bands)


def _text(value: object) -> str:
    return "" if value is None else str(value)


def _settings(old: Scheme, new: Scheme) -> list[Difference]:
    pairs = [
        ("age_bands", _age_bands(old), _age_bands(new)),
        ("bands", _bands(old), _bands(new)),
        ("price", _money(old.price_per_point_pence), _money(new.price_per_point_pence)),
        ("cap", _money(old.cap_pence), _money(new.cap_pence)),
        ("largest_fall", _text(old.largest_fall_percent), _text(new.largest_fall_percent)),
        ("largest_rise", _text(old.largest_rise_percent), _text(new.largest_rise_percent)),
        ("panel_amount", _money(old.panel_amount_over_pence), _money(new.panel_amount_over_pence)),
        ("panel_points", _text(old.panel_points_over), _text(new.panel_points_over)),
    ]
    return [Difference(kind, "", "", b, a) for kind, b, a in pairs if b != a]
