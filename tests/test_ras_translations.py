"""A scheme's own words in the family's language: checked files, English marked where a
translation is missing, and never any change to a scheme version or a result."""

from __future__ import annotations

import html
import json
import re

import pytest
from sqlalchemy import select

from portal.extensions import db
from portal.ras.budget import calculate
from portal.ras.loading import DEMO_SCHEME, load_scheme
from portal.ras.models import Assessment, RasScheme
from portal.ras.scheme import SchemeError, read_scheme
from portal.ras.translation import LocalText, localise, read_translation
from tests.ras_schemes import BANDED, as_yaml
from tests.test_families import family_with_child, post, signed_in
from tests.test_ras_compare import later_version
from tests.test_ras_views import answer_everything, officer_form, start, submitted_assessment

SCHEMES = DEMO_SCHEME.parent
DEMO = read_scheme(DEMO_SCHEME.read_text(encoding="utf-8"))
HEAD = 'scheme: brackenshire\nversion: "2026.1"\n'


def problems(text: str) -> list[str]:
    with pytest.raises(SchemeError) as caught:
        read_translation(text, DEMO)
    return caught.value.problems


def visible(response) -> str:
    main = response.get_data(as_text=True).split("<main", 1)[1].split("</main>")[0]
    return html.unescape(re.sub(r"\s+", " ", main))


# The file


@pytest.mark.parametrize("language", ["pl", "ur"])
def test_the_demo_translations_cover_every_word_of_the_scheme(language) -> None:
    text = (SCHEMES / f"brackenshire-2026.1.{language}.yaml").read_text(encoding="utf-8")
    shown = localise(DEMO, read_translation(text, DEMO), english=False)

    words = [shown.title, *(s.name for s in shown.streams), *(b.label for b in shown.age_bands)]
    for domain in shown.domains:
        words += [domain.title, domain.summary]
        for question in domain.questions:
            words.append(question.text)
            for d in question.descriptors:
                words += [d.label, d.example, d.easy_read]
    assert all(isinstance(w, LocalText) and w.lang is None for w in words)


def test_an_unknown_language_is_named() -> None:
    assert problems(HEAD + "language: fr\n") == [
        "line 3: language: unknown language 'fr' (a scheme can be translated into pl, ur; "
        "English is the scheme file itself)"
    ]


def test_words_for_a_question_the_scheme_does_not_have_are_refused_at_their_line() -> None:
    found = problems(
        HEAD
        + "language: pl\nquestions:\n  sleep:\n    text: Noce\n  swimming:\n    text: Pływanie\n"
    )
    assert found == ["line 7: questions.swimming: there is no question 'swimming' in the scheme"]


def test_unknown_domains_streams_and_age_bands_are_refused() -> None:
    found = problems(
        HEAD + "language: pl\n"
        "domains:\n  housing:\n    title: Mieszkanie\n"
        "streams:\n  housing: Mieszkanie\n"
        "age_bands:\n  Over 30: Powyżej 30\n"
    )
    assert "line 5: domains.housing: there is no domain 'housing' in the scheme" in found
    assert any(p.startswith("line 8: streams.housing: there is no stream 'housing'") for p in found)
    assert any(p.startswith("line 10: age_bands.Over 30: there is no age band") for p in found)


def test_more_answers_than_the_question_has_are_refused() -> None:
    answers = "".join(f"      - label: Odpowiedź {i}\n" for i in range(5))
    found = problems(HEAD + f"language: pl\nquestions:\n  sleep:\n    descriptors:\n{answers}")
    assert found == [
        "line 7: questions.sleep.descriptors: has 5 answers but the question has 4: "
        "give them in the scheme's order"
    ]


def test_points_or_other_scored_content_cannot_be_put_in_a_translation() -> None:
    found = problems(
        HEAD + "language: pl\nquestions:\n  sleep:\n    descriptors:\n"
        "      - label: Śpi\n        points: 9\n"
    )
    assert found == [
        "line 7: questions.sleep.descriptors[0]: unknown field ('points' was unexpected)"
    ]


