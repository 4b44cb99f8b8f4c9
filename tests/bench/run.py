"""`make bench`: server time of the main pages and API endpoints on the national data, against
two floors measured in the same run, plus the PDF report, the quarterly generation with a
real Celery worker, and memory. Writes results.json and results.md.

    python -m tests.bench.run [--scale national|klein] [--out bench] [--requests 25]

Runs with DATABASE_URL / REDIS_URL of the embedded services (`make bench`) or your own; the
benchmark uses its own database on that server (dementienetwerk_national, or _klein),
creates, migrates and seeds it when the data is missing, and runs with production settings
(DEBUG off, collected static files, persistent connections).

Server time is measured in-process: Django's test client drives the full middleware stack
and the view (no network, no gunicorn), timed around each request; after a warm-up, every
page is requested ``--requests`` times (20 at least). Floors, in the same run: a trivial
view behind the same middleware as the same user, and the page's bare SQL (tests.bench.pages)
replayed with a cursor. Target: median <= 1.5 x (trivial + bare SQL).

Then, apart from the timed requests, ``--profile-requests`` more per page are profiled
(tests.bench.profiling): the time split into buckets (database, ORM compile, ORM rows, ORM
queryset building, template, middleware, rest) and cProfile's functions with the most own
time, so the report says where a page's Python time goes.
"""

from __future__ import annotations

import argparse
import datetime as dt
import os
import platform
import resource
import subprocess
import sys
import time
from pathlib import Path

from . import environment
from .environment import BASE_DIR, DATABASES, say
from .stats import mb, median, ms, percentile

MIN_REQUESTS = 20
# What a run can measure, in the order it measures them; `--only` picks some of them.
SECTIONS = ("pages", "pdf", "mds", "aanlevering", "quarterly")
# option: (with --smoke, without)
DEFAULTS = {
    "requests": (3, 25),
    "warmup": (1, 3),
    "pdf_runs": (1, 5),
    "profile_requests": (2, 10),
    "aanlevering_runs": (1, 3),
    "aanlevering_records": (100, 1000),
}


def parse_args(argv: list[str] | None) -> argparse.Namespace:
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("--scale", choices=sorted(DATABASES), default="national")
    parser.add_argument("--database", help="default: dementienetwerk_<scale>")
    parser.add_argument("--out", default=str(BASE_DIR / "bench"), help="folder for the reports")
    parser.add_argument("--requests", type=int, help="timed requests per page (default 25)")
    parser.add_argument("--warmup", type=int, help="untimed requests first (default 3)")
    parser.add_argument("--pdf-runs", type=int, help="timed PDF runs (default 5)")
    parser.add_argument(
        "--profile-requests",
        type=int,
        help="requests per page profiled into buckets, and as many under cProfile, after the "
        "timed ones (default 10; 0: no profile)",
    )
    parser.add_argument("--no-seed", action="store_true", help="do not seed missing data")
    parser.add_argument("--skip-worker", action="store_true", help="skip the Celery generation")
    parser.add_argument("--skip-pdf", action="store_true", help="skip the PDF report")
    parser.add_argument(
        "--skip-mds", action="store_true", help="skip the national minimale-dataset export"
    )
    parser.add_argument(
        "--only",
        help="only these sections (comma-separated: " + ", ".join(SECTIONS) + "), e.g. "
        "--only mds,aanlevering; the sections not measured are taken over from the --out "
        "folder's results.json, and results.md says which were measured when",
    )
    parser.add_argument(
        "--aanlevering-runs",
        type=int,
        help="deliveries of the provider's batch, each with its redelivery (default 3)",
    )
    parser.add_argument(
        "--aanlevering-records",
        type=int,
        help="records in the provider's batch, a quarter of each type (default 1000)",
    )
    parser.add_argument(
        "--pages",
        help="only these pages (keys of tests.bench.pages, comma-separated), e.g. to compare "
        "one page before and after a change with more requests",
    )
    parser.add_argument(
        "--smoke",
        action="store_true",
        help="CI smoke test: every step once or twice (3 requests per page, 1 PDF run); "
        "the exit code says whether every page answered and every report was generated",
    )
    args = parser.parse_args(argv)
    for name, (smoke, full) in DEFAULTS.items():
        if getattr(args, name) is None:
            setattr(args, name, smoke if args.smoke else full)
    if args.requests < MIN_REQUESTS and not args.smoke:
        parser.error(f"--requests is at least {MIN_REQUESTS} (or use --smoke)")
    args.sections = _sections(parser, args)
    return args


