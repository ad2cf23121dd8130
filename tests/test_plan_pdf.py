"""The support plan as a PDF: who may download it, and that the words and figures inside
are the plan's, in the reader's language (English, Polish, and Urdu right to left)."""

from __future__ import annotations

import io
import re

import pytest
from pypdf import PdfReader
from pypdf.generic import NameObject
from sqlalchemy import func, select

from portal.audit import AuditEvent
from portal.extensions import db
from tests import test_plans
from tests.test_families import family_with_child, make_user
from tests.test_invitations import young_person_signed_in
from tests.test_plans import (
    broker_for,
    make_officer,
    ready_plan,
    sign_in_staff,
    submitted_plan,
)

# The fixed £9,000 budget standing in for the RAS.
budget = test_plans.budget


URDU = re.compile(r"[\u0600-\u06ff]")


def pdf_text(data: bytes) -> str:
    """The words in a PDF, with runs of space made one.

    WeasyPrint writes glyphs beyond the first 256 of a font (Arabic, say) with two-byte
    codes under a custom encoding CMap, which pypdf reads one byte at a time; calling the
    encoding Identity-H makes pypdf take two bytes per code and look each up in the font's
    own ToUnicode map, which is what any reader uses for copying and searching."""
    reader = PdfReader(io.BytesIO(data))
    words = []
    for page in reader.pages:
        fonts = page["/Resources"]["/Font"]
        for font in fonts.values():
            font = font.get_object()
            if not isinstance(font.get("/Encoding"), NameObject) and font.get("/Subtype") == (
                "/Type0"
            ):
                font[NameObject("/Encoding")] = NameObject("/Identity-H")
        words.append(page.extract_text())
    return re.sub(r"\s+", " ", " ".join(words))


def glyphs_missing(data: bytes) -> list[str]:
    """Characters the PDF draws with a font's empty box (.notdef, glyph 0): a font that
    lacks them, as DejaVu Sans lacks Urdu's ہ and ے."""
    reader = PdfReader(io.BytesIO(data))
    missing = []
    for page in reader.pages:
        for font in page["/Resources"]["/Font"].values():
            font = font.get_object()
            encoding = font.get("/Encoding")
            if encoding is None or isinstance(encoding, NameObject):
                continue
            to_cid = encoding.get_object().get_data().decode("latin-1")
            to_unicode = font["/ToUnicode"].get_object().get_data().decode("latin-1")
            for code in re.findall(r"<([0-9a-f]+)> 0\b", to_cid):
                found = re.search(rf"<{code}> <([0-9a-f]+)>", to_unicode)
                missing.append(chr(int(found.group(1), 16)) if found else code)
    return missing


def download(client, plan_id: int, number: int = 1):
    return client.get(f"/plans/{plan_id}/versions/{number}/pdf")


def audit_count(app, action: str, record_id: int) -> int:
    with app.app_context():
        return db.session.scalar(
            select(func.count())
            .select_from(AuditEvent)
            .where(AuditEvent.action == action, AuditEvent.record_id == record_id)
        )


def test_a_parent_downloads_the_whole_plan_as_an_a4_pdf(app, budget) -> None:
    parent, child_id = family_with_child(app)
    plan_id = ready_plan(app, parent, child_id)
    response = download(parent, plan_id)
    assert response.status_code == 200
    assert response.mimetype == "application/pdf"
    assert response.headers["Content-Disposition"] == (
        f'attachment; filename="support-plan-{plan_id}-version-1.pdf"'
    )
    assert response.headers["Cache-Control"] == "no-store"
    data = response.get_data()
    assert data.startswith(b"%PDF")
    reader = PdfReader(io.BytesIO(data))
    width, height = (float(v) for v in reader.pages[0].mediabox[2:])
    # A4 is 210 × 297 mm: 595 × 842 points.
    assert round(width) == 595 and round(height) == 842
    text = pdf_text(data)
    for words in (
        "About",
        "Amira swims with friends without me there",
        "Personal assistant for swimming",
        "£16.50 per hour × 3, every week",
        # 3 hours × £16.50 × 52 weeks.
        "£2,574",
        # What is left of the £9,000 budget.
        "£6,426",
        "Managed account held by the council",
        "Keeping safe and plan B",
        "Gran takes her swimming",
        "How the money is managed",
        "Version 1: Draft",
    ):
        assert words in text, words
    assert "<strong>" not in text


def test_the_pdf_is_in_polish_for_a_parent_reading_in_polish(app, budget) -> None:
    parent, child_id = family_with_child(app)
    plan_id = ready_plan(app, parent, child_id)
    parent.get("/language/pl")
    response = download(parent, plan_id)
    assert response.status_code == 200
    text = pdf_text(response.get_data())
    assert "Bezpieczeństwo i plan B" in text
    assert "Keeping safe and plan B" not in text
    # The family's own words stay as they wrote them; the figures are the plan's.
    assert "Personal assistant for swimming" in text
    assert re.search(r"2\s?574", text)


def test_the_pdf_is_in_urdu_right_to_left_for_a_parent_reading_in_urdu(app, budget) -> None:
    parent, child_id = family_with_child(app)
    plan_id = ready_plan(app, parent, child_id)
    parent.get("/language/ur")
    response = download(parent, plan_id)
    assert response.status_code == 200
    text = pdf_text(response.get_data())
    assert len(URDU.findall(text)) > 50
    assert glyphs_missing(response.get_data()) == []
    assert "Keeping safe and plan B" not in text
    assert "Personal assistant for swimming" in text


