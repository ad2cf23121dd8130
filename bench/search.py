"""Directory search latency over thousands of services, on SQLite and on PostgreSQL.

    python -m bench.search --services 10000 --postgres-url postgresql://postgres@127.0.0.1:5432/test
    python -m bench.search --quick            # 1,000 services and 100 searches, SQLite only

For each database it builds a fresh database (a file in a temporary folder; for PostgreSQL
a new database beside the one in --postgres-url, dropped at the end), migrates it to head,
loads the demo reference data and N generated services from a fixed seed, runs ANALYZE,
then times a fixed, seeded mix of directory searches one at a time. Each timed call is
``search_services(db.session, criteria)``, counting the total, ranking the page and loading
the page's services with everything the results page shows, as the view does. Every
search starts from a fresh session with its connection already checked out, as a request
would have it.

The quality bar (DESIGN.md section 6) is a 95th percentile under 100 ms on one core:
searches run one after another, and PostgreSQL's parallel query is switched off.
The figures are printed and written as JSON to bench/results/search-<timestamp>.json.
"""

from __future__ import annotations

import argparse
import contextlib
import json
import math
import os
import platform
import random
import sqlite3
import statistics
import sys
import tempfile
import time
import uuid
from collections.abc import Callable, Iterator, Sequence
from dataclasses import dataclass
from datetime import UTC, datetime
from pathlib import Path
from typing import Any

from flask_migrate import upgrade
from sqlalchemy import create_engine, select, text
from sqlalchemy.engine import make_url

from local_offer.demo import ensure_reference_data, generate_services
from local_offer.directory.forms import RADIUS_CHOICES
from local_offer.directory.views import PER_PAGE
from local_offer.extensions import db
from local_offer.geo import Point
from local_offer.models import Postcode, TaxonomyTerm
from local_offer.search import SearchCriteria, search_services
from portal import create_app

TARGET_P95_MS = 100.0
DEFAULT_SERVICES = 10_000
DEFAULT_QUERIES = 400
DEFAULT_WARMUP = 40
QUICK_SERVICES = 1_000
QUICK_QUERIES = 100
QUICK_WARMUP = 10
DEFAULT_SEED = 1
RESULTS_DIR = Path(__file__).resolve().parent / "results"

# What families type: the examples under the search box, service kinds, needs, places,
# and a few broad words that match most of the directory (the slowest to rank).
KEYWORDS = (
    "swimming",
    "short breaks",
    "speech therapy",
    "autism",
    "holiday",
    "holiday club",
    "after school club",
    "saturday club",
    "trampolining",
    "physiotherapy",
    "occupational therapy",
    "hydrotherapy",
    "sensory play",
    "youth club",
    "horse riding",
    "climbing",
    "drama",
    "music therapy",
    "personal assistant",
    "sitting service",
    "overnight",
    "respite",
    "equipment",
    "wheelchair",
    "home adaptations",
    "travel training",
    "transport",
    "portage",
    "nursery",
    "tutoring",
    "counselling",
    "wellbeing",
    "siblings",
    "parent support group",
    "continence",
    "adhd",
    "autism support",
    "bsl",
    "makaton",
    "changing places",
    "sport",
    "play scheme",
    "Brackenbury",
    "swimming Millford",
    "support",
    "children",
    "swiming",
    "karate",
)
BROAD_KEYWORDS = ("support", "children", "club", "holiday", "therapy")
MAX_HOURLY_CHOICES_PENCE = (800, 1000, 1500, 2000, 2500, 3000)

# Query kinds and their share of the mix.
KIND_WEIGHTS = {
    "keyword": 25,
    "keyword+filters": 20,
    "filters": 15,
    "distance": 20,
    "sort": 10,
    "deep page": 10,
}

Log = Callable[[str], None]


def _print(message: str) -> None:
    print(message, flush=True)


# --- the searches ----------------------------------------------------------------------------


