"""Where a page's server time goes, per bucket: the database, the ORM compiling SQL, the ORM
building rows, the ORM building querysets, the templates, the middleware, and the rest.

Two tools, both from the standard library (docs/decisions/0023-bench-profiling.md):

- ``Buckets``: the few functions that open a bucket (``SQLCompiler.as_sql``, the row
  iterables and ``Model.from_db``, ``Template.render``, the cursor's ``execute``, the
  handler's ``get_response`` around the view, ...) are wrapped for the profiled requests only,
  and a stack of open buckets charges every span of wall-clock time to the innermost one. The
  result is exclusive (template time does not include the queries a template evaluates) and
  adds up to the request's time. cProfile cannot do this: it keeps no stacks, only
  caller/callee pairs, so the time of ``as_sql`` called under ``Template.render`` cannot be
  taken out of the template's cumulative time; and its per-call overhead inflates the Python
  buckets against the database.
- ``top_functions``: cProfile over separate requests, the functions with the most own time
  (tottime), each with the bucket it falls in: where to look inside a bucket.

The timed requests (median, p95) never run with either: the wrappers are installed only
around the profiled requests and removed afterwards.
"""

from __future__ import annotations

import cProfile
import functools
import pstats
import time
from collections import defaultdict
from collections.abc import Callable, Iterator
from contextlib import contextmanager

# Buckets in report order, with the label results.md shows.
BUCKETS: dict[str, str] = {
    "database": "database (cursor.execute: driver + waiting on PostgreSQL)",
    "orm_compile": "ORM compile (SQLCompiler.as_sql)",
    "orm_rows": "ORM rows (ModelIterable / values iterables, Model.from_db, converters)",
    "orm_build": "ORM queryset building (Query.chain / add_q / add_annotation)",
    "template": "template rendering (Template.render, includes and tags)",
    "middleware": "middleware (get_response outside the view)",
    "rest": "rest (view, forms, selectors' own Python, test client)",
}

# A bucket that opens inside one of these stays in the outer one: building a queryset while
# compiling (subqueries are cloned by the compiler) is compiling.
_ABSORBED_BY = {"orm_build": {"orm_compile", "orm_rows", "database"}}


class Recorder:
    """A stack of open buckets; each span of time goes to the bucket on top."""

    def __init__(self) -> None:
        self.totals: dict[str, float] = defaultdict(float)
        self.stack: list[str] = []
        self.since = 0.0

    def push(self, bucket: str) -> None:
        now = time.perf_counter()
        if self.stack:
            top = self.stack[-1]
            self.totals[top] += now - self.since
            if top in _ABSORBED_BY.get(bucket, ()):
                bucket = top
        self.stack.append(bucket)
        self.since = now

    def pop(self) -> None:
        now = time.perf_counter()
        self.totals[self.stack.pop()] += now - self.since
        self.since = now


_recorder: Recorder | None = None


def _wrap(bucket: str, function: Callable) -> Callable:
    @functools.wraps(function)
    def wrapper(*args, **kwargs):
        recorder = _recorder
        if recorder is None:
            return function(*args, **kwargs)
        recorder.push(bucket)
        try:
            return function(*args, **kwargs)
        finally:
            recorder.pop()

    return wrapper


def _wrap_iter(bucket: str, function: Callable) -> Callable:
    """For ``__iter__`` generators: only the time inside each ``next`` (the consumer's time
    between two rows, a template's loop for instance, is the consumer's)."""

    @functools.wraps(function)
    def wrapper(self) -> Iterator:
        iterator = function(self)
        if _recorder is None:
            yield from iterator
            return
        while True:
            recorder = _recorder
            if recorder is None:
                yield from iterator
                return
            recorder.push(bucket)
            try:
                row = next(iterator)
            except StopIteration:
                return
            finally:
                recorder.pop()
            yield row

    return wrapper


def _targets() -> list[tuple[object, str, str, str]]:
    """(owner, attribute, bucket, kind) of every function that opens a bucket."""
    from django.core.handlers.base import BaseHandler
    from django.db.backends.postgresql import compiler as pg_compiler
    from django.db.backends.utils import CursorWrapper
    from django.db.models import Model, query
    from django.db.models.sql import compiler
    from django.db.models.sql.query import Query
    from django.template.base import Template

    targets: list[tuple[object, str, str, str]] = []
    for module in (compiler, pg_compiler):
        for value in vars(module).values():
            if (
                isinstance(value, type)
                and issubclass(value, compiler.SQLCompiler)
                and "as_sql" in vars(value)
            ):
                targets.append((value, "as_sql", "orm_compile", "call"))
    for iterable in (
        query.ModelIterable,
        query.RawModelIterable,
        query.ValuesIterable,
        query.ValuesListIterable,
        query.NamedValuesListIterable,
        query.FlatValuesListIterable,
    ):
        targets.append((iterable, "__iter__", "orm_rows", "iter"))
    targets += [
        (Model, "from_db", "orm_rows", "classmethod"),
        (query.RelatedPopulator, "populate", "orm_rows", "call"),
        (Query, "chain", "orm_build", "call"),
        (Query, "add_q", "orm_build", "call"),
        (Query, "add_annotation", "orm_build", "call"),
        (Template, "render", "template", "call"),
        (CursorWrapper, "execute", "database", "call"),
        (CursorWrapper, "executemany", "database", "call"),
        (BaseHandler, "get_response", "middleware", "call"),
        (BaseHandler, "make_view_atomic", "", "view"),
    ]
    return targets


