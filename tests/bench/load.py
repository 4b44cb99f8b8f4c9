"""`make load`: Locust, headless, against gunicorn (2 workers) and a Celery worker on
127.0.0.1, on the national data: 50 simulated users for 60 seconds (tests/bench/locustfile.py),
then bench/load.md with requests per second, p50/p95 per request type and the error count.

Then the capacity, with the same gunicorn workers in the same run: the saturating runs, users
without think time (``--saturation-users``, enough to keep every worker busy) for
``--saturation-seconds``, once on the working day's mix and once on the trivial page (a
logged-in casemanager on the benchmark's trivial view, the same middleware). Their requests
per second after the last login, and the ratio mix / trivial: the share of the machine's
request capacity the real pages keep, a figure that holds on any machine (goal >= 0.5).

    python -m tests.bench.load [--scale national] [--users 50] [--seconds 60] [--out bench]
        [--saturation-users 12] [--saturation-seconds 40]

Prepares the benchmark database as tests.bench.run does (seeds it when the data is missing),
starts everything it needs with production settings, and stops all of it afterwards, also
on an error or Ctrl-C. Exit code 1 when a request failed and ``--strict`` is given.
"""

from __future__ import annotations

import argparse
import json
import os
import signal
import socket
import subprocess
import sys
import time
import urllib.request
from collections import defaultdict
from contextlib import closing
from importlib import metadata
from pathlib import Path

from . import environment
from .environment import BASE_DIR, DATABASES, PYTHON, say
from .stats import RssSampler, median, percentile
from .worker import start_worker, stop_worker

PASSWORD_OF_DEMO = "demo-wachtwoord-2026"  # demo.accounts.DEMO_PASSWORD


def parse_args(argv: list[str] | None) -> argparse.Namespace:
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("--scale", choices=sorted(DATABASES), default="national")
    parser.add_argument("--database")
    parser.add_argument("--out", default=str(BASE_DIR / "bench"))
    parser.add_argument("--users", type=int, default=50)
    parser.add_argument("--spawn-rate", type=float, default=10)
    parser.add_argument("--seconds", type=int, default=60)
    parser.add_argument("--workers", type=int, default=2, help="gunicorn workers")
    parser.add_argument(
        "--saturation-users",
        type=int,
        default=12,
        help="users without think time in the saturating runs (default 12: several per worker)",
    )
    parser.add_argument(
        "--saturation-seconds",
        type=int,
        default=40,
        help="length of each saturating run (0: skip them)",
    )
    parser.add_argument("--strict", action="store_true", help="exit 1 when a request failed")
    return parser.parse_args(argv)


def _free_port() -> int:
    with closing(socket.socket(socket.AF_INET, socket.SOCK_STREAM)) as sock:
        sock.bind(("127.0.0.1", 0))
        return sock.getsockname()[1]


def _plan(path: Path) -> dict:
    """Who logs in, and what they open: casemanagers with clients in care (the demo
    casemanager first), the coordinators of the largest networks, the insurers with the
    adopted reports they may download."""
    import django

    django.setup()
    from django.conf import settings
    from django.db import connection
    from django.db.models import Count, Q

    from accounts.models import User
    from casemanagement.models import Casemanager, Client, Traject
    from demo.accounts import DEMO_PASSWORD, DEMO_USERS
    from netwerk.models import Membership
    from rapportage.models import Rapport

    if DEMO_PASSWORD != PASSWORD_OF_DEMO:
        raise SystemExit("demo.accounts.DEMO_PASSWORD changed: update tests.bench.load")
    casemanagers = (
        Casemanager.objects.annotate(
            in_zorg=Count(
                "trajecten",
                filter=Q(trajecten__einddatum__isnull=True, trajecten__startdatum__isnull=False),
            )
        )
        .filter(in_zorg__gte=10, actief=True)
        .select_related("user")
        .order_by("-in_zorg", "pk")[:60]
    )
    demo_cm = DEMO_USERS["casemanager"][0]
    casemanager_plan = []
    for cm in sorted(casemanagers, key=lambda c: c.user.email != demo_cm):
        open_ = list(
            Traject.objects.filter(casemanager=cm, einddatum__isnull=True, startdatum__isnull=False)
            .order_by("pk")
            .values_list("pk", "client_id")
        )
        casemanager_plan.append(
            {
                "email": cm.user.email,
                "trajecten": [t for t, _c in open_],
                "clients": [c for _t, c in open_],
            }
        )
    coordinators = [
        {"email": m.user.email, "netwerk": m.netwerk_id}
        for m in Membership.objects.filter(rol="netwerkcoordinator", actief=True)
        .annotate(
            wachtend=Count(
                "netwerk__aanmeldingen",
                filter=Q(
                    netwerk__aanmeldingen__eerste_contact_op__isnull=True,
                    netwerk__aanmeldingen__afgemeld_op__isnull=True,
                ),
            )
        )
        .select_related("user")
        .order_by("-wachtend", "pk")[:15]
    ]
    insurers = []
    for user in User.objects.filter(
        memberships__rol="verzekeraar", memberships__actief=True
    ).order_by("pk"):
        user = User.objects.get(pk=user.pk)
        rapporten = list(
            Rapport.objects.visible_to(user).filter(pdf__gt="").values_list("pk", flat=True)
        )
        if rapporten:
            insurers.append({"email": user.email, "rapporten": rapporten})
    clients = Client.objects.count()
    _sessions([*casemanager_plan, *coordinators, *insurers])
    connection.close()
    if not (casemanager_plan and coordinators and insurers):
        raise SystemExit(
            "no casemanagers, coordinators or insurers with reports: seed the data first"
        )
    plan = {
        "clients": clients,
        "password": PASSWORD_OF_DEMO,
        "session_cookie": settings.SESSION_COOKIE_NAME,
        "casemanagers": casemanager_plan,
        "coordinators": coordinators,
        "insurers": insurers,
    }
    path.write_text(json.dumps(plan), encoding="utf-8")
    return plan