@dataclass(frozen=True)
class Planned:
    kind: str
    criteria: SearchCriteria
    postcode: str | None = None

    def describe(self) -> str:
        c = self.criteria
        parts = [f"q={c.keywords!r}"] if c.keywords else []
        for name in ("categories", "needs", "funding_streams", "accessibility"):
            values = getattr(c, name)
            if values:
                parts.append(f"{name}={','.join(values)}")
        if c.age is not None:
            parts.append(f"age={c.age}")
        if c.free_only:
            parts.append("free")
        if c.max_hourly_pence is not None:
            parts.append(f"max_hourly={c.max_hourly_pence}p")
        if c.direct_payment:
            parts.append("direct_payment")
        if self.postcode:
            parts.append(f"near={self.postcode!r} within {c.radius_miles} mi")
        parts.append(f"sort={c.sort}")
        parts.append(f"page={c.page}")
        return " ".join(parts)


@dataclass(frozen=True)
class Reference:
    """What the searches are drawn from: the database's own postcodes and taxonomy."""

    postcodes: tuple[tuple[str, Point], ...]
    codes: dict[str, tuple[str, ...]]

    @classmethod
    def load(cls) -> Reference:
        postcodes = tuple(
            (row.postcode, Point(row.latitude, row.longitude))
            for row in db.session.scalars(select(Postcode).order_by(Postcode.postcode))
        )
        codes: dict[str, list[str]] = {}
        terms = select(TaxonomyTerm).order_by(TaxonomyTerm.vocabulary, TaxonomyTerm.position)
        for term in db.session.scalars(terms):
            codes.setdefault(term.vocabulary, []).append(term.code)
        if not postcodes or not codes:
            raise RuntimeError("The database has no postcodes or taxonomy to search with")
        return cls(postcodes, {vocabulary: tuple(c) for vocabulary, c in codes.items()})


def _filters(rng: random.Random, ref: Reference, most: int = 3) -> dict[str, Any]:
    """One to ``most`` filters, as a family would tick them."""
    chosen: dict[str, Any] = {}
    options = ["category", "need", "age", "cost", "direct_payment", "access", "funding"]
    for option in rng.sample(options, rng.randint(1, most)):
        if option == "category":
            chosen["categories"] = tuple(rng.sample(ref.codes["category"], rng.randint(1, 2)))
        elif option == "need":
            chosen["needs"] = (rng.choice(ref.codes["need"]),)
        elif option == "age":
            chosen["age"] = rng.randint(0, 25)
        elif option == "cost":
            if rng.random() < 0.5:
                chosen["free_only"] = True
            else:
                chosen["max_hourly_pence"] = rng.choice(MAX_HOURLY_CHOICES_PENCE)
        elif option == "direct_payment":
            chosen["direct_payment"] = True
        elif option == "access":
            chosen["accessibility"] = tuple(
                rng.sample(ref.codes["accessibility"], rng.randint(1, 2))
            )
        else:
            chosen["funding_streams"] = (rng.choice(ref.codes["funding-stream"]),)
    return chosen


def _plan_one(kind: str, rng: random.Random, ref: Reference) -> Planned:
    fields: dict[str, Any] = {"per_page": PER_PAGE}
    postcode = None
    if kind == "keyword":
        fields["keywords"] = rng.choice(KEYWORDS)
        fields["page"] = 1 if rng.random() < 0.85 else 2
    elif kind == "keyword+filters":
        fields["keywords"] = rng.choice(KEYWORDS)
        fields.update(_filters(rng, ref, most=2))
    elif kind == "filters":
        fields.update(_filters(rng, ref))
        fields["sort"] = rng.choice(("relevance", "relevance", "cost", "name"))
    elif kind == "distance":
        postcode, origin = rng.choice(ref.postcodes)
        fields["origin"] = origin
        fields["radius_miles"] = rng.choice(RADIUS_CHOICES)
        fields["sort"] = "distance"
        roll = rng.random()
        if roll < 0.3:
            fields["keywords"] = rng.choice(KEYWORDS)
        elif roll < 0.6:
            fields.update(_filters(rng, ref))
    elif kind == "sort":
        fields["sort"] = rng.choice(("cost", "name"))
        if rng.random() < 0.5:
            fields["keywords"] = rng.choice(KEYWORDS)
        if rng.random() < 0.3:
            fields.update(_filters(rng, ref))
    elif kind == "deep page":
        fields["sort"] = rng.choice(("relevance", "name", "cost"))
        fields["page"] = rng.randint(3, 50)
        if rng.random() < 0.5:
            fields["keywords"] = rng.choice(BROAD_KEYWORDS)
    else:
        raise ValueError(f"Unknown query kind {kind!r}")
    return Planned(kind, SearchCriteria(**fields), postcode)


