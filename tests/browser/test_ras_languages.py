"""The questionnaire in Polish and in Urdu (right to left) on a phone: axe-core finds
nothing, the page fits, and English standing in for a missing translation is marked."""

from __future__ import annotations

import re

import pytest

from tests.browser.test_family_journeys import sign_in
from tests.browser.test_ras_journey import Checker, person

pytestmark = pytest.mark.browser


@pytest.mark.parametrize(
    ("language", "question"),
    [("pl", "Jak wyglądają noce dziecka?"), ("ur", "آپ کے بچے کی راتیں کیسی گزرتی ہیں؟")],
)
def test_the_questionnaire_in_the_family_s_language(
    app, live_server, phone, tmp_path, monkeypatch, language, question
) -> None:
    checked_and_fits = Checker(live_server)
    sign_in(phone, live_server, person(app, "parent"))
    phone.goto(live_server + f"/language/{language}?next=/family/")
    phone.locator("main a[href^='/budget/children/']").first.click()
    phone.locator("main form button").first.click()
    phone.wait_for_url(re.compile(r"/questions/personal_care$"))
    assert question in phone.locator("main").inner_text()
    assert phone.locator("main [lang=en]").count() == 0
    checked_and_fits(phone)

    # A council's translation that leaves words out: they show in English, marked.
    (tmp_path / f"brackenshire-2026.1.{language}.yaml").write_text(
        f'scheme: brackenshire\nversion: "2026.1"\nlanguage: {language}\n'
        f"questions:\n  sleep:\n    text: {question}\n",
        encoding="utf-8",
    )
    monkeypatch.setitem(app.config, "RAS_TRANSLATIONS_DIR", str(tmp_path))
    phone.reload()
    english = phone.locator("main [lang=en]")
    assert english.first.inner_text() == "Personal care and daily living"
    assert english.count() > 20
    checked_and_fits(phone)