def test_a_translation_for_another_version_is_refused() -> None:
    found = problems('scheme: brackenshire\nversion: "2027.1"\nlanguage: pl\n')
    assert found == [
        "line 2: version: this translation is for brackenshire version 2027.1, "
        "not brackenshire version 2026.1"
    ]


def test_placeholders_must_be_kept() -> None:
    scheme = read_scheme(
        DEMO_SCHEME.read_text(encoding="utf-8").replace(
            "text: How are your child's nights?", "text: How are {name}'s nights?"
        )
    )
    with pytest.raises(SchemeError) as caught:
        read_translation(HEAD + "language: pl\nquestions:\n  sleep:\n    text: Jak śpi?\n", scheme)
    assert caught.value.problems == [
        "line 6: questions.sleep.text: the English has the placeholders {name} but the "
        "translation has none: keep them exactly as they are"
    ]
    good = read_translation(
        HEAD + "language: pl\nquestions:\n  sleep:\n    text: Jak śpi {name}?\n", scheme
    )
    assert good.words[("question", "sleep", "text")] == "Jak śpi {name}?"


def test_a_broken_file_is_explained() -> None:
    assert problems("scheme: [\n")[0].startswith("line 2, column 1: the file is not valid YAML")
    assert problems("- a list\n") == [
        "the file must be a mapping of fields, starting with 'scheme:'"
    ]
    assert problems(HEAD) == ["line 1: the file: 'language' is missing"]


def test_missing_words_stay_english_and_are_marked_english() -> None:
    partial = read_translation(HEAD + "language: pl\nquestions:\n  sleep:\n    text: Noce\n", DEMO)
    shown = localise(DEMO, partial, english=False)
    sleep = shown.question("sleep")
    assert (sleep.text, sleep.text.lang) == ("Noce", None)
    assert (sleep.descriptors[0].label, sleep.descriptors[0].label.lang) == (
        "They usually sleep through",
        "en",
    )
    in_english = localise(DEMO, partial, english=True)
    assert in_english.question("sleep").text == "How are your child's nights?"
    assert in_english.question("sleep").text.lang is None


def test_scoring_the_localised_scheme_gives_exactly_the_same_result() -> None:
    text = (SCHEMES / "brackenshire-2026.1.ur.yaml").read_text(encoding="utf-8")
    urdu = localise(DEMO, read_translation(text, DEMO), english=False)
    answers = {q.id: i % 4 for i, q in enumerate(DEMO.questions)}
    for age in (3, 12, 17):
        english = calculate(answers, DEMO, age, 940000).to_json()
        localised = calculate(answers, urdu, age, 940000).to_json()
        # Only the age band's name is words; the pages score with the scheme as loaded, so
        # a stored result keeps the English name and the page puts it in the reader's words.
        assert localised.pop("age_band") != english.pop("age_band")
        assert localised == english


# The pages


@pytest.mark.parametrize(
    ("language", "heading", "question", "answer"),
    [
        (
            "pl",
            "Zachowanie, emocje i bezpieczeństwo",
            "Jak dobrze dziecko rozumie niebezpieczeństwo?",
            "Potrzebuje przypomnień",
        ),
        (
            "ur",
            "رویہ، جذبات اور حفاظت",
            "آپ کا بچہ خطرے کو کتنا سمجھتا ہے؟",
            "یاد دہانی چاہیے",
        ),
    ],
)
def test_the_questionnaire_is_in_the_family_s_language(
    app, language, heading, question, answer
) -> None:
    client, child_id = family_with_child(app)
    client.set_cookie("language", language)
    assessment_id = start(client, child_id)

    page = visible(client.get(f"/budget/assessments/{assessment_id}/questions/behaviour"))
    assert heading in page and question in page and answer in page
    assert "How well does your child understand danger?" not in page
    assert 'lang="en"' not in page

    unanswered = post(
        client, f"/budget/assessments/{assessment_id}/questions/behaviour", {"action": "continue"}
    )
    assert question in visible(unanswered)  # in the error summary too

    answer_everything(client, assessment_id, level=1)
    check = visible(client.get(f"/budget/assessments/{assessment_id}/check"))
    assert heading in check and question in check and answer in check
    assert 'lang="en"' not in check

    post(client, f"/budget/assessments/{assessment_id}/submit")
    budget = visible(client.get(f"/budget/assessments/{assessment_id}"))
    assert question in budget and answer in budget
    assert {"pl": "Od 11 do 15 lat", "ur": "11 سے 15 سال"}[language] in budget
    assert {"pl": "Opieka społeczna", "ur": "سماجی دیکھ بھال"}[language] in budget
    assert 'lang="en"' not in budget