def plan_queries(ref: Reference, count: int, seed: int) -> list[Planned]:
    """``count`` searches in the fixed proportions of KIND_WEIGHTS, in a seeded order."""
    rng = random.Random(f"bench.search|{seed}|{count}")
    total_weight = sum(KIND_WEIGHTS.values())
    shares = {kind: count * weight / total_weight for kind, weight in KIND_WEIGHTS.items()}
    counts = {kind: math.floor(share) for kind, share in shares.items()}
    by_remainder = sorted(shares, key=lambda kind: shares[kind] - counts[kind], reverse=True)
    for kind in by_remainder[: count - sum(counts.values())]:
        counts[kind] += 1
    kinds = [kind for kind, n in counts.items() for _ in range(n)]
    rng.shuffle(kinds)
    return [_plan_one(kind, rng, ref) for kind in kinds]


# --- the databases ---------------------------------------------------------------------------


def _admin_url(postgres_url: str) -> Any:
    return make_url(postgres_url).set(drivername="postgresql+psycopg")


@contextlib.contextmanager
def postgres_database(postgres_url: str, log: Log = _print) -> Iterator[str]:
    """A new, empty database beside the one in ``postgres_url``; dropped afterwards."""
    admin_url = _admin_url(postgres_url)
    name = f"bench_{uuid.uuid4().hex[:12]}"
    admin = create_engine(admin_url, isolation_level="AUTOCOMMIT")
    try:
        with admin.connect() as connection:
            connection.execute(text(f'CREATE DATABASE "{name}"'))
        log(f"  created PostgreSQL database {name}")
        try:
            yield admin_url.set(database=name).render_as_string(hide_password=False)
        finally:
            with admin.connect() as connection:
                connection.execute(text(f'DROP DATABASE IF EXISTS "{name}" WITH (FORCE)'))
            log(f"  dropped PostgreSQL database {name}")
    finally:
        admin.dispose()


@contextlib.contextmanager
def sqlite_database(log: Log = _print) -> Iterator[str]:
    with tempfile.TemporaryDirectory(prefix="bench-search-") as folder:
        path = Path(folder) / "bench.db"
        log(f"  SQLite database file {path}")
        yield f"sqlite:///{path}"


def _engine_options(url: str) -> dict[str, Any]:
    options: dict[str, Any] = {"pool_pre_ping": True}
    if make_url(url).get_backend_name() == "postgresql":
        # One search, one core: the quality bar is for a single core.
        options["connect_args"] = {"options": "-c max_parallel_workers_per_gather=0"}
    return options


def _server_version() -> str:
    if db.engine.dialect.name == "postgresql":
        return str(db.session.scalar(text("SHOW server_version")))
    return str(db.session.scalar(text("SELECT sqlite_version()")))


def _analyze() -> str:
    if db.engine.dialect.name == "postgresql":
        # VACUUM as well, as autovacuum would soon after a bulk load: it sets the
        # visibility map that index-only scans rely on.
        with db.engine.connect().execution_options(isolation_level="AUTOCOMMIT") as connection:
            connection.execute(text("VACUUM ANALYZE"))
        return "VACUUM ANALYZE"
    db.session.execute(text("ANALYZE"))
    db.session.execute(text("PRAGMA optimize"))
    db.session.commit()
    return "ANALYZE; PRAGMA optimize"


# --- measuring -------------------------------------------------------------------------------


def percentile(sorted_values: Sequence[float], p: float) -> float:
    """The nearest-rank percentile of values already in order."""
    if not sorted_values:
        return float("nan")
    rank = max(1, math.ceil(p / 100 * len(sorted_values)))
    return sorted_values[min(rank, len(sorted_values)) - 1]


def summarise(milliseconds: Sequence[float]) -> dict[str, float | int]:
    values = sorted(milliseconds)
    p50 = percentile(values, 50)
    p95 = percentile(values, 95)
    return {
        "count": len(values),
        "p50_ms": round(p50, 3),
        "p95_ms": round(p95, 3),
        "p99_ms": round(percentile(values, 99), 3),
        "max_ms": round(values[-1], 3) if values else float("nan"),
        "mean_ms": round(statistics.fmean(values), 3) if values else float("nan"),
        "p95_over_p50": round(p95 / p50, 2) if p50 > 0 else float("nan"),
    }