def _sections(parser: argparse.ArgumentParser, args: argparse.Namespace) -> tuple[str, ...]:
    """The sections this run measures: --only's, or all, less the --skip-* ones."""
    chosen = set(SECTIONS)
    if args.only:
        chosen = {name.strip() for name in args.only.split(",") if name.strip()}
        unknown = chosen - set(SECTIONS)
        if unknown or not chosen:
            parser.error(
                f"--only: onbekende onderdelen {', '.join(sorted(unknown))}; "
                f"kies uit {', '.join(SECTIONS)}"
            )
    skipped = {"pdf": args.skip_pdf, "mds": args.skip_mds, "quarterly": args.skip_worker}
    return tuple(s for s in SECTIONS if s in chosen and not skipped.get(s))


def main(argv: list[str] | None = None) -> int:
    args = parse_args(argv)
    out = Path(args.out)
    database = args.database or DATABASES[args.scale]
    env = environment.prepare(args.scale, database, out, seed=not args.no_seed)
    os.environ.update(env)
    import django

    django.setup()
    from . import report

    results = benchmark(env, args, out, database)
    report.write(out, results, measured=args.sections if args.only else None)
    say(f"klaar: {out / 'results.md'}")
    missed = [t for t in results["targets"] if t["status"] != "PASS"]
    for target in missed:
        say(f"  MISSED {target['name']}: {target['value']} (doel {target['target']})")
    # Targets are goals, reported; a page that errors (SystemExit in _request) or a report
    # that fails to generate is a failure of the run.
    mds = results.get("mds")
    if mds and not mds["agrees"]:
        say(f"FOUT: MDS in zorg {mds['in_zorg']}, rapporten {mds['in_zorg_rapporten']}")
        return 1
    quarterly = results["quarterly"]
    if quarterly and (quarterly["failed"] or quarterly["finished"] < quarterly["networks"]):
        say(f"FOUT: {quarterly['failed']} kwartaalrapporten mislukt: {quarterly['errors']}")
        return 1
    return 0


# --- measuring --------------------------------------------------------------------------------


def _request(client, page, ctx, i: int):
    url = page.url(ctx, i)
    if page.method == "POST":
        response = client.post(url, page.data(ctx, i), **page.headers)
    else:
        response = client.get(url, **page.headers)
    if response.status_code != 200:
        raise SystemExit(f"{page.key}: {url} gaf status {response.status_code}")
    return response


def _time(call, n: int) -> list[float]:
    times = []
    for i in range(n):
        begin = time.perf_counter()
        call(i)
        times.append(time.perf_counter() - begin)
    return times


def _summary(times: list[float]) -> dict:
    return {
        "n": len(times),
        "median_ms": ms(median(times)),
        "p95_ms": ms(percentile(times, 0.95)),
        "min_ms": ms(min(times)),
        "max_ms": ms(max(times)),
    }


def _replay(statements: list[str], writes: bool) -> None:
    from django.db import connection, transaction

    def execute():
        with connection.cursor() as cursor:
            for sql in statements:
                cursor.execute(sql)
                if cursor.description:
                    cursor.fetchall()

    if writes:
        with transaction.atomic():
            execute()
            transaction.set_rollback(True)
    else:
        execute()


def _profile(call, n: int, offset: int = 0) -> dict:
    """The request's time in buckets (profiling.buckets), then cProfile's top functions over
    as many other requests."""
    from . import profiling

    return {
        "buckets": profiling.buckets(call, n, offset),
        "cprofile": profiling.top_functions(call, n, offset + n),
    }