def test_the_urdu_pdf_is_laid_out_right_to_left(app, budget, monkeypatch) -> None:
    from portal.plans import pdf as plan_pdf

    made_from: list[str] = []
    real = plan_pdf.html_to_pdf

    def keep(html: str) -> bytes:
        made_from.append(html)
        return real(html)

    monkeypatch.setattr(plan_pdf, "html_to_pdf", keep)
    parent, child_id = family_with_child(app)
    plan_id = ready_plan(app, parent, child_id)
    parent.get("/language/ur")
    assert download(parent, plan_id).status_code == 200
    # WeasyPrint lays the page out from the document's direction.
    assert '<html lang="ur" dir="rtl">' in made_from[0]


def test_a_broker_with_live_consent_downloads_it_and_the_reading_is_audited(app, budget) -> None:
    parent, child_id = family_with_child(app)
    plan_id = ready_plan(app, parent, child_id)
    viewer = broker_for(app, parent, child_id, "view")
    before = audit_count(app, "plan_viewed", plan_id)
    response = download(viewer, plan_id)
    assert response.status_code == 200 and response.get_data().startswith(b"%PDF")
    assert audit_count(app, "plan_viewed", plan_id) == before + 1


def test_people_outside_the_family_cannot_download_the_plan(app, budget) -> None:
    parent, child_id = family_with_child(app)
    plan_id = ready_plan(app, parent, child_id)
    other_parent, _other_child = family_with_child(app)
    stranger = sign_in_staff(app, make_user(app, "broker"))
    _parent, young_person, _teen, _younger = young_person_signed_in(app)
    assert download(other_parent, plan_id).status_code == 404
    assert download(stranger, plan_id).status_code == 404
    assert download(young_person, plan_id).status_code == 403
    assert download(parent, plan_id, number=2).status_code == 404
    assert download(parent, 10**20).status_code == 404
    anonymous = app.test_client()
    assert download(anonymous, plan_id).headers["Location"].startswith("/sign-in")
    # A draft is the family's alone.
    officer = sign_in_staff(app, make_officer(app))
    assert download(officer, plan_id).status_code == 404


@pytest.mark.parametrize("role", ["officer", "admin"])
def test_staff_download_a_sent_plan_and_the_opening_is_audited(app, budget, role) -> None:
    _parent, plan_id, version_id = submitted_plan(app, budget)
    staff = sign_in_staff(app, make_officer(app, role=role))
    before = audit_count(app, "plan_opened_by_staff", version_id)
    response = download(staff, plan_id)
    assert response.status_code == 200
    assert response.mimetype == "application/pdf"
    text = pdf_text(response.get_data())
    assert "Version 1: Sent to the council" in text and "She needs two helpers" in text
    assert audit_count(app, "plan_opened_by_staff", version_id) == before + 1


def test_the_plan_pages_offer_the_download(app, budget) -> None:
    parent, child_id = family_with_child(app)
    plan_id = ready_plan(app, parent, child_id)
    link = f'href="/plans/{plan_id}/versions/1/pdf"'
    assert link in parent.get(f"/plans/{plan_id}").get_data(as_text=True)
    page = parent.get(f"/plans/{plan_id}/versions/1").get_data(as_text=True)
    assert link in page
    # The year's cost is bold, not the words "<strong>" shown to the family.
    assert "<strong>£2,574</strong>" in page and "&lt;strong&gt;" not in page


def test_a_failing_pdf_maker_gives_a_page_with_words_not_a_500(app, budget, monkeypatch) -> None:
    import weasyprint

    class Broken:
        def __init__(self, *args, **kwargs) -> None:
            raise OSError("cannot load library 'libpango-1.0-0'")

    monkeypatch.setattr(weasyprint, "HTML", Broken)
    parent, child_id = family_with_child(app)
    plan_id = ready_plan(app, parent, child_id)
    response = download(parent, plan_id)
    assert response.status_code == 503
    page = response.get_data(as_text=True)
    assert "The PDF could not be made" in page
    assert f"/plans/{plan_id}/versions/1?print=1" in page


def test_the_pdf_fetches_nothing_from_an_address_in_the_page(app, tmp_path) -> None:
    from portal.plans.pdf import html_to_pdf

    stylesheet = tmp_path / "fetched.css"
    stylesheet.write_text('body::before { content: "FETCHED" }')
    with app.app_context():
        data = html_to_pdf(f'<link rel="stylesheet" href="{stylesheet.as_uri()}"><p>Plan</p>')
    text = pdf_text(data)
    assert "Plan" in text and "FETCHED" not in text


def test_money_kept_in_a_block_contract_is_not_counted_as_paid_out(app, budget) -> None:
    from portal.plans.models import PlanVersion
    from portal.plans.pdf import management_totals
    from portal.plans.rules import KEPT_IN_BLOCK_CONTRACT
    from tests.test_families import post

    parent, plan_id, version_id = submitted_plan(app, budget)
    officer = sign_in_staff(app, make_officer(app))
    with app.app_context():
        line_id = db.session.get(PlanVersion, version_id).lines[0].id
    kept = post(
        officer,
        f"/plans/decisions/{version_id}/lines/{line_id}/not-released",
        {f"line-{line_id}-reason": "Part of our block contract with Brackenshire Pools"},
    )
    assert kept.status_code == 302
    with app.app_context():
        # £16.50 × 3 hours × 52 weeks, in a managed account until the council kept it.
        assert management_totals(db.session.get(PlanVersion, version_id)) == {
            KEPT_IN_BLOCK_CONTRACT: 257_400
        }
    text = pdf_text(download(parent, plan_id).get_data())
    assert "Kept in a block contract (not paid out) £2,574" in text