def _run_one(planned: Planned) -> tuple[float, int, int]:
    """(milliseconds, total results, hits on the page) of one search from a fresh session."""
    db.session.remove()
    db.session.connection()  # a request has its connection before it searches
    started = time.perf_counter()
    page = search_services(db.session, planned.criteria)
    elapsed = time.perf_counter() - started
    return elapsed * 1000, page.total, len(page.hits)


def bench_database(
    label: str,
    url: str,
    *,
    services: int,
    queries: int,
    warmup: int,
    seed: int = DEFAULT_SEED,
    log: Log = _print,
) -> dict[str, Any]:
    """Migrate, load and time the searches on one empty database; the figures as a dict."""
    app = create_app(
        {"SQLALCHEMY_DATABASE_URI": url, "SQLALCHEMY_ENGINE_OPTIONS": _engine_options(url)}
    )
    steps: dict[str, float] = {}
    with app.app_context():
        try:
            started = time.perf_counter()
            upgrade()
            steps["migrate_s"] = time.perf_counter() - started
            log(f"  [{label}] migrated to head in {steps['migrate_s']:.1f} s")

            started = time.perf_counter()
            postcodes, terms = ensure_reference_data(db.session)
            generate_services(db.session, services, seed=seed)
            db.session.commit()
            steps["load_s"] = time.perf_counter() - started
            log(
                f"  [{label}] loaded {postcodes} postcodes, {terms} taxonomy terms and "
                f"{services:,} services (seed {seed}) in {steps['load_s']:.1f} s"
            )

            started = time.perf_counter()
            analyzed = _analyze()
            steps["analyze_s"] = time.perf_counter() - started
            log(f"  [{label}] {analyzed} in {steps['analyze_s']:.1f} s")

            version = _server_version()
            ref = Reference.load()
            db.session.remove()
            timed = plan_queries(ref, queries, seed)
            warm = plan_queries(ref, warmup, seed + 1) if warmup else []

            started = time.perf_counter()
            for planned in warm:
                _run_one(planned)
            steps["warmup_s"] = time.perf_counter() - started
            log(f"  [{label}] warmed up with {len(warm)} searches in {steps['warmup_s']:.1f} s")

            load_before = _load_average()
            started = time.perf_counter()
            runs: list[dict[str, Any]] = []
            for number, planned in enumerate(timed, start=1):
                ms, total, hits = _run_one(planned)
                runs.append(
                    {
                        "kind": planned.kind,
                        "query": planned.describe(),
                        "ms": round(ms, 3),
                        "total": total,
                        "hits": hits,
                    }
                )
                if number % 100 == 0 and number < len(timed):
                    log(f"  [{label}] timed {number} of {len(timed)} searches")
            steps["timed_s"] = time.perf_counter() - started
            load_after = _load_average()
            log(
                f"  [{label}] timed {len(timed)} searches in {steps['timed_s']:.1f} s "
                f"(load average {load_before:.2f} before, {load_after:.2f} after)"
            )
        finally:
            db.session.remove()
            db.engine.dispose()

    by_kind: dict[str, Any] = {}
    for kind in KIND_WEIGHTS:
        of_kind = [run for run in runs if run["kind"] == kind]
        if of_kind:
            by_kind[kind] = {
                **summarise([run["ms"] for run in of_kind]),
                "median_results": statistics.median(run["total"] for run in of_kind),
                "with_results": sum(1 for run in of_kind if run["total"] > 0),
            }
    overall = summarise([run["ms"] for run in runs])
    slowest = sorted(runs, key=lambda run: run["ms"], reverse=True)[:10]
    return {
        "database": label,
        "version": version,
        "services": services,
        "seed": seed,
        "warmup": len(warm),
        **overall,
        "target_p95_ms": TARGET_P95_MS,
        "passed": overall["p95_ms"] < TARGET_P95_MS,
        "searches_with_results": sum(1 for run in runs if run["total"] > 0),
        "by_kind": by_kind,
        "slowest": slowest,
        "steps_s": {step: round(seconds, 2) for step, seconds in steps.items()},
        "load_average": {"before": round(load_before, 2), "after": round(load_after, 2)},
    }


# --- reporting -------------------------------------------------------------------------------