def _sessions(accounts: list[dict]) -> None:
    """A logged-in session per account, for the saturating runs: logging in through the form
    (PBKDF2, about a second of a worker on a busy machine) would take most of a short run.
    The realistic run logs in through the form as before."""
    from django.test import Client as TestClient

    from accounts.models import User

    users = {u.email: u for u in User.objects.filter(email__in=[a["email"] for a in accounts])}
    for account in accounts:
        browser = TestClient()
        browser.force_login(users[account["email"]])
        account["session"] = browser.session.session_key


def _wait_for(url: str, process: subprocess.Popen, timeout: float = 60) -> None:
    end = time.monotonic() + timeout
    while time.monotonic() < end:
        if process.poll() is not None:
            raise SystemExit(f"gunicorn stopped (code {process.returncode})")
        try:
            with urllib.request.urlopen(url, timeout=2) as response:  # noqa: S310 - our own 127.0.0.1
                if response.status == 200:
                    return
        except OSError:
            time.sleep(0.3)
    raise SystemExit(f"gunicorn did not answer on {url}")


def _wait_idle(url: str, workers: int, timeout: float = 180) -> float:
    """Wait until every gunicorn worker is free: ``workers`` health checks at once all answer
    within a second. The workers go on serving what the last run left queued (logins of the
    realistic run take a worker a second or more each), which would otherwise count against
    the next run. Returns the seconds waited."""
    from concurrent.futures import ThreadPoolExecutor

    def check(_i) -> float:
        begin = time.monotonic()
        try:
            with urllib.request.urlopen(url, timeout=timeout) as response:  # noqa: S310 - 127.0.0.1
                response.read()
        except OSError:
            return timeout
        return time.monotonic() - begin

    start = time.monotonic()
    with ThreadPoolExecutor(workers) as pool:
        while time.monotonic() - start < timeout:
            if max(pool.map(check, range(workers))) < 1.0:
                break
            time.sleep(0.5)
    return round(time.monotonic() - start, 1)


def _stop(process: subprocess.Popen | None, timeout: float = 30) -> None:
    if process is None or process.poll() is not None:
        return
    os.killpg(process.pid, signal.SIGTERM)
    try:
        process.wait(timeout=timeout)
    except subprocess.TimeoutExpired:
        os.killpg(process.pid, signal.SIGKILL)
        process.wait()


