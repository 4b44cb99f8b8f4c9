"""The benchmark's own database and environment: a separate database per scale on the same
PostgreSQL server as DATABASE_URL (the embedded one of `make run`, or CI's), migrated,
seeded with `seed_demo --scale` when the data is not there yet, and production settings
(DEBUG off, static files collected) for every process the benchmark and the load test run.
"""

from __future__ import annotations

import json
import os
import secrets
import subprocess
import sys
import time
from pathlib import Path
from urllib.parse import urlsplit, urlunsplit

BASE_DIR = Path(__file__).resolve().parent.parent.parent
PYTHON = sys.executable
# The key of config.settings.local: data seeded by `manage.py` on a laptop is encrypted with
# it, so every process of the benchmark uses the same one (unless FIELD_ENCRYPTION_KEY is set).
LOCAL_FIELD_ENCRYPTION_KEY = "ZGV2ZWxvcG1lbnQtb25seS1rZXktbm90LXNlY3JldCE="
DATABASES = {"national": "dementienetwerk_national", "klein": "dementienetwerk_klein"}


def say(text: str) -> None:
    sys.stdout.write(text + "\n")
    sys.stdout.flush()


def database_url(base_url: str, name: str) -> str:
    """DATABASE_URL with another database name (host, socket folder and user kept)."""
    parts = urlsplit(base_url)
    return urlunsplit((parts.scheme, parts.netloc, f"/{name}", parts.query, parts.fragment))


def _conninfo(url: str) -> str:
    return "postgresql" + url[url.index(":") :] if url.startswith("postgres:") else url


def ensure_database(url: str) -> bool:
    """Create the database when it does not exist; True when it was created."""
    import psycopg

    name = urlsplit(url).path.lstrip("/")
    with psycopg.connect(_conninfo(database_url(url, "postgres")), autocommit=True) as conn:
        exists = conn.execute("SELECT 1 FROM pg_database WHERE datname = %s", [name]).fetchone()
        if exists:
            return False
        conn.execute(f'CREATE DATABASE "{name}"')
        return True


def production_env(database: str) -> dict[str, str]:
    """The environment of every process the benchmark starts: production settings on the
    benchmark's database, plain HTTP on 127.0.0.1."""
    base = os.environ.get("DATABASE_URL")
    redis = os.environ.get("REDIS_URL")
    if not base or not redis:
        raise SystemExit(
            "DATABASE_URL en REDIS_URL ontbreken: start via `make bench` / `make load` "
            "(python -m config.embedded -- ...) of zet ze zelf."
        )
    return {
        **os.environ,
        "DJANGO_SETTINGS_MODULE": "config.settings.production",
        "DATABASE_URL": database_url(base, database),
        "REDIS_URL": redis,
        "SECRET_KEY": os.environ.get("BENCH_SECRET_KEY") or secrets.token_urlsafe(50),
        "FIELD_ENCRYPTION_KEY": os.environ.get("FIELD_ENCRYPTION_KEY", LOCAL_FIELD_ENCRYPTION_KEY),
        "ALLOWED_HOSTS": "127.0.0.1,localhost,testserver",
        "SECURE_SSL_REDIRECT": "false",
        "SESSION_COOKIE_SECURE": "false",
        "CSRF_COOKIE_SECURE": "false",
        "SECURE_HSTS_SECONDS": "0",
        "CACHE_KEY_PREFIX": f"dn-bench-{database}",
        "LOG_LEVEL": os.environ.get("LOG_LEVEL", "WARNING"),
        "PYTHONUNBUFFERED": "1",
    }


def manage(env: dict[str, str], *args: str, log: Path | None = None) -> None:
    """Run manage.py with the environment; its output goes to ``log`` (or is shown)."""
    with open(log, "a", encoding="utf-8") if log else open(os.devnull, "w") as handle:
        result = subprocess.run(
            [PYTHON, "manage.py", *args],
            cwd=BASE_DIR,
            env=env,
            stdout=handle if log else None,
            stderr=subprocess.STDOUT if log else None,
        )
    if result.returncode:
        hint = f" (zie {log})" if log else ""
        raise SystemExit(f"manage.py {' '.join(args)} is mislukt{hint}.")


def _static_outdated() -> bool:
    """True when the collected static files (their manifest) are missing or older than a file
    of the project's static folder (the packages' own static files change only on install)."""
    manifest = BASE_DIR / "staticfiles" / "staticfiles.json"
    if not manifest.exists():
        return True
    collected = manifest.stat().st_mtime
    return any(
        path.stat().st_mtime > collected
        for path in (BASE_DIR / "static").rglob("*")
        if path.is_file()
    )


def prepare(scale: str, database: str, out: Path, *, seed: bool = True) -> dict[str, str]:
    """Database created and migrated, the scale's data present (seeded when missing, the
    seeding timed into ``out/seed.json``), static files collected. Returns the environment."""
    out.mkdir(parents=True, exist_ok=True)
    env = production_env(database)
    (out / "tmp").mkdir(exist_ok=True)  # logs, not committed (.gitignore: /bench/tmp/)
    log = out / "tmp" / "prepare.log"
    log.write_text("", encoding="utf-8")
    ensure_database(env["DATABASE_URL"])
    say(f"database {database}: migrate")
    manage(env, "migrate", "--no-input", "-v0", log=log)
    # before seeding: the seed renders PDFs, and production settings name the collected files
    if _static_outdated():
        say("collectstatic")
        manage(env, "collectstatic", "--no-input", "-v0", log=log)
    if seed:
        say(f"database {database}: seed_demo --scale {scale} (only when the data is missing)")
        tijden = out / "seed-tijden.json"
        tijden.unlink(missing_ok=True)
        begin = time.monotonic()
        manage(env, "seed_demo", "--scale", scale, "--tijden", str(tijden), log=log)
        if tijden.exists():
            verslag = json.loads(tijden.read_text(encoding="utf-8"))
            verslag["wall_seconds"] = round(time.monotonic() - begin, 1)
            verslag["cpu_count"] = os.cpu_count()
            verslag["seeded_at"] = time.strftime("%Y-%m-%d %H:%M")
            (out / "seed.json").write_text(json.dumps(verslag, indent=2), encoding="utf-8")
            tijden.unlink()
    return env
