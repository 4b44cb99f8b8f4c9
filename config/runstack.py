"""`make run`: migrate, seed the demo data, then run web + Celery worker + Celery beat.

    python -m config.runstack [--host 127.0.0.1] [--port 8000]

All three run as child processes with the same environment; Ctrl-C (or SIGTERM) stops
them all. When one of them dies, the others are stopped too, so nothing is left behind.

`migrate` connects as the owner of the tables when DATABASE_OWNER_URL is set (`make run`
sets it, see config.embedded --app-role); the demo seeding and all three processes use
DATABASE_URL, the restricted application role (docs/decisions/0006-database-roles.md).
"""

from __future__ import annotations

import argparse
import os
import signal
import subprocess
import sys
import time
from pathlib import Path

BASE_DIR = Path(__file__).resolve().parent.parent
PYTHON = sys.executable


def _run(*args: str) -> str:
    result = subprocess.run(  # noqa: S603
        [PYTHON, "manage.py", *args], cwd=BASE_DIR, capture_output=True, text=True
    )
    if result.returncode:
        sys.stderr.write(result.stdout + result.stderr)
        raise SystemExit(f"manage.py {' '.join(args)} is mislukt (code {result.returncode}).")
    return result.stdout


def _commands(host: str, port: str, data_dir: Path) -> dict[str, list[str]]:
    """The processes of the stack: web server, Celery worker and beat."""
    celery = [PYTHON, "-m", "celery", "-A", "config"]
    return {
        "web": [PYTHON, "manage.py", "runserver", f"{host}:{port}", "--noreload"],
        "worker": [*celery, "worker", "--loglevel", "INFO", "--concurrency", "2"],
        "beat": [
            *celery,
            "beat",
            "--loglevel",
            "INFO",
            "--schedule",
            str(data_dir / "celerybeat-schedule"),
        ],
    }


def main(argv: list[str]) -> int:
    parser = argparse.ArgumentParser(description=__doc__)
    parser.add_argument("--host", default="127.0.0.1")
    parser.add_argument("--port", default="8000")
    args = parser.parse_args(argv)

    os.environ.setdefault("DJANGO_SETTINGS_MODULE", "config.settings.local")
    data_dir = BASE_DIR / ".data"
    data_dir.mkdir(exist_ok=True)

    sys.stdout.write("Database bijwerken en demogegevens laden...\n")
    sys.stdout.flush()
    _run("migrate", "--no-input")
    seed_output = _run("seed_demo")

    children = {
        name: subprocess.Popen(command, cwd=BASE_DIR)  # noqa: S603
        for name, command in _commands(args.host, args.port, data_dir).items()
    }
    time.sleep(3)  # let the children print their start-up lines before the banner
    url = f"http://{args.host}:{args.port}/"
    banner = f"Dementienetwerk draait op {url}  (stoppen: Ctrl-C)"
    sys.stdout.write(f"\n{'=' * len(banner)}\n{banner}\n\n{seed_output}{'=' * len(banner)}\n\n")
    sys.stdout.flush()

    stopping = False

    def stop(*_args) -> None:
        nonlocal stopping
        stopping = True

    signal.signal(signal.SIGINT, stop)
    signal.signal(signal.SIGTERM, stop)
    exit_code = 0
    while not stopping:
        for name, child in children.items():
            if child.poll() is not None:
                sys.stderr.write(f"{name} is gestopt (code {child.returncode}); alles stopt.\n")
                exit_code = child.returncode or 1
                stopping = True
        time.sleep(0.5)
    for child in children.values():
        if child.poll() is None:
            child.terminate()
    for child in children.values():
        try:
            child.wait(timeout=20)
        except subprocess.TimeoutExpired:
            child.kill()
    return exit_code


if __name__ == "__main__":
    sys.exit(main(sys.argv[1:]))