def statistics(log: Path, seconds: int) -> dict:
    """Per request type: count, failures, p50/p95/max; the whole run, and the steady state
    after the last login (when every user is working)."""
    rows = [json.loads(line) for line in log.read_text(encoding="utf-8").splitlines() if line]
    if not rows:
        return {"requests": 0, "errors": 0, "per_type": [], "steady": []}
    begin = min(r["t"] for r in rows)
    logins = [r["t"] + r["ms"] / 1000 for r in rows if r["name"] == "login (POST)"]
    steady_from = max(logins) if logins else begin

    def per_type(selection: list[dict]) -> list[dict]:
        groups: dict[str, list[dict]] = defaultdict(list)
        for row in selection:
            groups[row["name"]].append(row)
        result = []
        for name, group in sorted(groups.items(), key=lambda item: -len(item[1])):
            times = [r["ms"] for r in group]
            result.append(
                {
                    "name": name,
                    "requests": len(group),
                    "errors": sum(1 for r in group if r["error"]),
                    "p50_ms": round(median(times)),
                    "p95_ms": round(percentile(times, 0.95)),
                    "max_ms": round(max(times)),
                }
            )
        return result

    steady = [r for r in rows if r["t"] >= steady_from]
    duration = max(r["t"] + r["ms"] / 1000 for r in rows) - begin
    steady_duration = max((r["t"] for r in steady), default=steady_from) - steady_from
    errors = [r for r in rows if r["error"]]
    steady_times = [r["ms"] for r in steady if not r["name"].startswith("login")]
    return {
        "requests": len(rows),
        "errors": len(errors),
        "error_examples": sorted({f"{r['name']}: {r['error']}" for r in errors})[:10],
        "duration_s": round(duration, 1),
        "requests_per_second": round(len(rows) / max(duration, 1), 1),
        "all_logged_in_after_s": round(steady_from - begin, 1),
        "steady_requests_per_second": round(len(steady) / max(steady_duration, 1), 1),
        # without the logins (the saturating runs fetch only the login page, for the cookie)
        "steady_work_requests_per_second": round(len(steady_times) / max(steady_duration, 1), 1),
        "steady_p50_ms": round(median(steady_times)) if steady_times else None,
        "steady_p95_ms": round(percentile(steady_times, 0.95)) if steady_times else None,
        "per_type": per_type(rows),
        "steady": per_type(steady),
    }


def markdown(result: dict) -> str:
    s = result["stats"]
    lines = [
        f"# Load test ({result['database']})",
        "",
        f"Run {result['started']} with `make load` (`python -m tests.bench.load`): Locust "
        f"{result['locust']}, headless, {result['users']} simulated users (spawn rate "
        f"{result['spawn_rate']}/s, think time 1-3 s) for {result['seconds']} s against gunicorn "
        f"({result['gunicorn_workers']} sync workers, `config.settings.production`) and a Celery "
        f"worker on 127.0.0.1, database {result['database']} ({result['clients']:,} clients), "
        f"{result['cpus']} CPUs. Users: casemanagers (7/10: Mijn cliënten, open a client, log a "
        "contact), coordinators (2/10: waitlist, assignment list, dashboard), insurers (1/10: "
        "download page, download an adopted report PDF); each logs in through the login form.",
        "",
        f"**{s['requests']:,} requests, {s['requests_per_second']} requests/s, "
        f"{s['errors']} errors.** All users were logged in after {s['all_logged_in_after_s']} s "
        f"(password hashing, PBKDF2, is the most expensive request); from then on "
        f"{s['steady_requests_per_second']} requests/s.",
        "",
        "| request | requests | errors | p50 ms | p95 ms | max ms | p50 after login ms "
        "| p95 after login ms |",
        "|---|---:|---:|---:|---:|---:|---:|---:|",
    ]
    steady = {row["name"]: row for row in s["steady"]}
    for row in s["per_type"]:
        st = steady.get(row["name"], {})
        lines.append(
            f"| `{row['name']}` | {row['requests']} | {row['errors']} | {row['p50_ms']} | "
            f"{row['p95_ms']} | {row['max_ms']} | {st.get('p50_ms', '–')} | "
            f"{st.get('p95_ms', '–')} |"
        )
    lines += [
        "",
        f"Reading the times: {result['gunicorn_workers']} sync workers serve one request each at a "
        "time, so once the offered load (here up to "
        f"{result['users']} users / 2 s of think time) exceeds what they serve, a request first "
        "waits for a free worker: at saturation the p50 is mostly that queue, not the page "
        "(compare the in-process server times in [results.md](results.md)). Throughput after "
        "login is the capacity of the 2 workers on this machine at this load.",
    ]
    if s.get("error_examples"):
        lines += ["", "Errors:", "", *(f"- {e}" for e in s["error_examples"])]
    lines += _capacity_section(result)
    memory = result["memory"]
    lines += [
        "",
        "Memory (peak resident): gunicorn workers "
        f"{', '.join(str(m) for m in memory['gunicorn']['child_peak_mb'])} MB "
        f"(master {memory['gunicorn']['root_peak_mb']} MB); Celery worker processes "
        f"{', '.join(str(m) for m in memory['celery']['child_peak_mb'])} MB (main "
        f"{memory['celery']['root_peak_mb']} MB). Goal for a web worker: under 300 MB: "
        f"**{'PASS' if memory['gunicorn']['max_child_peak_mb'] < 300 else 'MISSED'}**.",
        "",
        f"Server load average during the run: {result['load_average']}.",
    ]
    return "\n".join(lines) + "\n"


