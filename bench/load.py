"""Load test: the portal under a realistic mix of people, beside a minimal Flask baseline.

    python -m bench.load --postgres-url postgresql://postgres@127.0.0.1:5432/test
    python -m bench.load --users 5 --seconds 20 --sqlite      # a quick look

It makes a fresh database (PostgreSQL beside --postgres-url, dropped at the end; or a
SQLite file), migrates it and loads the demo Local Offer and RAS scheme with the real
CLI, then prepares families through the app's own pages: each parent has a child, a sent
RAS assessment and a support plan with an outcome and a line. It serves the portal with
gunicorn (gunicorn.conf.py, --workers workers, Redis for the rate limits) and runs Locust
headless (bench/locustfile.py: visitors browsing and searching, parents viewing their
budget and plan and saving plan lines, a few sending their plan) for --seconds. Then it
serves the baseline (bench/baseline.py: 20 rows through Jinja) with the same settings and
runs the same number of users against it. Both sets of figures, and their ratio, are
printed and written to bench/results/load-<timestamp>.json.

Target (issue 7): no errors, p95 <= 300 ms and p99 <= 500 ms on a 2-core machine.
"""

from __future__ import annotations

import argparse
import csv
import json
import os
import re
import subprocess
import sys
import tempfile
import time
import urllib.request
import uuid
from collections.abc import Iterator
from contextlib import contextmanager
from dataclasses import dataclass
from datetime import UTC, datetime
from pathlib import Path
from typing import Any

from bench.forms import read_form

ROOT = Path(__file__).resolve().parents[1]
RESULTS = ROOT / "bench" / "results"
# A made-up database's test accounts and key, never a real service's.
PASSWORD = "lantern biscuit harbour"  # noqa: S105
SECRET = "load-test-secret-key-0123456789abcdef0123456789"  # noqa: S105
REDIS_URL = "redis://127.0.0.1:6379/13"


def parse_args(argv: list[str] | None = None) -> argparse.Namespace:
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("--users", type=int, default=50)
    parser.add_argument("--seconds", type=int, default=300)
    parser.add_argument("--workers", type=int, default=3)
    parser.add_argument("--postgres-url", default="postgresql://postgres@127.0.0.1:5432/test")
    parser.add_argument("--sqlite", action="store_true", help="use a SQLite file instead")
    return parser.parse_args(argv)


@contextmanager
def fresh_database(args: argparse.Namespace) -> Iterator[str]:
    if args.sqlite:
        with tempfile.TemporaryDirectory() as folder:
            yield f"sqlite:///{Path(folder) / 'load.db'}"
        return
    from tests.databases import scratch_postgres_database

    with scratch_postgres_database(args.postgres_url, "portal_load") as url:
        yield url


def flask(env: dict[str, str], *command: str) -> None:
    subprocess.run(  # noqa: S603 - our own CLI
        [sys.executable, "-m", "flask", *command],
        cwd=ROOT,
        env=env,
        check=True,
        stdout=subprocess.DEVNULL,
    )


