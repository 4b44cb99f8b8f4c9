"""The benchmark's reports: results.json (everything measured) and results.md (the table, the
targets with PASS or MISSED and, for a miss, where the time goes)."""

from __future__ import annotations

import json
from pathlib import Path

FLOOR_FACTOR = 1.5
SEED_SECONDS = 600
PDF_MS = 2000
QUARTERLY_SECONDS = 180
MDS_SECONDS = 120  # the national minimale-dataset export, one process (decision 0025)
AANLEVERING_SECONDS = 5  # one provider batch of 1,000 records, and its redelivery
WEB_RSS_MB = 300

# What an analysis of a miss found, beyond the split above (shown in results.md next to it).
KNOWN_REASONS: dict[str, str] = {
    "wachtlijst: median < 150 ms": (
        "Measured per part on an idle machine (2026-11-23): the template 49 ms for 100 rows, "
        "the weekly trend 26 ms, the counts and percentiles 19 ms, started-within 12 ms, the "
        "access-log rows of the 100 clients shown 17 ms, the page of 100 with its clock about "
        "25 ms. The counts and started-within spend two thirds of their time in Django "
        "compiling the clock expression, which the ORM repeats inside every FILTER; "
        "PostgreSQL runs them in 5 ms. Next: the figures at the top in one hand-written "
        "statement, and the trend from stored daily counts. A page of 50 rows would also meet "
        "the target, but shows the coordinator less; not done. Since issue #17 the counts "
        "and started-within compile the clock once and aggregate over it in SQL; the trend "
        "stays computed live, not from the stored daily counts "
        "(docs/decisions/0023-bench-profiling.md)."
    ),
}


AANLEVERING_WHY = (
    "Why a new batch takes longer than 5 s (cProfile and the queries of a 400-record batch, "
    "2026-12-03): a delivered record is written through the same inner service functions as "
    "a page (decision 0022), one record at a time in its own savepoint, and those cost some "
    "30 to 100 ms per record here: each save runs `full_clean()` (a query per foreign key to "
    "check it exists, the unique and check constraints as queries), writes its history row "
    "and an access-log row, and a traject also locks the aanmelding and the casemanager, "
    "counts the caseload, logs the first contact and takes the client into care (about 100 "
    "ms for a traject with its first contact, two thirds of a new batch). "
    "`casemanagement/services/_common.py: _save` alone was half of the time. The delivery's "
    "own part (looking up the bron_ids) was made cheaper: one query for the whole batch "
    "instead of one per record, and a mapping read with only its own record, which halved a "
    "redelivery. Meeting 5 s for new records would need the services to write a batch at "
    "once (bulk inserts with the same checks, history and access-log rows), a change to the "
    "services every page uses, not made here."
)


WHY_ABOVE_FLOOR = (
    "Why pages stay above 1.5 x the floor: the floor is the database's share (the page's "
    "statements replayed raw) plus the fixed cost of a request (the trivial view). What a page "
    "adds on top is Django's own work per row: the ORM compiling the queries and building model "
    "instances, and the template rendering every row (100 waiting clients with their clock and "
    "status, 40 clients with their due measurements and a quick-contact form each). That work "
    "is proportional to what the page shows, not to the size of the country: the query count "
    "stays fixed and every query uses an index (casemanagement 0002). Making it cheaper means "
    "rendering less per request (paging further, fragments loaded on demand), a trade-off for "
    "the users rather than a database design fix. CPU contention multiplies this Python time "
    "more than the database time: compare the load averages above."
)


# Column headers of the profile table (tests.bench.profiling.BUCKETS has the long labels).
SHORT = {
    "database": "database",
    "orm_compile": "ORM compile",
    "orm_rows": "ORM rows",
    "orm_build": "ORM build",
    "template": "template",
    "middleware": "middleware",
    "rest": "rest",
}


