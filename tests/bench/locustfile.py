"""Locust users for `make load` (tests.bench.load starts this headless against gunicorn).

A working day's mix on the national data: casemanagers open Mijn cliënten and their clients
and log contacts with the quick form; coordinators look at their waitlist, the assignment
list and their dashboard; insurers open the download page and download an adopted report.
Every simulated user logs in through the real login form (with its CSRF token) as its own
demo account; beheerders are left out (they need a second factor).

The accounts and ids come from the plan tests.bench.load writes (BENCH_LOAD_PLAN); every
request is appended to BENCH_LOAD_LOG as a JSON line, so the runner can compute its own
percentiles per request type, over the whole run and after the last login.

BENCH_LOAD_THINK=0 takes the think time away (the saturating runs: every user sends its next
request as soon as the last one is answered) and uses the logged-in session the plan holds
for the account instead of the login form (the login page is still fetched, for the CSRF
cookie). ``Trivial`` is not part of the working day's
mix: tests.bench.load names it alone on the command line for the trivial page's run (a
casemanager logged in the same way, requesting tests.bench.urls' trivial view; gunicorn then
runs tests.bench.settings_load, the production settings with that URL added).
"""

from __future__ import annotations

import datetime as dt
import itertools
import json
import os
import random
import re
import time
import uuid

from locust import HttpUser, between, constant, events, task

PLAN = json.loads(open(os.environ["BENCH_LOAD_PLAN"], encoding="utf-8").read())  # noqa: SIM115
LOG = open(os.environ["BENCH_LOAD_LOG"], "a", encoding="utf-8")  # noqa: SIM115
CSRF_FIELD = re.compile(r'name="csrfmiddlewaretoken" value="([^"]+)"')
SATURATING = os.environ.get("BENCH_LOAD_THINK", "1") == "0"
THINK = constant(0) if SATURATING else between(1, 3)
_accounts = {
    role: itertools.cycle(PLAN[role]) for role in ("casemanagers", "coordinators", "insurers")
}


@events.request.add_listener
def _record(request_type, name, response_time, response_length, exception, start_time=None, **_kw):
    LOG.write(
        json.dumps(
            {
                "t": start_time or time.time(),
                "type": request_type,
                "name": name,
                "ms": response_time,
                "error": None if exception is None else str(exception)[:200],
            }
        )
        + "\n"
    )


@events.test_stop.add_listener
def _flush(**_kw):
    LOG.flush()


class DemoUser(HttpUser):
    abstract = True
    wait_time = THINK
    role = ""

    def on_start(self) -> None:
        self.account = next(_accounts[self.role])
        page = self.client.get("/account/inloggen/", name="login (GET)")
        if SATURATING:
            # the session tests.bench.load made for this account (no PBKDF2 in a short run)
            self.client.cookies.set(PLAN["session_cookie"], self.account["session"])
            return
        token = CSRF_FIELD.search(page.text)
        with self.client.post(
            "/account/inloggen/",
            {
                "username": self.account["email"],
                "password": PLAN["password"],
                "csrfmiddlewaretoken": token.group(1) if token else "",
            },
            headers={"Referer": f"{self.host}/account/inloggen/"},
            name="login (POST)",
            allow_redirects=False,
            catch_response=True,
        ) as response:
            if response.status_code != 302:
                response.failure(f"login refused ({response.status_code})")

    def csrf_headers(self) -> dict[str, str]:
        return {"X-CSRFToken": self.client.cookies.get("csrftoken", ""), "HX-Request": "true"}


class Casemanager(DemoUser):
    weight = 7
    role = "casemanagers"

    @task(3)
    def mijn_clienten(self) -> None:
        self.client.get("/mijn-clienten/", name="/mijn-clienten/")

    @task(3)
    def client_openen(self) -> None:
        client = random.choice(self.account["clients"])
        self.client.get(f"/clienten/{client}/", name="/clienten/[id]/")

    @task(2)
    def contact_vastleggen(self) -> None:
        traject = random.choice(self.account["trajecten"])
        with self.client.post(
            f"/trajecten/{traject}/contact/",
            {
                "datum": dt.date.today().isoformat(),  # noqa: DTZ011 - the server's today
                "type": "telefonisch",
                "minuten": "15",
                "met_wie": "mantelzorger",
                # the form's hidden key (a repeated POST saves once): fresh for each contact
                "idempotentie_sleutel": str(uuid.uuid4()),
            },
            headers=self.csrf_headers(),
            name="/trajecten/[id]/contact/ (POST)",
            catch_response=True,
        ) as response:
            if response.status_code != 200 or "Vastgelegd" not in response.text:
                response.failure(f"contact not saved ({response.status_code})")


class Coordinator(DemoUser):
    weight = 2
    role = "coordinators"

    @task(3)
    def wachtlijst(self) -> None:
        self.client.get(
            f"/netwerken/{self.account['netwerk']}/wachtlijst/", name="/netwerken/[id]/wachtlijst/"
        )

    @task(2)
    def toewijzen(self) -> None:
        self.client.get("/toewijzen/", name="/toewijzen/")

    @task(1)
    def dashboard(self) -> None:
        self.client.get(f"/netwerken/{self.account['netwerk']}/", name="/netwerken/[id]/")


class Insurer(DemoUser):
    weight = 1
    role = "insurers"

    @task(1)
    def downloads(self) -> None:
        self.client.get("/rapporten/downloads/", name="/rapporten/downloads/")

    @task(2)
    def rapport_downloaden(self) -> None:
        rapport = random.choice(self.account["rapporten"])
        with self.client.get(
            f"/rapporten/{rapport}/pdf/", name="/rapporten/[id]/pdf/", catch_response=True
        ) as response:
            if response.status_code != 200 or not response.content.startswith(b"%PDF"):
                response.failure(f"no PDF ({response.status_code})")


class Trivial(DemoUser):
    """The floor of the saturating run: a logged-in casemanager on the trivial view (the same
    middleware as every page, no work of its own)."""

    weight = 1
    role = "casemanagers"

    @task
    def trivial(self) -> None:
        self.client.get("/bench/trivial/", name="/bench/trivial/")