# The saturating runs: the working day's mix (every user class of the locustfile but the
# trivial one), then the trivial page alone.
SATURATION_PHASES = {"mix": ["Casemanager", "Coordinator", "Insurer"], "trivial": ["Trivial"]}


def _locust(
    env: dict[str, str],
    host: str,
    plan_path: Path,
    log_path: Path,
    output: Path,
    users: int,
    seconds: int,
    spawn_rate: float,
    *,
    classes: list[str] | None = None,
    think: bool = True,
) -> None:
    locust = subprocess.run(
        [
            PYTHON, "-m", "locust",
            "-f", str(BASE_DIR / "tests" / "bench" / "locustfile.py"),
            "--headless",
            "--users", str(users),
            "--spawn-rate", str(spawn_rate),
            "--run-time", f"{seconds}s",
            "--host", host,
            "--only-summary",
            "--stop-timeout", "10",
            "--loglevel", "WARNING",
            *(classes or ["Casemanager", "Coordinator", "Insurer"]),
        ],
        cwd=BASE_DIR,
        env={
            **env,
            "BENCH_LOAD_PLAN": str(plan_path),
            "BENCH_LOAD_LOG": str(log_path),
            "BENCH_LOAD_THINK": "1" if think else "0",
        },
        capture_output=True,
        text=True,
        timeout=seconds + 180,
    )  # fmt: skip
    output.write_text(locust.stdout + locust.stderr, encoding="utf-8")


def capacity(saturation: dict) -> dict | None:
    """Requests per second after the last login of the two saturating runs, and their ratio."""
    mix, trivial = saturation.get("mix"), saturation.get("trivial")
    if not mix or not trivial:
        return None
    mix_rps = mix["steady_work_requests_per_second"]
    trivial_rps = trivial["steady_work_requests_per_second"]
    return {
        "mix_requests_per_second": mix_rps,
        "trivial_requests_per_second": trivial_rps,
        "ratio": round(mix_rps / trivial_rps, 2) if trivial_rps else None,
        "errors": mix["errors"] + trivial["errors"],
    }


def _capacity_section(result: dict) -> list[str]:
    cap = result.get("capacity")
    if not cap:
        return []
    mix, trivial = result["saturation"]["mix"], result["saturation"]["trivial"]
    goal = (
        "PASS"
        if cap["ratio"] is not None and cap["ratio"] >= 0.5 and not cap["errors"]
        else ("MISSED")
    )
    lines = [
        "",
        "## Capacity (saturating runs)",
        "",
        f"The same gunicorn ({result['gunicorn_workers']} sync workers) right after the run "
        f"above: {result['saturation_users']} users without think time for "
        f"{result['saturation_seconds']} s each, first on the working day's mix, then on the "
        "trivial page (a logged-in casemanager on the benchmark's trivial view: the same "
        "middleware, no work of its own). Each user starts with a session made for its account "
        "(no login form: PBKDF2 would take most of a short run). Every worker is busy all the "
        "time, so requests per second is what the workers can serve; the ratio mix / trivial "
        "is the share of the request capacity the real pages keep, and holds on any machine "
        "(Locust runs on the same CPUs and costs about the same per request in both runs).",
        "",
        "| run | requests | errors | requests/s (without login) | p50 ms | p95 ms |",
        "|---|---:|---:|---:|---:|---:|",
    ]
    for name, run in (("working day's mix", mix), ("trivial page", trivial)):
        lines.append(
            f"| {name} | {run['requests']:,} | {run['errors']} | "
            f"{run['steady_work_requests_per_second']} | {run.get('steady_p50_ms', '–')} | "
            f"{run.get('steady_p95_ms', '–')} |"
        )
    lines += [
        "",
        f"**Ratio mix / trivial: {cap['ratio']}** (goal at least 0.5 with 0 errors: "
        f"**{goal}**). Per request type in the mix after login:",
        "",
        "| request | requests | errors | p50 ms | p95 ms |",
        "|---|---:|---:|---:|---:|",
    ]
    lines += [
        f"| `{row['name']}` | {row['requests']} | {row['errors']} | {row['p50_ms']} | "
        f"{row['p95_ms']} |"
        for row in mix["steady"]
    ]
    if mix.get("error_examples") or trivial.get("error_examples"):
        examples = (mix.get("error_examples") or []) + (trivial.get("error_examples") or [])
        lines += ["", "Errors:", "", *(f"- {e}" for e in examples[:10])]
    return lines


