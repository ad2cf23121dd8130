"""Schemes come in through the command line: checked, versioned, and frozen once used."""

from __future__ import annotations

import copy
import uuid

import pytest
from sqlalchemy import select

from portal.extensions import db
from portal.ras.loading import DEMO_SCHEME
from portal.ras.models import RasScheme
from tests.ras_schemes import BANDED, as_yaml
from tests.test_ras_views import submitted_assessment


@pytest.fixture(autouse=True)
def remove_test_schemes(app):
    """New assessments use the newest scheme loaded, so the other tests' demo must stay newest."""
    yield
    with app.app_context():
        for scheme in db.session.scalars(
            select(RasScheme).where(RasScheme.scheme_key.like("cli_%"))
        ):
            db.session.delete(scheme)
        db.session.commit()


def run(app, *args: str):
    return app.test_cli_runner().invoke(args=["ras", *args])


def scheme_file(tmp_path, **changes) -> tuple[str, dict]:
    data = {**copy.deepcopy(BANDED), "scheme": f"cli_{uuid.uuid4().hex[:10]}", **changes}
    path = tmp_path / f"{data['scheme']}.yaml"
    path.write_text(as_yaml(data))
    return str(path), data


def test_a_good_file_is_loaded_once_and_listed(app, tmp_path) -> None:
    path, data = scheme_file(tmp_path)
    first = run(app, "load-scheme", path)
    assert first.exit_code == 0, first.output
    assert f"Loaded {data['scheme']} version 1." in first.output
    again = run(app, "load-scheme", path)
    assert "Already loaded, unchanged" in again.output
    listed = run(app, "list").output
    assert f"{data['scheme']} 1 (not used yet" in listed


def test_a_broken_file_is_explained_without_a_traceback(app, tmp_path) -> None:
    data = {**copy.deepcopy(BANDED), "scheme": "cli_broken"}
    del data["domains"][0]["questions"][0]["descriptors"][1]["points"]
    data["money"]["bands"][1]["from_points"] = 8
    path = tmp_path / "broken.yaml"
    path.write_text(as_yaml(data))
    result = run(app, "load-scheme", str(path))
    assert result.exit_code == 1
    assert "'points' is missing" in result.output
    assert "Traceback" not in result.output
    not_text = tmp_path / "binary.yaml"
    not_text.write_bytes(b"\xff\xfe\x00")
    assert "not a UTF-8 text file" in run(app, "load-scheme", str(not_text)).output


def test_an_unused_version_can_be_replaced(app, tmp_path) -> None:
    path, data = scheme_file(tmp_path)
    run(app, "load-scheme", path)
    data["title"] = "Testshire RAS, corrected"
    (tmp_path / "fixed.yaml").write_text(as_yaml(data))
    result = run(app, "load-scheme", str(tmp_path / "fixed.yaml"))
    assert "Replaced (no assessment had used it)" in result.output


def test_a_used_version_can_never_change(app, tmp_path) -> None:
    _client, _child, _assessment = submitted_assessment(app)
    demo = DEMO_SCHEME.read_text()
    changed = tmp_path / "changed-demo.yaml"
    changed.write_text(demo.replace("amount: 1200", "amount: 1300"))
    result = run(app, "load-scheme", str(changed))
    assert result.exit_code == 1
    assert "has been used by an assessment, so it cannot change" in result.output
    with app.app_context():
        scheme = db.session.scalars(
            select(RasScheme).where(RasScheme.scheme_key == "brackenshire")
        ).one()
        scheme.content = scheme.content + "\n# edited"
        with pytest.raises(PermissionError):
            db.session.flush()
        db.session.rollback()


def test_loading_the_demo_twice_changes_nothing(app) -> None:
    assert "Already loaded, unchanged" in run(app, "load-demo").output
