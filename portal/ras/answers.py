"""Reading a questionnaire page's answers, and the order of its pages. No Flask here."""

from __future__ import annotations

from collections.abc import Mapping
from dataclasses import dataclass

from .scheme import Domain, Question, Scheme


def field_name(question: Question) -> str:
    # Prefixed so a council's question id can never clash with the form's own fields.
    return f"q_{question.id}"


def domains_asked(scheme: Scheme, age: int) -> list[Domain]:
    return [d for d in scheme.domains if any(q.asked_at(age) for q in d.questions)]


def questions_on_page(domain: Domain, age: int) -> list[Question]:
    return [q for q in domain.questions if q.asked_at(age)]


@dataclass(frozen=True)
class PageAnswers:
    answers: dict[str, int]  # question id → index of the descriptor chosen
    unanswered: list[str]  # question ids with no (valid) answer


def read_page(form: Mapping[str, str], questions: list[Question]) -> PageAnswers:
    """Only a descriptor's own number counts as an answer; anything else is no answer."""
    answers: dict[str, int] = {}
    unanswered: list[str] = []
    for question in questions:
        raw = form.get(field_name(question), "")
        choices = {str(i): i for i in range(len(question.descriptors))}
        if raw in choices:
            answers[question.id] = choices[raw]
        else:
            unanswered.append(question.id)
    return PageAnswers(answers, unanswered)


def next_domain(scheme: Scheme, age: int, domain_id: str) -> Domain | None:
    asked = domains_asked(scheme, age)
    ids = [d.id for d in asked]
    position = ids.index(domain_id)
    return asked[position + 1] if position + 1 < len(asked) else None


def previous_domain(scheme: Scheme, age: int, domain_id: str) -> Domain | None:
    asked = domains_asked(scheme, age)
    ids = [d.id for d in asked]
    position = ids.index(domain_id)
    return asked[position - 1] if position > 0 else None


@dataclass(frozen=True)
class ChangedAnswer:
    question_id: str
    before: int | None
    after: int


def changed_answers(before: Mapping[str, int], after: Mapping[str, int]) -> list[ChangedAnswer]:
    return [
        ChangedAnswer(question_id, before.get(question_id), answer)
        for question_id, answer in after.items()
        if before.get(question_id) != answer
    ]