def _load_average() -> float:
    """The one-minute load average, or NaN where the system has none."""
    try:
        return os.getloadavg()[0]
    except (AttributeError, OSError):
        return float("nan")


def machine_info() -> dict[str, Any]:
    cpu = ""
    with contextlib.suppress(OSError):
        for line in Path("/proc/cpuinfo").read_text().splitlines():
            if line.startswith("model name"):
                cpu = line.split(":", 1)[1].strip()
                break
    try:
        nproc = len(os.sched_getaffinity(0))
    except AttributeError:  # not Linux
        nproc = os.cpu_count() or 0
    return {
        "nproc": nproc,
        "cpu": cpu,
        "platform": platform.platform(),
        "python": platform.python_version(),
        "sqlite": sqlite3.sqlite_version,
    }


def format_report(report: dict[str, Any]) -> str:
    results = report["databases"]
    lines = [
        "",
        f"Directory search over {report['services']:,} services: {report['queries']} timed "
        f"searches after {report['warmup']} warm-up, {PER_PAGE} a page, one at a time.",
        "",
        f"{'database':<12}{'version':>10}{'count':>7}{'p50 ms':>9}{'p95 ms':>9}"
        f"{'p99 ms':>9}{'max ms':>9}{'p95/p50':>9}   target p95 < {TARGET_P95_MS:.0f} ms",
    ]
    for result in results:
        verdict = "PASS" if result["passed"] else "FAIL"
        lines.append(
            f"{result['database']:<12}{result['version'].split()[0]:>10}{result['count']:>7}"
            f"{result['p50_ms']:>9.1f}{result['p95_ms']:>9.1f}{result['p99_ms']:>9.1f}"
            f"{result['max_ms']:>9.1f}{result['p95_over_p50']:>9.1f}   {verdict}"
        )
    lines += ["", "By kind of search (n searches; median total results; searches finding any):"]
    header = f"{'kind':<17}{'n':>5}"
    for result in results:
        header += f"{result['database'] + ' p95':>17}{'p50':>8}"
    lines.append(header + f"{'median':>9}{'found':>7}")
    for kind in KIND_WEIGHTS:
        first = next((r["by_kind"][kind] for r in results if kind in r["by_kind"]), None)
        if first is None:
            continue
        row = f"{kind:<17}{first['count']:>5}"
        for result in results:
            stats = result["by_kind"].get(kind)
            row += f"{stats['p95_ms']:>17.1f}{stats['p50_ms']:>8.1f}" if stats else f"{'-':>25}"
        lines.append(row + f"{first['median_results']:>9g}{first['with_results']:>7}")
    for result in results:
        lines += ["", f"Slowest on {result['database']}:"]
        lines += [
            f"  {run['ms']:8.1f} ms  {run['kind']:<16} {run['query']}"
            for run in result["slowest"][:5]
        ]
    machine = report["machine"]
    lines += [
        "",
        f"Machine: nproc {machine['nproc']}, {machine['cpu'] or 'unknown CPU'}, "
        f"{machine['platform']}",
        f"Python {machine['python']}, SQLite {machine['sqlite']}"
        + (f", PostgreSQL {machine['postgresql']}" if machine.get("postgresql") else ""),
    ]
    busiest = max(
        (max(r["load_average"]["before"], r["load_average"]["after"]) for r in results),
        default=0.0,
    )
    # This process and its database keep about one core busy; more means other work ran.
    if busiest > 1.5:
        lines.append(
            f"Note: the load average reached {busiest:.1f} on {machine['nproc']} cores while "
            "timing, so other work shared the machine and the figures are pessimistic."
        )
    verdicts = ", ".join(
        f"{r['database']} {'PASS' if r['passed'] else 'FAIL'} (p95 {r['p95_ms']:.1f} ms)"
        for r in results
    )
    lines.append(f"Target p95 < {TARGET_P95_MS:.0f} ms: {verdicts}")
    return "\n".join(lines)


