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
from wtforms import Form, StringField, ValidationError

from local_offer.formatting import money
from local_offer.interchange import protect_cell
from local_offer.models import TaxonomyTerm, utcnow

from ..accounts.forms import strip
from ..extensions import db
from ..permissions import role_required
from ..plans import service as plan_service
from ..plans.labels import HELD_AS_LABELS, STREAM_LABELS
from ..plans.models import PlanLine, PlanVersion, SupportPlan
from . import commissioning
from .commissioning import AGREED, OTHER, Report, ReportLine, Table
from .views import STAFF, bp

MONTH_MESSAGES = {
    "missing_month": _l("The date must include a month"),
    "missing_year": _l("The date must include a year"),
    "not_real": _l("The month must be a real month, like 3 2027"),
    "not_ended": _l("Choose a month that has ended: the figures are as at its last day"),
}

# The only query parameters the report reads, and so the only ones passed on in links.
PARAMETERS = ("as_at_month", "as_at_year")


class ReportForm(Form):
    """A GET form, so a report has a URL an officer can keep or send on. It asks for a
    month: the report is as at that month's last day, never any other day, so two
    reports cannot be compared to single out a plan agreed in between."""

    as_at_month = StringField(filters=[strip])
    as_at_year = StringField(filters=[strip])

    def __init__(self, *args: Any, today: date, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        self.as_at: date = commissioning.latest_month_end(today)
        self.today = today

    def validate_as_at_month(self, field: StringField) -> None:
        found, problem = commissioning.read_month(
            self.as_at_month.data or "", self.as_at_year.data or "", self.today
        )
        if problem == "missing":
            return
        if problem:
            raise ValidationError(MONTH_MESSAGES[problem])
        assert found is not None
        self.as_at = found

    def query(self) -> dict[str, str]:
        """The known parameters as given, for a link to the same report."""
        return {name: value for name in PARAMETERS if (value := request.args.get(name))}


def _aware(moment: datetime) -> datetime:
    # SQLite hands back naive datetimes; everything is stored in UTC.
    return moment if moment.tzinfo else moment.replace(tzinfo=UTC)


def _category(line: PlanLine) -> str | None:
    if line.service is None:
        return None
    terms = sorted(line.service.terms_in("category"), key=lambda t: (t.position, t.id))
    return terms[0].code if terms else None


def report_lines(as_at: date) -> list[ReportLine]:
    """Every line of the version of each plan that was agreed at the end of the day
    `as_at`. Plans waiting for a decision are not agreed spend, so never counted."""
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
        number = commissioning.counted_version(histories, moment, AGREED)
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
    return commissioning.build_report(report_lines(form.as_at))


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
        rounded_to=money(commissioning.ROUND_TO_PENCE),
        csv_url=url_for(".commissioning_report_csv", **form.query()),
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
    rows.append(
        [
            _("About these figures"),
            _(
                "Agreed plans only, as at the end of a month. Money is rounded to the nearest "
                "%(amount)s. Groups of fewer than %(num)s plans, and any figure they could be "
                "worked out from, are not shown.",
                amount=money(commissioning.ROUND_TO_PENCE),
                num=commissioning.SMALL_NUMBER,
            ),
        ]
    )
    return [[protect_cell(cell) for cell in row] for row in rows]


@bp.get("/reports/plans.csv")
@role_required(*STAFF)
def commissioning_report_csv() -> Response:
    form = _read_form()
    if form.errors:
        return redirect(url_for(".commissioning_report", **form.query()))
    report = _report(form)
    out = io.StringIO()
    csv.writer(out).writerows(csv_rows(report, _labels()))
    response = Response(out.getvalue(), mimetype="text/csv")
    response.headers["Content-Disposition"] = (
        f'attachment; filename="plans-report-{form.as_at.isoformat()}.csv"'
    )
    return response