def main(argv: list[str] | None = None) -> int:
    args = parse_args(argv)
    out = Path(args.out)
    database = args.database or DATABASES[args.scale]
    env = environment.prepare(args.scale, database, out)
    os.environ.update(env)
    work = out / "tmp" / "load"
    work.mkdir(parents=True, exist_ok=True)
    plan_path, log_path = work / "plan.json", work / "requests.jsonl"
    log_path.write_text("", encoding="utf-8")
    plan = _plan(plan_path)
    say(
        f"load: {len(plan['casemanagers'])} casemanager accounts, {len(plan['coordinators'])} "
        f"coordinators, {len(plan['insurers'])} insurers"
    )
    port = _free_port()
    host = f"http://127.0.0.1:{port}"
    gunicorn = celery = None
    started = time.strftime("%Y-%m-%d %H:%M %Z")
    try:
        with open(work / "gunicorn.log", "w", encoding="utf-8") as handle:
            gunicorn = subprocess.Popen(
                [
                    PYTHON,
                    "-m",
                    "gunicorn",
                    "config.wsgi",
                    "--config",
                    "gunicorn.conf.py",
                    "--workers",
                    str(args.workers),
                    "--bind",
                    f"127.0.0.1:{port}",
                    "--timeout",
                    "300",
                    "--access-logfile",
                    "-",
                ],
                cwd=BASE_DIR,
                # production settings plus the trivial view for the saturating runs
                env={
                    **env,
                    "LOG_LEVEL": "WARNING",
                    "DJANGO_SETTINGS_MODULE": "tests.bench.settings_load",
                },
                stdout=handle,
                stderr=subprocess.STDOUT,
                start_new_session=True,
            )
        celery = start_worker({**env, "LOG_LEVEL": "WARNING"}, "celery", work / "celery.log")
        _wait_for(f"{host}/gezondheid/", gunicorn)
        web = RssSampler(gunicorn.pid).start()
        workers = RssSampler(celery.pid).start()
        say(f"locust: {args.users} users, {args.seconds} s against {host}")
        _locust(env, host, plan_path, log_path, work / "locust.log", args.users, args.seconds,
                args.spawn_rate)  # fmt: skip
        saturation = {}
        if args.saturation_seconds:
            for phase, classes in SATURATION_PHASES.items():
                phase_log = work / f"requests-{phase}.jsonl"
                phase_log.write_text("", encoding="utf-8")
                waited = _wait_idle(f"{host}/gezondheid/", args.workers)
                if waited >= 1:
                    say(f"  {waited} s gewacht tot gunicorn vrij was")
                say(
                    f"locust {phase}: {args.saturation_users} users without think time, "
                    f"{args.saturation_seconds} s"
                )
                _locust(env, host, plan_path, phase_log, work / f"locust-{phase}.log",
                        args.saturation_users, args.saturation_seconds,
                        max(args.spawn_rate, args.saturation_users), classes=classes,
                        think=False)  # fmt: skip
                saturation[phase] = statistics(phase_log, args.saturation_seconds)
        web.stop()
        workers.stop()
        load_average = ", ".join(f"{x:.1f}" for x in os.getloadavg())
    finally:
        _stop(gunicorn)
        if celery is not None:
            stop_worker(celery)
    stats = statistics(log_path, args.seconds)
    result = {
        "started": started,
        "database": database,
        "clients": plan["clients"],
        "users": args.users,
        "spawn_rate": args.spawn_rate,
        "seconds": args.seconds,
        "gunicorn_workers": args.workers,
        "cpus": os.cpu_count(),
        "locust": metadata.version("locust"),  # importing locust would monkey-patch threads
        "load_average": load_average,
        "stats": stats,
        "saturation_users": args.saturation_users,
        "saturation_seconds": args.saturation_seconds,
        "saturation": saturation,
        "capacity": capacity(saturation),
        "memory": {"gunicorn": web.summary(), "celery": workers.summary()},
    }
    (out / "load.json").write_text(json.dumps(result, indent=2) + "\n", encoding="utf-8")
    (out / "load.md").write_text(markdown(result), encoding="utf-8")
    say(
        f"klaar: {out / 'load.md'}: {stats['requests']} requests, "
        f"{stats['requests_per_second']}/s, {stats['errors']} errors"
    )
    cap = result["capacity"]
    if cap:
        say(
            f"capaciteit: mix {cap['mix_requests_per_second']}/s, triviaal "
            f"{cap['trivial_requests_per_second']}/s, verhouding {cap['ratio']}, "
            f"{cap['errors']} errors"
        )
    errors = stats["errors"] + sum(run["errors"] for run in saturation.values())
    return 1 if args.strict and errors else 0


if __name__ == "__main__":
    sys.exit(main())