def _check(name: str, value, target, ok: bool, unit: str, reason: str = "") -> dict:
    return {
        "name": name,
        "value": value,
        "target": target,
        "unit": unit,
        "status": "PASS" if ok else "MISSED",
        "reason": "" if ok else ". ".join(filter(None, [reason, KNOWN_REASONS.get(name)])),
    }


def _page_reason(page: dict) -> str:
    rest = round(page["median_ms"] - page["floor_ms"], 1)
    reason = (
        f"{page['median_ms']} ms = floor {page['floor_ms']} ms (trivial {page['trivial_ms']} + "
        f"SQL {page['bare_sql']['median_ms']}) + {rest} ms ORM, Python and template; "
        f"{page['queries']} queries taking {page['db_ms']} ms in the database"
    )
    split = _largest_buckets(page)
    return f"{reason}; profiled: {split}" if split else reason


def _largest_buckets(page: dict, count: int = 3) -> str:
    """The largest Python buckets of the page's profile, e.g. "template 12.1 ms, ORM compile
    8.0 ms, ORM rows 5.2 ms"."""
    profile = (page.get("profile") or {}).get("buckets")
    if not profile:
        return ""
    python = sorted(((ms, b) for b, ms in profile["ms"].items() if b != "database"), reverse=True)[
        :count
    ]
    return ", ".join(f"{SHORT[b]} {ms:.1f} ms" for ms, b in python)


def evaluate(results: dict) -> list[dict]:
    targets = []
    for page in results["pages"]:
        limit = round(FLOOR_FACTOR * page["floor_ms"], 1)
        targets.append(
            _check(
                f"{page['key']}: median <= 1.5 x (trivial + bare SQL)",
                page["median_ms"],
                limit,
                page["median_ms"] <= limit,
                "ms",
                _page_reason(page),
            )
        )
        if page["target_ms"] is not None:
            targets.append(
                _check(
                    f"{page['key']}: median < {page['target_ms']:g} ms",
                    page["median_ms"],
                    page["target_ms"],
                    page["median_ms"] < page["target_ms"],
                    "ms",
                    _page_reason(page),
                )
            )
    pdf = results.get("pdf")
    if pdf:
        value = pdf["rapport_concept"]["median_ms"]
        targets.append(
            _check(
                "PDF of the largest network < 2 s",
                value,
                PDF_MS,
                value < PDF_MS,
                "ms",
                f"snapshot {pdf['snapshot']['median_ms']} ms + "
                f"render {pdf['render']['median_ms']} ms",
            )
        )
    mds = results.get("mds")
    if mds:
        targets.append(
            _check(
                f"minimale-dataset export of all {mds['netwerken']} networks < 2 min, "
                "agreeing with the reports",
                mds["seconds"],
                MDS_SECONDS,
                mds["seconds"] < MDS_SECONDS and mds["agrees"],
                "s",
                "" if mds["agrees"] else f"in zorg {mds['in_zorg']} != {mds['in_zorg_rapporten']}",
            )
        )
    quarterly = results.get("quarterly")
    if quarterly:
        ok = quarterly["seconds"] < QUARTERLY_SECONDS and quarterly["failed"] == 0
        targets.append(
            _check(
                f"quarterly reports of all {quarterly['networks']} networks < 3 min "
                "(2 worker processes)",
                quarterly["seconds"],
                QUARTERLY_SECONDS,
                ok,
                "s",
                f"{quarterly['failed']} failed" if quarterly["failed"] else "",
            )
        )
    targets += _aanlevering_targets(results.get("aanlevering"))
    rss = results["memory"]["web_process_peak_rss_mb"]
    if rss is not None:
        targets.append(
            _check("web process resident memory < 300 MB", rss, WEB_RSS_MB, rss < WEB_RSS_MB, "MB")
        )
    seed = results.get("seed")
    if seed:
        targets.append(
            _check(
                f"seed_demo --scale {seed['schaal']} <= 10 min",
                seed["wall_seconds"],
                SEED_SECONDS,
                seed["wall_seconds"] <= SEED_SECONDS,
                "s",
            )
        )
    return targets


