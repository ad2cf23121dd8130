"""Fault drills: the portal under load while a worker is killed, PostgreSQL restarts and
Redis stops. Each drill asserts its own outcome and says PASSED or FAILED.

    python -m bench.drills --postgres-url postgresql://postgres@127.0.0.1:5432/test

It restarts this machine's PostgreSQL cluster and stops and starts its Redis, so it is
run by hand (make drills), never beside other work.

- worker: four parents add outcomes to their plans through two gunicorn workers; one
  worker is killed with SIGKILL. Every outcome the portal acknowledged (a redirect after
  the save) is in the database, whole; gunicorn starts a new worker and saves go on.
- postgres: parents read and save while the cluster restarts. Every answer is a page, a
  redirect or the 503 "try again" page, never a 500 or a stack trace, and the portal
  answers normally again within 20 seconds without being restarted.
- redis: Redis is stopped while people browse and sign in. Pages keep being served, sign-in
  works, and the log says the rate limits fell back to memory.
"""

from __future__ import annotations

import argparse
import json
import os
import signal
import subprocess
import tempfile
import threading
import time
import uuid
from collections.abc import Callable
from pathlib import Path
from typing import Any

import requests

from bench.forms import read_form, replaced
from bench.load import REDIS_URL, ROOT, SECRET, flask, fresh_database, prepare_people, served

PORT = 5611


def sign_in(base: str, person: dict[str, Any], address: int) -> requests.Session:
    session = requests.Session()
    session.headers["X-Forwarded-For"] = f"10.9.0.{address}"
    _action, fields = read_form(session.get(f"{base}/sign-in", timeout=10).text)
    session.post(
        f"{base}/sign-in",
        data=replaced(fields, email=person["email"], password=person["password"]),
        timeout=30,
    )
    return session


def add_outcome(session: requests.Session, base: str, plan_id: int, text: str) -> int | None:
    """The status of saving one outcome, or None when the connection itself failed."""
    try:
        page = session.get(f"{base}/plans/{plan_id}/outcomes/new", timeout=10)
        _action, fields = read_form(page.text)
        data = replaced(
            fields, what_different=text, how_we_know="We will see it", by_when="Summer 2027"
        )
        if not any(name == "area" for name, _value in data):
            data.append(("area", "community"))
        response = session.post(
            f"{base}/plans/{plan_id}/outcomes/new", data=data, allow_redirects=False, timeout=10
        )
        return response.status_code
    except (requests.RequestException, LookupError):
        return None


def outcomes_in_database(database_url: str, plan_ids: list[int]) -> dict[str, dict[str, str]]:
    from sqlalchemy import create_engine, text

    engine = create_engine(database_url.replace("postgresql://", "postgresql+psycopg://", 1))
    with engine.connect() as connection:
        rows = connection.execute(
            text(
                "SELECT o.what_different, o.how_we_know, o.by_when FROM outcome o "
                "JOIN plan_version v ON v.id = o.version_id WHERE v.plan_id = ANY(:ids)"
            ),
            {"ids": plan_ids},
        ).all()
    engine.dispose()
    return {row[0]: {"how": row[1], "when": row[2]} for row in rows}


def drill_worker(base: str, server: Any, people: list[dict[str, Any]], database_url: str) -> str:
    sessions = [sign_in(base, person, i + 1) for i, person in enumerate(people)]
    acknowledged: list[str] = []
    statuses: list[int | None] = []
    stop = threading.Event()

    def keep_saving(index: int) -> None:
        n = 0
        while not stop.is_set():
            n += 1
            text = f"Drill {index}-{n}-{uuid.uuid4().hex[:6]}"
            status = add_outcome(sessions[index], base, people[index]["plan_id"], text)
            statuses.append(status)
            if status == 302:
                acknowledged.append(text)

    threads = [threading.Thread(target=keep_saving, args=(i,)) for i in range(len(people))]
    for thread in threads:
        thread.start()
    time.sleep(4)
    workers = subprocess.run(  # noqa: S603, S607 - the drill's own gunicorn
        ["pgrep", "-P", str(server.process.pid)], capture_output=True, text=True, check=True
    ).stdout.split()
    os.kill(int(workers[0]), signal.SIGKILL)
    time.sleep(6)
    stop.set()
    for thread in threads:
        thread.join()
    after = add_outcome(sessions[0], base, people[0]["plan_id"], f"After {uuid.uuid4().hex}")

    stored = outcomes_in_database(database_url, [p["plan_id"] for p in people])
    lost = [t for t in acknowledged if t not in stored]
    half = [t for t, row in stored.items() if t.startswith("Drill") and not all(row.values())]
    problems = []
    if lost:
        problems.append(f"{len(lost)} acknowledged saves are missing")
    if half:
        problems.append(f"{len(half)} outcomes are half-written")
    if 500 in statuses:
        problems.append("a save answered 500")
    if after != 302:
        problems.append(f"after the kill a save answered {after}")
    summary = (
        f"{len(acknowledged)} saves acknowledged, all stored; "
        f"{statuses.count(None)} connections cut by the kill; worker {workers[0]} killed"
    )
    return "FAILED: " + "; ".join(problems) if problems else "PASSED: " + summary