def measure_pages(args, ctx) -> tuple[dict, list[dict]]:
    from django.db import connection
    from django.test.utils import CaptureQueriesContext

    from .pages import PAGES, logged_in

    pages_to_measure = PAGES
    if args.pages:
        keys = set(args.pages.split(","))
        unknown = keys - {p.key for p in PAGES}
        if unknown:
            raise SystemExit(f"onbekende pagina's: {', '.join(sorted(unknown))}")
        pages_to_measure = [p for p in PAGES if p.key in keys]

    clients = {
        page.sessie: logged_in(ctx, page.role, second_factor=page.second_factor)
        for page in sorted(pages_to_measure, key=lambda page: page.sessie)
    }

    trivial = {}
    for role, client in clients.items():
        for _ in range(args.warmup):
            client.get("/bench/trivial/")
        times = _time(lambda i, client=client: client.get("/bench/trivial/"), args.requests)
        with CaptureQueriesContext(connection) as queries:
            client.get("/bench/trivial/")
        trivial[role] = {**_summary(times), "queries": len(queries)}
        if args.profile_requests:
            trivial[role]["profile"] = _profile(
                lambda i, client=client: client.get("/bench/trivial/"), args.profile_requests
            )
        say(f"  trivial ({role}): {trivial[role]['median_ms']} ms")

    pages = []
    for page in pages_to_measure:
        client = clients[page.sessie]
        for i in range(args.warmup):
            _request(client, page, ctx, i)
        times = _time(
            lambda i, page=page, client=client: _request(client, page, ctx, i), args.requests
        )
        counts, db_times = [], []
        for i in range(3):
            with CaptureQueriesContext(connection) as queries:
                _request(client, page, ctx, args.requests + i)
            counts.append(len(queries))
            db_times.append(sum(float(q["time"]) for q in queries.captured_queries))
        profile = None
        if args.profile_requests:
            profile = _profile(
                lambda i, page=page, client=client: _request(client, page, ctx, i),
                args.profile_requests,
                offset=args.requests + 3,
            )
        statements = page.bare_sql(ctx)
        for _ in range(2):
            _replay(statements, page.writes)
        bare = _time(lambda i, s=statements, w=page.writes: _replay(s, w), args.requests)
        result = {
            "key": page.key,
            "title": page.title,
            "role": page.role,
            "method": page.method,
            "url": page.url(ctx, 0),
            **_summary(times),
            "queries": max(counts),
            "db_ms": ms(median(db_times)),
            "bare_sql": {
                **_summary(bare),
                "statements": len(statements),
                "what": page.bare_sql_doc,
            },
            "trivial_ms": trivial[page.sessie]["median_ms"],
            "target_ms": page.target_ms,
            "profile": profile,
        }
        result["floor_ms"] = round(result["trivial_ms"] + result["bare_sql"]["median_ms"], 1)
        result["ratio"] = (
            round(result["median_ms"] / result["floor_ms"], 2) if result["floor_ms"] else None
        )
        pages.append(result)
        say(
            f"  {page.key}: median {result['median_ms']} ms, p95 {result['p95_ms']} ms, "
            f"{result['queries']} queries, floor {result['floor_ms']} ms "
            f"(trivial {result['trivial_ms']} + SQL {result['bare_sql']['median_ms']})"
        )
    return trivial, pages


def measure_pdf(args, ctx) -> dict:
    """The PDF of the largest network: rapport_concept (snapshot + render + store), and the
    two halves apart."""
    from accounts.actor import Actor
    from rapportage import rendering, services, snapshot
    from rapportage.perioden import parse_periode, vorige_periodes

    periode = parse_periode(vorige_periodes(ctx.vandaag)[0].code)
    rapport = None

    def concept(_i):
        nonlocal rapport
        rapport = services.rapport_concept(
            netwerk=ctx.netwerk, periode=periode, actor=Actor.system(), opnieuw=True
        )

    concept(0)
    totaal = _time(concept, args.pdf_runs)
    snapshots = _time(lambda _i: snapshot.netwerk_snapshot(ctx.netwerk, periode), args.pdf_runs)
    pdf = b""

    def render(_i):
        nonlocal pdf
        pdf = rendering.render(rapport, concept=True)

    renders = _time(render, args.pdf_runs)
    return {
        "netwerk": ctx.netwerk.naam,
        "periode": periode.code,
        "rapport_concept": _summary(totaal),
        "snapshot": _summary(snapshots),
        "render": _summary(renders),
        "pdf_kb": round(len(pdf) / 1024, 1),
        "pages": _page_count(pdf),
    }


def _timed_writers(mds_module, seconds: dict[str, float]):
    """The export's file writers (rapportage.mds.<kind>_inhoud) wrapped to add their time
    to ``seconds``; returns the originals to put back."""
    originals = {}
    for kind in ("csv", "json", "xlsx"):
        name = f"{kind}_inhoud"
        original = originals[name] = getattr(mds_module, name)

        def timed(*args, _original=original, _kind=kind, **kwargs):
            begin = time.perf_counter()
            try:
                return _original(*args, **kwargs)
            finally:
                seconds[_kind] = seconds.get(_kind, 0.0) + time.perf_counter() - begin

        setattr(mds_module, name, timed)
    return originals