# Why a delivery misses its target (decision 0023): said beside the figure.
AANLEVERING_WAAROM = (
    "every record goes on its own through the services the pages use (full_clean with a "
    "query per foreign key and constraint, a history row, an access-log row; a traject with "
    "its first contact about 100 ms), as the same data typed; writing a batch at once with "
    "the same checks is not built"
)


def _aanlevering_targets(aanlevering: dict | None) -> list[dict]:
    if not aanlevering:
        return []
    records = sum(aanlevering["records"].values())
    return [
        _check(
            f"provider delivery of {records:,} records {what} < {AANLEVERING_SECONDS} s",
            aanlevering[key],
            AANLEVERING_SECONDS,
            aanlevering[key] < AANLEVERING_SECONDS,
            "s",
            aanlevering.get("reason") or AANLEVERING_WAAROM,
        )
        for what, key in (("(new)", "eerste_seconds"), ("redelivered unchanged", "opnieuw_seconds"))
    ]


# Which parts of results.json each section of a run fills (memory: its keys).
SECTION_KEYS = {
    "pages": ("trivial", "pages"),
    "pdf": ("pdf",),
    "mds": ("mds",),
    "aanlevering": ("aanlevering",),
    "quarterly": ("quarterly",),
}
SECTION_MEMORY = {
    "pages": ("web_process_peak_rss_mb", "web_process_note"),
    "quarterly": ("worker",),
}


def merge_previous(out: Path, results: dict, measured: tuple[str, ...]) -> None:
    """A run of some sections (``--only``) into a folder with an earlier results.json keeps
    that file's other sections, and ``meta.sections`` says for each section when and at
    which commit it was measured (an earlier file without it: its own run, for all)."""
    meta = results["meta"]
    this_run = {"started": meta["started"], "git_commit": meta["git_commit"]}
    meta["sections"] = dict.fromkeys(measured, this_run)
    path = out / "results.json"
    if not path.exists():
        return
    previous = json.loads(path.read_text(encoding="utf-8"))
    if previous["meta"].get("scale") != meta["scale"]:
        return
    earlier = previous["meta"].get("sections") or {
        section: {k: previous["meta"].get(k) for k in ("started", "git_commit")}
        for section, keys in SECTION_KEYS.items()
        if any(previous.get(key) for key in keys)
    }
    for section, when in earlier.items():
        if section in measured:
            continue
        meta["sections"][section] = when
        for key in SECTION_KEYS[section]:
            results[key] = previous.get(key)
        for key in SECTION_MEMORY.get(section, ()):
            results["memory"][key] = previous.get("memory", {}).get(key)
        if section == "pages":
            for key in ("requests_per_page", "warmup", "profile_requests"):
                meta[key] = previous["meta"].get(key)


def write(out: Path, results: dict, measured: tuple[str, ...] | None = None) -> None:
    """results.json and results.md; ``measured``: the sections of a partial run (--only),
    merged into the folder's earlier results (merge_previous)."""
    if measured is not None:
        merge_previous(out, results, measured)
    results["targets"] = evaluate(results)
    out.mkdir(parents=True, exist_ok=True)
    (out / "results.json").write_text(
        json.dumps(results, indent=2, ensure_ascii=False) + "\n", encoding="utf-8"
    )
    (out / "results.md").write_text(markdown(results), encoding="utf-8")


def _load(values) -> str:
    return "/".join(f"{v:.1f}" for v in values or [])


def _n(value) -> str:
    if value is None:
        return "–"
    if isinstance(value, float):
        return f"{value:,.1f}"
    if isinstance(value, int):
        return f"{value:,}"
    return str(value)