def _view_wrapper(original: Callable) -> Callable:
    """make_view_atomic returns the view the handler calls: that call is the view's time
    (``rest``), inside the middleware's."""

    @functools.wraps(original)
    def make_view_atomic(self, view):
        return _wrap("rest", original(self, view))

    return make_view_atomic


@contextmanager
def instrumented() -> Iterator[None]:
    """The bucket wrappers installed (and removed afterwards, also on an error)."""
    saved = []
    try:
        for owner, name, bucket, kind in _targets():
            raw = vars(owner)[name]
            saved.append((owner, name, raw))
            if kind == "classmethod":
                wrapped = classmethod(_wrap(bucket, raw.__func__))
            elif kind == "iter":
                wrapped = _wrap_iter(bucket, raw)
            elif kind == "view":
                wrapped = _view_wrapper(raw)
            else:
                wrapped = _wrap(bucket, raw)
            setattr(owner, name, wrapped)
        yield
    finally:
        for owner, name, raw in reversed(saved):
            setattr(owner, name, raw)


def buckets(call: Callable[[int], object], n: int, offset: int = 0) -> dict:
    """Mean milliseconds per request in each bucket over ``n`` calls of ``call(i)``."""
    global _recorder
    totals: dict[str, float] = defaultdict(float)
    wall = 0.0
    with instrumented():
        for i in range(n):
            recorder = Recorder()
            _recorder = recorder
            begin = time.perf_counter()
            recorder.push("rest")
            try:
                call(offset + i)
            finally:
                recorder.pop()
                _recorder = None
            wall += time.perf_counter() - begin
            for bucket, seconds in recorder.totals.items():
                totals[bucket] += seconds
    per_request = {b: round(totals.get(b, 0.0) * 1000 / n, 2) for b in BUCKETS}
    return {
        "n": n,
        "total_ms": round(wall * 1000 / n, 2),
        "ms": per_request,
        "python_ms": round(sum(v for b, v in per_request.items() if b != "database"), 2),
    }


def _bucket_of(filename: str, function: str) -> str:
    """The bucket a function's own time most likely belongs to, by where it lives (for the
    top-functions list only; the buckets above are measured by stack, not guessed)."""
    path = filename.replace("\\", "/")
    if "/psycopg" in path or "/django/db/backends/" in path:
        return "database"
    if "/django/db/models/sql/compiler" in path or function.startswith("as_sql"):
        return "orm_compile"
    if "/django/template/" in path or "/jinja2/" in path:
        return "template"
    if "/django/db/models/" in path:
        return "orm"
    if "/django/middleware/" in path or "/django/contrib/sessions/" in path:
        return "middleware"
    return "rest"


def top_functions(call: Callable[[int], object], n: int, offset: int = 0, limit: int = 8) -> dict:
    """cProfile over ``n`` calls: the total per request under the profiler and the ``limit``
    functions with the most own time, in ms per request."""
    profiler = cProfile.Profile()
    begin = time.perf_counter()
    for i in range(n):
        profiler.enable()
        try:
            call(offset + i)
        finally:
            profiler.disable()
    wall = time.perf_counter() - begin
    stats = pstats.Stats(profiler)
    rows = []
    for (filename, line, function), (_cc, calls, own, cumulative, _callers) in stats.stats.items():  # type: ignore[attr-defined]
        rows.append((own, cumulative, calls, filename, line, function))
    rows.sort(reverse=True)
    top = []
    for own, cumulative, calls, filename, line, function in rows[:limit]:
        short = filename
        for marker in ("site-packages/", "/perf/", "/work/"):
            if marker in short:
                short = short.split(marker, 1)[1]
                break
        top.append(
            {
                "function": f"{short}:{line}({function})",
                "bucket": _bucket_of(filename, function),
                "own_ms": round(own * 1000 / n, 2),
                "cumulative_ms": round(cumulative * 1000 / n, 2),
                "calls": round(calls / n),
            }
        )
    return {"n": n, "total_ms_under_cprofile": round(wall * 1000 / n, 2), "top": top}