def _run_mds_export(periode) -> tuple[object, float, dict[str, float]]:
    """The export job's service, timed, with the time of each step (rows, each file)."""
    from rapportage import mds, services
    from rapportage.models import MdsExport

    export = MdsExport.objects.create(
        periode=periode.code, periode_begin=periode.begin, periode_eind=periode.eind
    )
    marks: list[tuple[int, float]] = []
    files: dict[str, float] = {}
    originals = _timed_writers(mds, files)
    start = time.perf_counter()
    try:
        export = services.mds_export_maken(
            export_id=export.pk,
            voortgang=lambda percentage, _stap: marks.append((percentage, time.perf_counter())),
        )
    finally:
        for name, original in originals.items():
            setattr(mds, name, original)
    seconds = time.perf_counter() - start
    at = dict(marks)
    steps = {"rijen": at.get(70, start + seconds) - start}
    steps.update({kind: files[kind] for kind in ("csv", "json", "xlsx") if kind in files})
    return export, seconds, steps


def measure_mds(ctx) -> dict:
    """The national minimale-dataset export (all networks, the last quarter): the job's
    service in this process, timed once (in steps: the rows, then each file), its files'
    sizes, and whether its "in zorg op de peildatum" is the sum of the networks' report
    figures (the snapshot's query)."""
    from casemanagement.models import Traject
    from netwerk.models import Netwerk
    from rapportage.perioden import vorige_periodes
    from wachtlijst.selectors import in_zorg_op

    periode = vorige_periodes(ctx.vandaag)[0]
    export, seconds, steps = _run_mds_export(periode)
    rapporten = sum(
        in_zorg_op(Traject.objects.filter(netwerk=netwerk), periode.peildatum).count()
        for netwerk in Netwerk.objects.all()
    )
    return {
        "periode": periode.code,
        "netwerken": Netwerk.objects.count(),
        "seconds": round(seconds, 1),
        "steps_seconds": {step: round(s, 1) for step, s in steps.items()},
        "stappen": ", ".join(f"{step} {s:.1f} s" for step, s in steps.items()),
        "trajecten": export.aantal_trajecten,
        "in_zorg": export.aantal_in_zorg,
        "in_zorg_rapporten": rapporten,
        "agrees": export.aantal_in_zorg == rapporten,
        "mb": {
            veld: round(getattr(export, veld).size / 1024 / 1024, 1)
            if getattr(export, veld)
            else None
            for veld in ("csv", "xlsx", "json")
        },
    }


def _page_count(pdf: bytes) -> int | None:
    """Pages as poppler's pdfinfo reads them (None without poppler-utils); the page objects
    themselves sit in compressed object streams."""
    try:
        info = subprocess.run(["pdfinfo", "-"], input=pdf, capture_output=True, check=True)
    except (OSError, subprocess.CalledProcessError):
        return None
    for line in info.stdout.decode(errors="replace").splitlines():
        if line.startswith("Pages:"):
            return int(line.split()[1])
    return None


def _quarterly(env: dict[str, str], ctx, out: Path) -> dict:
    from django.db import connection

    from netwerk.models import Netwerk
    from rapportage.perioden import vorige_periodes

    from . import worker

    ids = list(
        Netwerk.objects.filter(clienten__isnull=False)
        .distinct()
        .order_by("pk")
        .values_list("pk", flat=True)
    )
    periode = vorige_periodes(ctx.vandaag)[0].code
    say(f"kwartaalrapporten {periode} voor {len(ids)} netwerken, Celery met 2 processen")
    connection.close()
    quarterly = worker.quarterly_generation(env, ids, periode, out / "tmp" / "worker.log")
    say(f"  {quarterly['finished']}/{quarterly['networks']} in {quarterly['seconds']} s")
    return quarterly


def _measure_sections(env: dict[str, str], args, out: Path, ctx) -> dict:
    """Every section of ``args.sections``, in order; a section not measured is None."""
    from django.test.utils import override_settings

    from . import aanlevering

    found: dict = dict.fromkeys(SECTIONS)
    if "pages" in args.sections:
        with override_settings(ROOT_URLCONF="tests.bench.urls"):
            found["pages"] = measure_pages(args, ctx)
        # before the PDF runs (WeasyPrint) and the exports in this process
        found["web_peak"] = resource.getrusage(resource.RUSAGE_SELF).ru_maxrss * 1024
    if "pdf" in args.sections:
        say("PDF van het grootste netwerk")
        found["pdf"] = measure_pdf(args, ctx)
        say(f"  rapport_concept: {found['pdf']['rapport_concept']['median_ms']} ms")
    if "mds" in args.sections:
        say("minimale dataset, alle netwerken")
        mds = found["mds"] = measure_mds(ctx)
        say(
            f"  {mds['trajecten']} trajecten in {mds['seconds']} s ({mds['stappen']}); in zorg "
            f"{mds['in_zorg']} (rapporten {mds['in_zorg_rapporten']})"
        )
    if "aanlevering" in args.sections:
        say(f"aanlevering van {args.aanlevering_records} records in {ctx.netwerk.naam}")
        found["aanlevering"] = aanlevering.measure(
            ctx, args.aanlevering_runs, args.aanlevering_records
        )
    if "quarterly" in args.sections:
        found["quarterly"] = _quarterly(env, ctx, out)
    return found