def _profile_section(results: dict) -> list[str]:
    from .profiling import BUCKETS

    profiled = [p for p in results["pages"] if p.get("profile")]
    if not profiled:
        return []
    n = profiled[0]["profile"]["buckets"]["n"]
    lines = [
        "",
        "### Where the time goes",
        "",
        f"{n} more requests per page after the timed ones, each split by stack into exclusive "
        "buckets (the innermost open one counts: a query a template evaluates is compile, "
        "rows and database, not template); ms per request (tests.bench.profiling, "
        "docs/decisions/0023-bench-profiling.md). "
        + "; ".join(f"{SHORT[b]}: {label}" for b, label in BUCKETS.items())
        + ". Python = all but database. The trivial view's own split is the first row: its "
        "middleware and rest are in every page.",
        "",
        "| page | profiled ms | "
        + " | ".join(SHORT[b] for b in BUCKETS)
        + " | Python ms | Python / floor |",
        "|---|---:|" + "---:|" * len(BUCKETS) + "---:|---:|",
    ]
    rows = [
        (f"trivial ({role})", t["profile"]["buckets"], None)
        for role, t in sorted(results["trivial"].items())
        if t.get("profile")
    ][:1]
    rows += [(p["key"], p["profile"]["buckets"], p["floor_ms"]) for p in profiled]
    for name, b, floor in rows:
        share = _n(round(b["python_ms"] / floor, 2)) if floor else "–"
        lines.append(
            f"| {name} | {_n(b['total_ms'])} | "
            + " | ".join(_n(b["ms"][k]) for k in BUCKETS)
            + f" | {_n(b['python_ms'])} | {share} |"
        )
    lines += [
        "",
        "cProfile, over as many other requests (its own overhead inflates these times; read "
        "them as proportions): the functions with the most own time per request.",
        "",
    ]
    for p in profiled:
        top = p["profile"]["cprofile"]["top"][:5]
        lines.append(
            f"- **{p['key']}** ({_n(p['profile']['cprofile']['total_ms_under_cprofile'])} ms "
            "under cProfile): "
            + "; ".join(
                f"`{t['function']}` {t['own_ms']:.2f} ms ({t['bucket']}, {t['calls']}x)"
                for t in top
            )
        )
    return lines


def _mds_section(mds: dict | None) -> list[str]:
    if not mds:
        return []
    steps = mds.get("steps_seconds")
    split = (
        " (" + ", ".join(f"{_MDS_STEPS.get(k, k)} {_n(v)} s" for k, v in steps.items()) + ")"
        if steps
        else ""
    )
    return [
        "",
        "## Minimale dataset",
        "",
        f"The national export ({mds['periode']}, {mds['netwerken']} networks, "
        f"`services.mds_export_maken` in one process): {_n(mds['trajecten'])} trajecten in "
        f"{_n(mds['seconds'])} s{split}; CSV {mds['mb']['csv']} MB, "
        f"XLSX {mds['mb']['xlsx'] or 'not made'} MB, "
        f"JSON {mds['mb']['json']} MB. In zorg op de peildatum {_n(mds['in_zorg'])}, the sum "
        f"of the networks' reports {_n(mds['in_zorg_rapporten'])}.",
    ]


_MDS_STEPS = {"rijen": "the rows", "csv": "CSV", "json": "JSON", "xlsx": "XLSX"}