def test_an_officer_s_error_messages_name_the_question_in_the_reader_s_language(app) -> None:
    _family, _child_id, assessment_id = submitted_assessment(app)
    officer = signed_in(app, "officer")
    officer.set_cookie("language", "pl")
    form = officer_form(assessment_id, {"sleep": ("1", "")})
    del form["q_washing_dressing"]
    response = post(officer, f"/budget/officer/assessments/{assessment_id}", form)
    assert response.status_code == 400
    summary = visible(response).split("govuk-error-summary__list", 1)[1].split("</ul>")[0]
    assert "Ile pomocy potrzebuje dziecko przy myciu, ubieraniu się" in summary
    assert "Jak wyglądają noce dziecka?" in summary
    assert "How much help does your child need with washing" not in summary
    assert "How are your child" not in summary


def test_english_stands_in_for_missing_words_marked_lang_en(app, tmp_path, monkeypatch) -> None:
    # A council's own file takes the place of the shipped one.
    (tmp_path / "brackenshire-2026.1.pl.yaml").write_text(
        HEAD + "language: pl\ndomains:\n  behaviour:\n    title: Zachowanie\n"
        "questions:\n  danger:\n    text: Czy dziecko rozumie niebezpieczeństwo?\n",
        encoding="utf-8",
    )
    monkeypatch.setitem(app.config, "RAS_TRANSLATIONS_DIR", str(tmp_path))
    client, child_id = family_with_child(app)
    client.set_cookie("language", "pl")
    assessment_id = start(client, child_id)

    page = client.get(f"/budget/assessments/{assessment_id}/questions/behaviour").get_data(
        as_text=True
    )
    assert '<h1 class="govuk-heading-xl">Zachowanie</h1>' in page
    assert "Czy dziecko rozumie niebezpieczeństwo?" in page
    assert '<span lang="en" dir="ltr">Needs reminders</span>' in page
    assert (
        '<span lang="en" dir="ltr">How much support does your child need with their behaviour and '
        "feelings?</span>" in page
    )


def test_english_readers_see_the_scheme_as_written_and_unmarked(app) -> None:
    client, child_id = family_with_child(app)
    assessment_id = start(client, child_id)
    page = visible(client.get(f"/budget/assessments/{assessment_id}/questions/behaviour"))
    assert "How well does your child understand danger?" in page
    assert 'lang="en"' not in page


# Translations are words only