def benchmark(env: dict[str, str], args, out: Path, database: str) -> dict:
    from .pages import Context

    started = dt.datetime.now().astimezone()
    load_at_start = os.getloadavg()
    ctx = Context.load()
    say(f"benchmark op {database}: {ctx.netwerk.naam}, caseload {ctx.caseload}")
    say(f"onderdelen: {', '.join(args.sections)}")
    found = _measure_sections(env, args, out, ctx)
    trivial, pages = found["pages"] or ({}, [])
    quarterly = found["quarterly"]
    meta = _meta(args, database, started)
    # other work on the machine slows every figure; the report shows how busy it was
    meta["machine"]["load_average_start"] = [round(x, 1) for x in load_at_start]
    meta["machine"]["load_average_end"] = [round(x, 1) for x in os.getloadavg()]
    return {
        "meta": meta,
        "seed": _seed(out),
        "trivial": trivial,
        "pages": pages,
        "pdf": found["pdf"],
        "mds": found["mds"],
        "aanlevering": found["aanlevering"],
        "quarterly": quarterly,
        "memory": {
            "web_process_peak_rss_mb": mb(found["web_peak"]) if found.get("web_peak") else None,
            "web_process_note": "the benchmark process serving the pages in-process, before "
            "the PDF runs (WeasyPrint) in it",
            "worker": quarterly["memory"] if quarterly else None,
        },
        "targets": [],
    }


def _meta(args, database: str, started: dt.datetime) -> dict:
    import django
    import psutil
    from django.db import connection

    from accounts.models import User
    from casemanagement.models import (
        Aanmelding,
        Casemanager,
        Client,
        Contactmoment,
        Meting,
        Traject,
    )
    from inkoop.models import Contract
    from netwerk.models import Netwerk, Organisatie
    from signaalteam.models import Signaal
    from wachtlijst.models import NzaKwartaal, WachtlijstMeting

    with connection.cursor() as cursor:
        cursor.execute("SHOW server_version")
        server = cursor.fetchone()[0]
        instellingen = {}
        for naam in (
            "shared_buffers",
            "work_mem",
            "effective_cache_size",
            "jit",
            "max_parallel_workers_per_gather",
        ):
            cursor.execute(f"SHOW {naam}")
            instellingen[naam] = cursor.fetchone()[0]
    counts = {
        "netwerken": Netwerk.objects.count(),
        "organisaties": Organisatie.objects.count(),
        "casemanagers": Casemanager.objects.count(),
        "gebruikers": User.objects.count(),
        "clienten": Client.objects.count(),
        "aanmeldingen": Aanmelding.objects.count(),
        "trajecten": Traject.objects.count(),
        "contactmomenten": Contactmoment.objects.count(),
        "metingen": Meting.objects.count(),
        "signalen": Signaal.objects.count(),
        "contracten": Contract.objects.count(),
        "wachtlijstmetingen": WachtlijstMeting.objects.count(),
        "nza_kwartalen": NzaKwartaal.objects.count(),
        "wachtend_vandaag": Aanmelding.objects.wachtend().count(),
        "open_trajecten": Traject.objects.open().count(),
    }
    try:
        commit = subprocess.run(
            ["git", "rev-parse", "--short", "HEAD"],
            cwd=BASE_DIR,
            capture_output=True,
            text=True,
        ).stdout.strip()
    except OSError:
        commit = ""
    return {
        "started": started.isoformat(timespec="seconds"),
        "scale": args.scale,
        "database": database,
        "requests_per_page": args.requests,
        "warmup": args.warmup,
        "profile_requests": args.profile_requests,
        "git_commit": commit,
        "machine": {
            "cpus": os.cpu_count(),
            "memory_gb": round(psutil.virtual_memory().total / 1024**3, 1),
            "python": platform.python_version(),
            "django": django.get_version(),
            "postgresql": server,
            "postgresql_settings": instellingen,
        },
        "settings": os.environ.get("DJANGO_SETTINGS_MODULE"),
        "counts": counts,
    }


def _seed(out: Path) -> dict | None:
    import json

    path = out / "seed.json"
    return json.loads(path.read_text(encoding="utf-8")) if path.exists() else None


if __name__ == "__main__":
    sys.exit(main())