def prepare_people(
    database_url: str, parents: int, senders: int
) -> dict[str, list[dict[str, Any]]]:
    """Families made through the app's own pages, in this process, with CSRF off."""
    from local_offer.extensions import db
    from portal import create_app
    from portal.accounts.models import User
    from portal.accounts.passwords import hash_password
    from portal.ras.models import RasScheme

    app = create_app(
        {
            "SQLALCHEMY_DATABASE_URI": database_url,
            "WTF_CSRF_ENABLED": False,
            "TESTING": True,
            "RATELIMIT_ENABLED": False,
        }
    )
    with app.app_context():
        scheme = db.session.query(RasScheme).order_by(RasScheme.id.desc()).first().parsed
    answers = {domain.id: {f"q_{q.id}": "1" for q in domain.questions} for domain in scheme.domains}
    people: dict[str, list[dict[str, Any]]] = {"parents": [], "senders": []}
    password_hash = hash_password(PASSWORD)
    for index in range(parents + senders):
        email = f"load-{index}-{uuid.uuid4().hex[:6]}@example.com"
        with app.app_context():
            db.session.add(
                User(
                    email=email,
                    password_hash=password_hash,
                    role="parent",
                    email_confirmed_at=datetime.now(UTC),
                )
            )
            db.session.commit()
        client = app.test_client()
        expect(client.post("/sign-in", data={"email": email, "password": PASSWORD}), 302)
        expect(client.post("/family/"), 302)
        expect(
            client.post(
                "/family/children/new",
                data={
                    "first_name": "Amira",
                    "last_name": f"Load{index}",
                    "dob_day": "27",
                    "dob_month": "3",
                    "dob_year": "2015",
                    "ehc_plan": "yes",
                    "needs": "Autism",
                    "current_package": "",
                },
            ),
            302,
        )
        child_id = int(
            re.search(
                r'href="/family/children/(\d+)"', client.get("/family/").get_data(as_text=True)
            ).group(1)
        )
        started = expect(client.post(f"/budget/children/{child_id}/assessments"), 302)
        assessment_id = int(
            re.search(r"/budget/assessments/(\d+)/", started.headers["Location"]).group(1)
        )
        for domain, fields in answers.items():
            expect(
                client.post(
                    f"/budget/assessments/{assessment_id}/questions/{domain}",
                    data={**fields, "action": "continue"},
                ),
                302,
            )
        expect(client.post(f"/budget/assessments/{assessment_id}/submit"), 302)
        plan = expect(client.post(f"/plans/child/{child_id}/start"), 302)
        plan_id = int(plan.headers["Location"].rsplit("/", 1)[1])
        expect(
            client.post(
                f"/plans/{plan_id}/outcomes/new",
                data={
                    "area": "community",
                    "what_different": "Amira swims with friends",
                    "how_we_know": "She swims 25 metres on her own",
                    "by_when": "Summer 2027",
                    "lock_version": lock_of(client, plan_id, "outcomes/new"),
                },
            ),
            302,
        )
        outcome = first_outcome(client, plan_id)
        expect(
            client.post(
                f"/plans/{plan_id}/support/new",
                data={
                    "description": "Personal assistant for swimming",
                    "provider": "Jo Bloggs",
                    "unit_cost": "16.50",
                    "unit": "hour",
                    "quantity": "3",
                    "frequency": "week",
                    "funding_stream": "social-care",
                    "outcomes": [outcome],
                    "lock_version": lock_of(client, plan_id, "support/new"),
                },
            ),
            302,
        )
        line_id = int(
            re.search(
                rf"/plans/{plan_id}/support/(\d+)",
                client.get(f"/plans/{plan_id}/support").get_data(as_text=True),
            ).group(1)
        )
        expect(
            client.post(
                f"/plans/{plan_id}/money/{line_id}",
                data={
                    "management": "managed_by_council",
                    "lock_version": lock_of(client, plan_id, f"money/{line_id}"),
                },
            ),
            302,
        )
        expect(
            client.post(
                f"/plans/{plan_id}/keeping-safe",
                data={
                    "contingency": "Gran takes her swimming",
                    "lock_version": lock_of(client, plan_id, "keeping-safe"),
                },
            ),
            302,
        )
        person = {
            "email": email,
            "password": PASSWORD,
            "plan_id": plan_id,
            "line_id": line_id,
            "assessment_id": assessment_id,
        }
        people["parents" if index < parents else "senders"].append(person)
    with app.app_context():
        db.session.remove()
        db.engine.dispose()
    return people


def expect(response: Any, status: int) -> Any:
    if response.status_code != status:
        raise RuntimeError(
            f"{response.request.path} answered {response.status_code}: "
            f"{response.get_data(as_text=True)[:500]}"
        )
    return response


def lock_of(client: Any, plan_id: int, page: str) -> str:
    """The plan's lock version, as the page's form carries it."""
    _action, fields = read_form(client.get(f"/plans/{plan_id}/{page}").get_data(as_text=True))
    return dict(fields)["lock_version"]


def first_outcome(client: Any, plan_id: int) -> str:
    html = client.get(f"/plans/{plan_id}/support/new").get_data(as_text=True)
    for tag in re.findall(r"<input[^>]*>", html):
        if 'name="outcomes"' in tag:
            return re.search(r'value="(\d+)"', tag).group(1)  # type: ignore[union-attr]
    raise LookupError("the support form offers no outcome")


@dataclass(frozen=True)
class Server:
    base: str
    process: subprocess.Popen[bytes]  # gunicorn's master; the drills signal its workers


@contextmanager
def served(
    app_path: str, env: dict[str, str], port: int, log: Path | None = None
) -> Iterator[Server]:
    log_file = open(log, "w") if log else subprocess.DEVNULL  # noqa: SIM115 - closed below
    process = subprocess.Popen(  # noqa: S603 - our own server
        [sys.executable, "-m", "gunicorn", "-c", "gunicorn.conf.py", app_path],
        cwd=ROOT,
        env={**env, "BIND": f"127.0.0.1:{port}"},
        stdout=subprocess.DEVNULL,
        stderr=log_file,
    )
    base = f"http://127.0.0.1:{port}"
    try:
        for _ in range(150):
            try:
                with urllib.request.urlopen(base + "/", timeout=2):  # noqa: S310
                    break
            except OSError:
                time.sleep(0.2)
        yield Server(base, process)
    finally:
        process.terminate()
        process.wait(timeout=60)
        if log:
            log_file.close()  # type: ignore[union-attr]