def test_loading_a_translation_changes_no_scheme_and_no_result(app, tmp_path, monkeypatch) -> None:
    monkeypatch.setitem(app.config, "RAS_TRANSLATIONS_DIR", str(tmp_path / "kept"))
    client, _child_id, assessment_id = submitted_assessment(app, level=3)
    with app.app_context():
        assessment = db.session.get(Assessment, assessment_id)
        scheme = assessment.scheme
        before = (scheme.content, scheme.content_sha256, assessment.result_json)
    english_page = visible(client.get(f"/budget/assessments/{assessment_id}"))

    source = tmp_path / "pl.yaml"
    source.write_text(
        (SCHEMES / "brackenshire-2026.1.pl.yaml")
        .read_text(encoding="utf-8")
        .replace("label: Trzeba go pilnować cały czas", "label: Ktoś musi go pilnować cały czas"),
        encoding="utf-8",
    )
    loaded = app.test_cli_runner().invoke(args=["ras", "load-translation", str(source)])
    assert loaded.exit_code == 0, loaded.output
    assert "Loaded the pl words for brackenshire version 2026.1" in loaded.output
    assert (tmp_path / "kept" / "brackenshire-2026.1.pl.yaml").is_file()

    with app.app_context():
        assessment = db.session.get(Assessment, assessment_id)
        scheme = assessment.scheme
        assert (scheme.content, scheme.content_sha256, assessment.result_json) == before
        assert len(db.session.scalars(select(RasScheme)).all()) >= 1
    money = re.compile(r"£[\d,]+\.\d\d")
    assert money.findall(visible(client.get(f"/budget/assessments/{assessment_id}"))) == (
        money.findall(english_page)
    )
    assert f"£{json.loads(before[2])['total_pence'] // 100:,}" in english_page
    client.set_cookie("language", "pl")
    polish = visible(client.get(f"/budget/assessments/{assessment_id}"))
    assert "Ktoś musi go pilnować cały czas" in polish


def test_a_broken_translation_file_is_refused_by_the_command(app, tmp_path, monkeypatch) -> None:
    monkeypatch.setitem(app.config, "RAS_TRANSLATIONS_DIR", str(tmp_path / "kept"))
    source = tmp_path / "fr.yaml"
    source.write_text(HEAD + "language: fr\nquestions:\n  swimming:\n    text: Nager\n")
    refused = app.test_cli_runner().invoke(args=["ras", "load-translation", str(source)])
    assert refused.exit_code != 0
    assert "unknown language 'fr'" in refused.output
    assert "there is no question 'swimming' in the scheme" in refused.output
    assert not (tmp_path / "kept").exists()

    source.write_text('scheme: nowhere\nversion: "1"\nlanguage: pl\n')
    refused = app.test_cli_runner().invoke(args=["ras", "load-translation", str(source)])
    assert "it names nowhere version 1" in refused.output


def test_officers_see_the_scheme_s_words_in_their_language(app, tmp_path, monkeypatch) -> None:
    monkeypatch.setitem(app.config, "RAS_TRANSLATIONS_DIR", str(tmp_path))
    (tmp_path / "tr_shire-2.pl.yaml").write_text(
        'scheme: tr_shire\nversion: "2"\nlanguage: pl\nquestions:\n  play:\n    text: Zabawa?\n',
        encoding="utf-8",
    )
    with app.app_context():
        first = load_scheme(db.session, as_yaml({**BANDED, "scheme": "tr_shire"})).scheme.id
        second = load_scheme(
            db.session, as_yaml({**later_version(), "scheme": "tr_shire"})
        ).scheme.id
        db.session.commit()
    try:
        officer = signed_in(app, "officer")
        officer.set_cookie("language", "pl")
        page = officer.get(f"/budget/officer/schemes/compare?old={first}&new={second}")
        text = re.sub(r"\s+", " ", page.get_data(as_text=True))
        assert ": Zabawa?</h3>" in text
        assert ': <span lang="en" dir="ltr">Adulthood?</span></h3>' in text
    finally:
        with app.app_context():
            for version in db.session.scalars(
                select(RasScheme).where(RasScheme.scheme_key == "tr_shire")
            ):
                db.session.delete(version)
            db.session.commit()

    _family, _child_id, assessment_id = submitted_assessment(app)
    confirm = visible(officer.get(f"/budget/officer/assessments/{assessment_id}"))
    assert "Jak dobrze dziecko rozumie niebezpieczeństwo?" in confirm
    assert "How well does your child understand danger?" not in confirm
