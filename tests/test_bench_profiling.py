"""The benchmark's profiler (tests.bench.profiling, docs/decisions/0023-bench-profiling.md):
a page's time split into exclusive buckets that add up to the request, and the timed
requests never run with the wrappers."""

import pytest
from django.core.handlers.base import BaseHandler
from django.db.models.sql.compiler import SQLCompiler
from django.template.base import Template

from tests.bench import profiling


@pytest.mark.django_db
def test_a_page_is_split_into_buckets_that_add_up(client, coordinator, netwerk):
    client.force_login(coordinator)
    result = profiling.buckets(lambda i: client.get(f"/netwerken/{netwerk.pk}/wachtlijst/"), 2)
    assert set(result["ms"]) == set(profiling.BUCKETS)
    assert sum(result["ms"].values()) == pytest.approx(result["total_ms"], rel=0.05, abs=0.5)
    assert result["ms"]["middleware"] > 0
    assert result["ms"]["template"] > 0
    assert result["ms"]["orm_compile"] > 0
    assert result["python_ms"] == pytest.approx(
        result["total_ms"] - result["ms"]["database"], rel=0.05, abs=0.5
    )


def test_the_wrappers_are_removed_afterwards():
    before = (SQLCompiler.as_sql, Template.render, BaseHandler.get_response)
    with profiling.instrumented():
        assert SQLCompiler.as_sql is not before[0]
    assert (SQLCompiler.as_sql, Template.render, BaseHandler.get_response) == before


def test_innermost_bucket_counts():
    recorder = profiling.Recorder()
    recorder.push("template")
    recorder.push("orm_compile")
    recorder.push("orm_build")  # building inside compiling stays compiling
    assert recorder.stack[-1] == "orm_compile"
    recorder.pop()
    recorder.pop()
    recorder.pop()
    assert set(recorder.totals) == {"template", "orm_compile"}