def run_locust(
    base: str, users: int, seconds: int, classes: list[str], csv_prefix: Path, env: dict[str, str]
) -> dict[str, Any]:
    subprocess.run(  # noqa: S603 - our own load file
        [
            sys.executable,
            "-m",
            "locust",
            "-f",
            "bench/locustfile.py",
            "--headless",
            "-u",
            str(users),
            "-r",
            str(max(1, users // 10)),
            "-t",
            f"{seconds}s",
            "--host",
            base,
            "--csv",
            str(csv_prefix),
            "--only-summary",
            "--loglevel",
            "WARNING",
            *classes,
        ],
        cwd=ROOT,
        env=env,
        check=False,
    )
    with open(f"{csv_prefix}_stats.csv", newline="") as stream:
        rows = list(csv.DictReader(stream))
    total = next(row for row in rows if row["Name"] == "Aggregated")
    return {
        "requests": int(total["Request Count"]),
        "failures": int(total["Failure Count"]),
        "requests_per_second": round(float(total["Requests/s"]), 1),
        "p50_ms": float(total["50%"]),
        "p95_ms": float(total["95%"]),
        "p99_ms": float(total["99%"]),
        "by_page": {
            row["Name"]: {
                "requests": int(row["Request Count"]),
                "p95_ms": float(row["95%"]),
                "failures": int(row["Failure Count"]),
            }
            for row in rows
            if row["Name"] != "Aggregated"
        },
    }


def main(argv: list[str] | None = None) -> dict[str, Any]:
    args = parse_args(argv)
    RESULTS.mkdir(parents=True, exist_ok=True)
    stamp = datetime.now(UTC).strftime("%Y%m%dT%H%M%S")
    import redis

    redis.Redis.from_url(REDIS_URL).flushdb()
    with fresh_database(args) as database_url:
        env = {
            **os.environ,
            "DATABASE_URL": database_url,
            "SECRET_KEY": SECRET,
            "FLASK_APP": "wsgi",
            "REDIS_URL": REDIS_URL,
            "TRUSTED_PROXIES": "1",
            "WEB_CONCURRENCY": str(args.workers),
            "LOG_FORMAT": "json",
            "PYTHONPATH": str(ROOT),
        }
        print("Preparing the database and the families...", flush=True)
        flask(env, "db", "upgrade")
        flask(env, "local-offer", "load-demo")
        flask(env, "ras", "load-demo")
        senders = max(1, args.users // 10)
        people = prepare_people(database_url, args.users, senders)
        env["LOAD_PEOPLE"] = json.dumps(people)
        print(
            f"Portal: {args.users} people for {args.seconds} s, {args.workers} workers", flush=True
        )
        with served("wsgi:app", env, 5601) as server:
            portal = run_locust(
                server.base,
                args.users,
                args.seconds,
                ["Visitor", "Parent", "Sender"],
                RESULTS / f"load-{stamp}-portal",
                env,
            )
        print(f"Baseline: {args.users} people for {args.seconds} s", flush=True)
        with served("bench.baseline:app", env, 5602) as server:
            baseline = run_locust(
                server.base,
                args.users,
                args.seconds,
                ["Baseline"],
                RESULTS / f"load-{stamp}-baseline",
                env,
            )
    redis.Redis.from_url(REDIS_URL).flushdb()
    result = {
        "when": stamp,
        "users": args.users,
        "seconds": args.seconds,
        "workers": args.workers,
        "database": "sqlite" if args.sqlite else "postgresql",
        "cores": os.cpu_count(),
        "portal": portal,
        "baseline": baseline,
        "p95_ratio": round(portal["p95_ms"] / max(baseline["p95_ms"], 1), 1),
        "p99_ratio": round(portal["p99_ms"] / max(baseline["p99_ms"], 1), 1),
    }
    (RESULTS / f"load-{stamp}.json").write_text(json.dumps(result, indent=2))
    print(format_report(result))
    return result


def format_report(result: dict[str, Any]) -> str:
    columns = ("requests", "failures", "req/s", "p50 ms", "p95 ms", "p99 ms")
    lines = [f"{'':10} " + " ".join(f"{c:>9}" for c in columns)]
    for name in ("portal", "baseline"):
        r = result[name]
        lines.append(
            f"{name:10} {r['requests']:>9} {r['failures']:>9} {r['requests_per_second']:>7} "
            f"{r['p50_ms']:>7.0f} {r['p95_ms']:>7.0f} {r['p99_ms']:>7.0f}"
        )
    lines.append(f"portal / baseline: p95 x{result['p95_ratio']}, p99 x{result['p99_ratio']}")
    lines.append("target: no failures, p95 <= 300 ms, p99 <= 500 ms")
    return "\n".join(lines)


if __name__ == "__main__":
    main()