def _aanlevering_section(aanlevering: dict | None) -> list[str]:
    if not aanlevering:
        return []
    records = ", ".join(f"{_n(n)} {soort}" for soort, n in aanlevering["records"].items())
    lines = [
        "",
        "## Provider delivery",
        "",
        f"One batch ({records}) applied with `aanlevering_via_sleutel` as "
        f"{aanlevering['organisatie']} into {aanlevering['netwerk']} (its "
        f"{aanlevering['casemanagers']} active casemanagers), the key issued and checked as the "
        "API does, then the same batch again: "
        f"new {_n(aanlevering['eerste_seconds'])} s, redelivered unchanged (every record "
        f"'ongewijzigd') {_n(aanlevering['opnieuw_seconds'])} s, medians of "
        f"{aanlevering['runs']} runs (new {aanlevering['eerste_all']}, again "
        f"{aanlevering['opnieuw_all']} s); goal < {_n(aanlevering['target_seconds'])} s each. "
        "Each run is rolled back at its end (the access log is append-only), so the national "
        "data stays as seeded; the final commit is not in the figure, and "
        f"{aanlevering['on_commit_callbacks']} callbacks waited for it.",
    ]
    split = aanlevering.get("split_seconds")
    if split:
        lines += [
            "",
            "Seconds per record type (the run with the median first delivery; rest: reading "
            "and checking the records, the receipt, the access log):",
            "",
            "| delivery | " + " | ".join(split["eerste"]) + " |",
            "|---|" + "---:|" * len(split["eerste"]),
        ]
        for welke, naam in (("eerste", "new"), ("opnieuw", "redelivered")):
            lines.append(f"| {naam} | " + " | ".join(_n(v) for v in split[welke].values()) + " |")
    if aanlevering["eerste_seconds"] >= aanlevering["target_seconds"]:
        lines += ["", AANLEVERING_WHY]
    return lines


def _sections_line(meta: dict) -> list[str]:
    """Which sections this file's figures come from, when a run measured only some."""
    sections = meta.get("sections")
    if not sections:
        return []
    runs: dict[tuple, list[str]] = {}
    for section, when in sections.items():
        runs.setdefault((when.get("started"), when.get("git_commit")), []).append(section)
    parts = [
        f"{', '.join(names)} measured {started} (commit `{commit or '?'}`)"
        for (started, commit), names in sorted(runs.items(), key=lambda item: item[0][0] or "")
    ]
    return [
        "",
        "Sections of this file from different runs (`python -m tests.bench.run --only ...` "
        "keeps the sections it does not measure): " + "; ".join(parts) + ". The header above "
        "and the data counts are those of the latest run.",
    ]


def _pages_section(results: dict) -> list[str]:
    if not results["pages"]:
        return []
    meta = results["meta"]
    lines = [
        "",
        f"## Pages and API endpoints ({meta['requests_per_page']} requests each after "
        f"{meta['warmup']} warm-up requests)",
        "",
        "Server time in-process (Django test client through all middleware; no network). "
        "Floor = trivial view (same middleware, same user) + the page's bare SQL replayed with "
        "a cursor; ratio = median / floor (goal <= 1.5).",
        "",
        "| page | as | median ms | p95 ms | queries | DB ms | bare SQL ms | trivial ms "
        "| floor ms | ratio |",
        "|---|---|---:|---:|---:|---:|---:|---:|---:|---:|",
    ]
    for p in results["pages"]:
        lines.append(
            f"| {p['title']} (`{p['method']} {p['url']}`) | {p['role']} | {_n(p['median_ms'])} | "
            f"{_n(p['p95_ms'])} | {p['queries']} | {_n(p['db_ms'])} | "
            f"{_n(p['bare_sql']['median_ms'])} | {_n(p['trivial_ms'])} | {_n(p['floor_ms'])} | "
            f"{_n(p['ratio'])} |"
        )
    lines += _profile_section(results)
    lines += ["", "Bare SQL per page (the statements the page's selectors run, replayed raw):", ""]
    for p in results["pages"]:
        lines.append(
            f"- **{p['key']}** ({p['bare_sql']['statements']} statements): {p['bare_sql']['what']}"
        )
    return lines