def drill_postgres(base: str, people: list[dict[str, Any]], cluster: str) -> str:
    sessions = [sign_in(base, person, 20 + i) for i, person in enumerate(people)]
    answers: list[tuple[int | None, str]] = []
    stop = threading.Event()

    def keep_reading(index: int) -> None:
        while not stop.is_set():
            try:
                response = sessions[index].get(
                    f"{base}/plans/{people[index]['plan_id']}", timeout=10, allow_redirects=False
                )
                answers.append((response.status_code, response.text))
            except requests.RequestException:
                answers.append((None, ""))
            time.sleep(0.05)

    threads = [threading.Thread(target=keep_reading, args=(i,)) for i in range(len(people))]
    for thread in threads:
        thread.start()
    time.sleep(2)
    version, name = cluster.split("/")
    subprocess.run(  # noqa: S603, S607 - the machine's own cluster
        ["pg_ctlcluster", "--skip-systemctl-redirect", version, name, "restart"], check=True
    )
    restarted = time.monotonic()
    recovered_after: float | None = None
    while time.monotonic() - restarted < 20:
        try:
            if sessions[0].get(f"{base}/plans/{people[0]['plan_id']}", timeout=5).ok:
                recovered_after = time.monotonic() - restarted
                break
        except requests.RequestException:
            pass
        time.sleep(0.5)
    time.sleep(1)
    stop.set()
    for thread in threads:
        thread.join()

    counts: dict[str, int] = {}
    for status, _text in answers:
        counts[str(status)] = counts.get(str(status), 0) + 1
    unfriendly = [
        status
        for status, text in answers
        if status not in (200, 302, 503)
        or (status == 503 and "Sorry, the service is unavailable" not in text)
        or "Traceback" in text
    ]
    problems = []
    if unfriendly:
        problems.append(f"{len(unfriendly)} answers were not a page or the try-again page")
    if recovered_after is None:
        problems.append("the portal did not recover within 20 s")
    summary = f"answers {counts}; recovered {recovered_after or 0:.1f} s after the restart"
    return "FAILED: " + "; ".join(problems) + f" ({summary})" if problems else "PASSED: " + summary


def drill_redis(base: str, people: list[dict[str, Any]], log: Path) -> str:
    subprocess.run(["redis-cli", "shutdown", "nosave"], check=False, capture_output=True)  # noqa: S603, S607
    try:
        time.sleep(1)
        pages = [
            requests.get(f"{base}/services?q=swimming", timeout=10).status_code for _ in range(5)
        ]
        session = sign_in(base, people[0], 40)
        account = session.get(f"{base}/account", timeout=10)
    finally:
        subprocess.run(  # noqa: S603, S607 - puts the machine's Redis back as it was
            [
                "redis-server",
                "--bind",
                "127.0.0.1",
                "--port",
                "6379",
                "--daemonize",
                "yes",
                "--save",
                "",
                "--appendonly",
                "no",
            ],
            check=True,
            capture_output=True,
        )
    time.sleep(1)
    logged = "falling back to in-memory storage" in log.read_text()
    problems = []
    if any(status != 200 for status in pages):
        problems.append(f"directory pages answered {pages}")
    if people[0]["email"] not in account.text:
        problems.append("signing in did not work")
    if not logged:
        problems.append("the log does not say the rate limits fell back")
    summary = "pages served, sign-in worked, the log says the limits fell back to memory"
    return "FAILED: " + "; ".join(problems) if problems else "PASSED: " + summary


def main() -> int:
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("--postgres-url", default="postgresql://postgres@127.0.0.1:5432/test")
    parser.add_argument("--cluster", default="15/main", help="pg_ctlcluster VERSION/NAME")
    args = parser.parse_args()
    args.sqlite = False
    results: dict[str, str] = {}
    with fresh_database(args) as database_url, tempfile.TemporaryDirectory() as folder:
        env = {
            **os.environ,
            "DATABASE_URL": database_url,
            "SECRET_KEY": SECRET,
            "FLASK_APP": "wsgi",
            "REDIS_URL": REDIS_URL,
            "TRUSTED_PROXIES": "1",
            "WEB_CONCURRENCY": "2",
            "LOG_FORMAT": "json",
            "PYTHONPATH": str(ROOT),
        }
        flask(env, "db", "upgrade")
        flask(env, "local-offer", "load-demo")
        flask(env, "ras", "load-demo")
        people = prepare_people(database_url, 4, 0)["parents"]
        log = Path(folder) / "portal.log"
        drills: list[tuple[str, Callable[[Any], str]]] = [
            ("worker", lambda s: drill_worker(s.base, s, people, database_url)),
            ("postgres", lambda s: drill_postgres(s.base, people, args.cluster)),
            ("redis", lambda s: drill_redis(s.base, people, log)),
        ]
        for name, drill in drills:
            with served("wsgi:app", env, PORT, log) as server:
                results[name] = drill(server)
            print(f"{name:9} {results[name]}", flush=True)
    (ROOT / "bench" / "results").mkdir(parents=True, exist_ok=True)
    (ROOT / "bench" / "results" / f"drills-{int(time.time())}.json").write_text(
        json.dumps(results, indent=2)
    )
    return 0 if all(r.startswith("PASSED") for r in results.values()) else 1


if __name__ == "__main__":
    raise SystemExit(main())
