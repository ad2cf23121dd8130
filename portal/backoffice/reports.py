"""The commissioners' report in the back office: anonymised spend across agreed plans, as
a page and as CSV. The figures come from plain functions (commissioning.py); this module
reads the plans and turns codes into words. Nothing shown names or points at anyone, so
reading it is not on the audit trail."""

from __future__ import annotations

import csv
import io
from datetime import UTC, date, datetime, time, timedelta
from typing import Any

from flask import redirect, render_template, request, url_for
from flask_babel import gettext as _
from flask_babel import lazy_gettext as _l
from sqlalchemy import select
from sqlalchemy.orm import selectinload
from werkzeug.wrappers import Response
from wtforms import BooleanField, Form, StringField, ValidationError

from local_offer import widgets
from local_offer.formatting import money
from local_offer.interchange import protect_cell
from local_offer.models import TaxonomyTerm, utcnow

from ..accounts.forms import strip
from ..admin.forms import DATE_MESSAGES
from ..extensions import db
from ..families.rules import read_date
from ..permissions import role_required
from ..plans import service as plan_service
from ..plans.labels import HELD_AS_LABELS, STREAM_LABELS
from ..plans.models import PlanLine, PlanVersion, SupportPlan
from . import commissioning
from .commissioning import AGREED, OTHER, WAITING, Report, ReportLine, Table
from .views import STAFF, bp


class ReportForm(Form):
    """A GET form, so a report has a URL an officer can keep or send on."""

    as_at_day = StringField(filters=[strip])
    as_at_month = StringField(filters=[strip])
    as_at_year = StringField(filters=[strip])
    waiting = BooleanField(
        _l("Include plans waiting for a decision"),
        widget=widgets.CheckboxInput(),
    )

    def __init__(self, *args: Any, today: date, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        self.today = today
        self.as_at: date = today

    def validate_as_at_day(self, field: StringField) -> None:
        parts = [getattr(self, f"as_at_{part}").data or "" for part in ("day", "month", "year")]
        found, problem = read_date(*parts)
        if problem == "missing":
            return
        if problem:
            raise ValidationError(DATE_MESSAGES[problem])
        assert found is not None
        if found > self.today:
            raise ValidationError(_l("The date must be today or in the past"))
        self.as_at = found


def _aware(moment: datetime) -> datetime:
    # SQLite hands back naive datetimes; everything is stored in UTC.
    return moment if moment.tzinfo else moment.replace(tzinfo=UTC)


def _category(line: PlanLine) -> str | None:
    if line.service is None:
        return None
    terms = sorted(line.service.terms_in("category"), key=lambda t: (t.position, t.id))
    return terms[0].code if terms else None


def report_lines(as_at: date, statuses: tuple[str, ...]) -> list[ReportLine]:
    """Every line of the version of each plan that was agreed (or waiting) at the end of
    the day `as_at`."""
    moment = datetime.combine(as_at + timedelta(days=1), time(), tzinfo=UTC) - timedelta(
        microseconds=1
    )
    plans = db.session.scalars(
        select(SupportPlan).options(
            selectinload(SupportPlan.versions).selectinload(PlanVersion.history),
            selectinload(SupportPlan.versions)
            .selectinload(PlanVersion.lines)
            .selectinload(PlanLine.service),
        )
    ).all()
    lines: list[ReportLine] = []
    for plan in plans:
        histories = {
            v.number: [(_aware(c.changed_at), c.to_status) for c in v.history]
            for v in plan.versions
        }
        number = commissioning.counted_version(histories, moment, statuses)
        if number is None:
            continue
        version = next(v for v in plan.versions if v.number == number)
        lines.extend(
            ReportLine(
                plan_id=plan.id,
                annual_cost_pence=plan_service.annual_cost(line),
                funding_stream=line.funding_stream,
                management=line.management,
                service_category=_category(line),
                from_local_offer=line.service_id is not None,
                description=line.description,
                money_not_released=line.money_not_released,
            )
            for line in version.lines
        )
    return lines


def _labels() -> dict[str, dict[str, str]]:
    categories = {
        term.code: term.name
        for term in db.session.scalars(
            select(TaxonomyTerm).where(TaxonomyTerm.vocabulary == "category")
        )
    }
    categories[OTHER] = _("Other")
    return {
        "category": categories,
        "stream": {code: str(label) for code, label in STREAM_LABELS.items()},
        "management": {
            **{code: str(label) for code, label in HELD_AS_LABELS.items()},
            "not_chosen": _("Not chosen yet"),
        },
    }


def _read_form() -> ReportForm:
    form = ReportForm(request.args, today=utcnow().date())
    if request.args:
        form.validate()
    return form


def _report(form: ReportForm) -> Report:
    statuses = AGREED + WAITING if form.waiting.data else AGREED
    return commissioning.build_report(report_lines(form.as_at, statuses))


@bp.get("/reports/plans")
@role_required(*STAFF)
def commissioning_report() -> str:
    form = _read_form()
    report = None if form.errors else _report(form)
    return render_template(
        "backoffice/commissioning_report.html",
        form=form,
        report=report,
        labels=_labels(),
        small_number=commissioning.SMALL_NUMBER,
        trail=[],
    )


TABLES = (
    ("by_category", _l("Spend by service category"), "category"),
    ("by_stream", _l("Spend by funding stream"), "stream"),
    ("by_management", _l("Spend by how the money is managed"), "management"),
    ("proposed_by_category", _l("Support families proposed outside the Local Offer"), "category"),
)


def csv_rows(report: Report, labels: dict[str, dict[str, str]]) -> list[list[str]]:
    fewer = _("fewer than %(num)s", num=commissioning.SMALL_NUMBER)
    rows = [[_("Table"), _("Group"), _("Plans"), _("Lines"), _("Pence a year"), _("A year")]]

    def figures(plans: int, lines: int, pence: int, hidden: bool) -> list[str]:
        if hidden:
            return [fewer, "", "", ""]
        return [str(plans), str(lines), str(pence), money(pence)]

    total: Table = report.totals
    rows.append(
        [_("All agreed plans"), _("Total")]
        + figures(total.plans, total.lines, total.annual_cost_pence, total.suppressed)
    )
    for attribute, title, vocabulary in TABLES:
        table: Table = getattr(report, attribute)
        for group in table.groups:
            name = labels[vocabulary].get(group.key, group.key)
            rows.append(
                [str(title), name]
                + figures(group.plans, group.lines, group.annual_cost_pence, group.suppressed)
            )
        if table.suppressed:
            rows.append([str(title), _("Total")] + figures(0, 0, 0, True))
    return [[protect_cell(cell) for cell in row] for row in rows]


@bp.get("/reports/plans.csv")
@role_required(*STAFF)
def commissioning_report_csv() -> Response:
    form = _read_form()
    if form.errors:
        return redirect(url_for(".commissioning_report", **request.args.to_dict()))
    report = _report(form)
    out = io.StringIO()
    csv.writer(out).writerows(csv_rows(report, _labels()))
    response = Response(out.getvalue(), mimetype="text/csv")
    response.headers["Content-Disposition"] = (
        f'attachment; filename="plans-report-{form.as_at.isoformat()}.csv"'
    )
    return response
