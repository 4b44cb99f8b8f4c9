"""Every URL pattern of the project, made concrete, so authorization tests cover new URLs
automatically. A pattern that cannot be made concrete fails the test that uses it."""

from __future__ import annotations

import re
from dataclasses import dataclass

from django.urls import URLPattern, URLResolver, get_resolver, resolve
from django.urls.exceptions import Resolver404

# Sample values tried for a URL parameter, in order, until the path resolves.
SAMPLES = ["1", "2026-01-01", "2026Q1", "x", "accounts", "user", "1/change", "0"]
_UNNAMED_GROUP = re.compile(r"\((?!\?)(?P<body>[^()]*)\)")
_GROUP = re.compile(r"\(\?P<(?P<name>\w+)>(?P<body>[^()]*(?:\([^()]*\)[^()]*)*)\)")
_CONVERTER = re.compile(r"<(?:(?P<conv>\w+):)?(?P<name>\w+)>")
CONVERTER_SAMPLES = {
    "int": "1",
    "str": "x",
    "slug": "x",
    "path": "x",
    "uuid": "00000000-0000-0000-0000-000000000001",
}


@dataclass(frozen=True)
class WalkedUrl:
    name: str  # "namespace:name", or the pattern when unnamed
    path: str | None  # None when no concrete path could be built
    pattern: str


def _regex_to_path(regex: str) -> str | None:
    def fill(match: re.Match) -> str:
        body = match.group("body")
        for sample in SAMPLES:
            if re.fullmatch(body, sample):
                return sample
        raise ValueError(body)

    try:
        regex = _UNNAMED_GROUP.sub(fill, regex)
        text = _GROUP.sub(fill, regex)
    except ValueError:
        return None
    text = text.lstrip("^").rstrip("$").replace("\\Z", "").replace("\\", "")
    if re.search(r"[()\[\]*+?|]", text):
        return None
    return text


def _route_to_path(route: str) -> str:
    return _CONVERTER.sub(lambda m: CONVERTER_SAMPLES.get(m.group("conv") or "str", "x"), route)


def _piece(pattern) -> str | None:
    route = getattr(pattern.pattern, "_route", None)
    if route is not None:
        return _route_to_path(route)
    return _regex_to_path(pattern.pattern.regex.pattern)


def walk(resolver: URLResolver | None = None, prefix: str = "/", namespace: str = ""):
    resolver = resolver or get_resolver()
    for pattern in resolver.url_patterns:
        piece = _piece(pattern)
        if isinstance(pattern, URLResolver):
            ns = namespace
            if pattern.namespace:
                ns = f"{namespace}:{pattern.namespace}" if namespace else pattern.namespace
            if piece is None:
                yield WalkedUrl(ns or "?", None, str(pattern.pattern))
                continue
            yield from walk(pattern, prefix + piece, ns)
        elif isinstance(pattern, URLPattern):
            name = pattern.name or str(pattern.pattern)
            full_name = f"{namespace}:{name}" if namespace else name
            path = None if piece is None else prefix + piece
            if path is not None:
                try:
                    resolve(path)
                except Resolver404:
                    path = None
            yield WalkedUrl(full_name, path, str(pattern.pattern))