def markdown(results: dict) -> str:
    meta = results["meta"]
    machine = meta["machine"]
    lines = [
        f"# Benchmark ({meta['database']}, scale {meta['scale']})",
        "",
        f"Run {meta['started']} on {meta['database']} (scale {meta['scale']}), commit "
        f"`{meta['git_commit'] or '?'}`, {machine['cpus']} CPUs, {machine['memory_gb']} GB, "
        f"PostgreSQL {machine['postgresql']} with default settings "
        f"({', '.join(f'{k} {v}' for k, v in machine['postgresql_settings'].items())}), "
        f"Python {machine['python']}, Django {machine['django']}, `{meta['settings']}` "
        "(DEBUG off). Produced by `make bench` (`python -m tests.bench.run`); raw figures in "
        "[results.json](results.json).",
        "",
        "Load average of the machine (1, 5, 15 min) at the start "
        f"{_load(machine.get('load_average_start'))} and at the end "
        f"{_load(machine.get('load_average_end'))}: other work shared the CPUs with this run "
        "and slows every figure by about that much."
        if machine.get("load_average_start")
        else "",
        "",
        "Data: "
        + ", ".join(f"{_n(v)} {k.replace('_', ' ')}" for k, v in meta["counts"].items())
        + ".",
        *_sections_line(meta),
        "",
        "## Targets",
        "",
        "| target | measured | goal | result |",
        "|---|---:|---:|---|",
    ]
    for t in results["targets"]:
        result = t["status"] if t["status"] == "PASS" else f"**MISSED**: {t['reason']}"
        lines.append(
            f"| {t['name']} | {_n(t['value'])} {t['unit']} | {_n(t['target'])} {t['unit']} "
            f"| {result} |"
        )
    missed_pages = [t for t in results["targets"] if t["status"] != "PASS" and "1.5 x" in t["name"]]
    if missed_pages:
        lines += ["", WHY_ABOVE_FLOOR]
    lines += _pages_section(results)
    pdf = results.get("pdf")
    if pdf:
        lines += [
            "",
            "## PDF report of the largest network",
            "",
            f"{pdf['netwerk']}, {pdf['periode']}: `rapportage.services.rapport_concept` "
            f"(snapshot, render, store) median {_n(pdf['rapport_concept']['median_ms'])} ms, "
            f"p95 {_n(pdf['rapport_concept']['p95_ms'])} ms over {pdf['rapport_concept']['n']} "
            f"runs; of which snapshot {_n(pdf['snapshot']['median_ms'])} ms and WeasyPrint "
            f"{_n(pdf['render']['median_ms'])} ms; {pdf['pages'] or '?'} pages, "
            f"{pdf['pdf_kb']} kB.",
        ]
    lines += _mds_section(results.get("mds"))
    lines += _aanlevering_section(results.get("aanlevering"))
    quarterly = results.get("quarterly")
    if quarterly:
        memory = quarterly["memory"]
        lines += [
            "",
            "## Quarterly generation",
            "",
            f"`rapport_genereren` for {quarterly['networks']} networks ({quarterly['periode']}), "
            f"one Celery worker with {quarterly['worker_processes']} processes: "
            f"{quarterly['finished']} finished, {quarterly['failed']} failed, in "
            f"{_n(quarterly['seconds'])} s (about {_n(quarterly['per_report_ms_average'])} ms per "
            f"report per process). Worker memory: main process {memory['root_peak_mb']} MB, "
            f"worker processes peak {', '.join(str(m) for m in memory['child_peak_mb'])} MB.",
        ]
    lines += [
        "",
        "## Memory",
        "",
        f"Web: the benchmark process serving the pages peaked at "
        f"{results['memory']['web_process_peak_rss_mb']} MB resident "
        f"({results['memory']['web_process_note']}). The gunicorn workers of the load test: "
        "see [load.md](load.md).",
    ]
    seed = results.get("seed")
    if seed:
        lines += [
            "",
            "## Seeding",
            "",
            f"`python manage.py seed_demo --scale {seed['schaal']}` on this machine "
            f"({seed.get('cpu_count')} CPUs, {seed.get('seeded_at')}): "
            f"{_n(seed['wall_seconds'])} s "
            "in total (including Django's start), of which:",
            "",
            "| step | s |",
            "|---|---:|",
        ]
        lines += [f"| {stap} | {_n(s)} |" for stap, s in seed["tijden"].items()]
        lines += [
            "",
            "Rows: " + ", ".join(f"{_n(v)} {k}" for k, v in seed["aantallen"].items()) + ".",
        ]
    return "\n".join(lines) + "\n"