def run(
    *,
    services: int,
    queries: int,
    warmup: int,
    seed: int,
    postgres_url: str | None,
    sqlite: bool = True,
    log: Log = _print,
) -> dict[str, Any]:
    """Benchmark each database in turn; the whole report as a dict."""
    report: dict[str, Any] = {
        "benchmark": "directory-search",
        "started_at": datetime.now(UTC).isoformat(timespec="seconds"),
        "services": services,
        "queries": queries,
        "warmup": warmup,
        "seed": seed,
        "per_page": PER_PAGE,
        "kind_weights": KIND_WEIGHTS,
        "machine": machine_info(),
        "databases": [],
    }
    if sqlite:
        log("SQLite:")
        with sqlite_database(log) as url:
            report["databases"].append(
                bench_database(
                    "sqlite",
                    url,
                    services=services,
                    queries=queries,
                    warmup=warmup,
                    seed=seed,
                    log=log,
                )
            )
    if postgres_url:
        log("PostgreSQL:")
        with postgres_database(postgres_url, log) as url:
            result = bench_database(
                "postgresql",
                url,
                services=services,
                queries=queries,
                warmup=warmup,
                seed=seed,
                log=log,
            )
            report["databases"].append(result)
            report["machine"]["postgresql"] = result["version"]
    return report


def write_json(report: dict[str, Any], folder: Path = RESULTS_DIR) -> Path:
    folder.mkdir(parents=True, exist_ok=True)
    stamp = datetime.now(UTC).strftime("%Y%m%dT%H%M%SZ")
    path = folder / f"search-{stamp}.json"
    path.write_text(json.dumps(report, indent=2) + "\n", encoding="utf-8")
    return path


def parse_args(argv: Sequence[str] | None = None) -> argparse.Namespace:
    parser = argparse.ArgumentParser(
        prog="python -m bench.search", description=__doc__.split("\n", 1)[0]
    )
    parser.add_argument("--services", type=int, help=f"default {DEFAULT_SERVICES:,}")
    parser.add_argument("--queries", type=int, help=f"timed searches, default {DEFAULT_QUERIES}")
    parser.add_argument(
        "--warmup", type=int, help=f"untimed searches first, default {DEFAULT_WARMUP}"
    )
    parser.add_argument(
        "--seed", type=int, default=DEFAULT_SEED, help="same seed, same data and searches"
    )
    parser.add_argument(
        "--quick",
        action="store_true",
        help=f"{QUICK_SERVICES:,} services and {QUICK_QUERIES} searches, unless given",
    )
    parser.add_argument(
        "--postgres-url",
        default=os.environ.get("POSTGRES_URL"),
        help="an existing PostgreSQL database to make a fresh one beside (default $POSTGRES_URL)",
    )
    parser.add_argument("--no-sqlite", action="store_true", help="PostgreSQL only")
    parser.add_argument("--no-postgres", action="store_true", help="SQLite only")
    parser.add_argument("--results-dir", type=Path, default=RESULTS_DIR)
    args = parser.parse_args(argv)
    if args.services is None:
        args.services = QUICK_SERVICES if args.quick else DEFAULT_SERVICES
    if args.queries is None:
        args.queries = QUICK_QUERIES if args.quick else DEFAULT_QUERIES
    if args.warmup is None:
        args.warmup = QUICK_WARMUP if args.quick else DEFAULT_WARMUP
    if args.no_postgres:
        args.postgres_url = None
    if args.services < 1 or args.queries < 1 or args.warmup < 0:
        parser.error("--services and --queries must be at least 1, --warmup at least 0")
    if args.no_sqlite and not args.postgres_url:
        parser.error("nothing to benchmark: --no-sqlite needs --postgres-url")
    return args


def main(argv: Sequence[str] | None = None) -> int:
    args = parse_args(argv)
    started = time.perf_counter()
    _print(
        f"Directory search benchmark: {args.services:,} services, {args.queries} searches "
        f"(+{args.warmup} warm-up), seed {args.seed}"
    )
    if not args.postgres_url:
        _print("No --postgres-url (or $POSTGRES_URL): SQLite only.")
    report = run(
        services=args.services,
        queries=args.queries,
        warmup=args.warmup,
        seed=args.seed,
        postgres_url=args.postgres_url,
        sqlite=not args.no_sqlite,
    )
    report["elapsed_s"] = round(time.perf_counter() - started, 1)
    _print(format_report(report))
    path = write_json(report, args.results_dir)
    _print(f"Results written to {path} ({report['elapsed_s']:.0f} s in all)")
    return 0 if all(result["passed"] for result in report["databases"]) else 1


if __name__ == "__main__":
    sys.exit(main())
