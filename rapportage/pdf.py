"""HTML templates to PDF with WeasyPrint (PDF/UA: tagged, accessible).

WeasyPrint is imported inside the rendering function only, so web processes that never
render a PDF do not load it. Static files (the stylesheet, fonts) are read from disk by the
URL fetcher, never fetched over the network. Given the same template, context and
``gegenereerd_op``, the output is byte-for-byte the same, so a stored report can be
reproduced and checked against its sha256.
"""

from __future__ import annotations

import datetime as dt
import hashlib
import mimetypes
from pathlib import Path

from django.contrib.staticfiles import finders
from django.contrib.staticfiles.storage import staticfiles_storage
from django.template.loader import render_to_string
from django.utils import timezone

STATIC_PREFIX = "/static/"


def _static_fetcher():
    """A fetcher that serves /static/... from the static folders on disk and refuses every
    other URL (no network access while rendering)."""
    from weasyprint.urls import URLFetcher, URLFetcherResponse

    class StaticFetcher(URLFetcher):
        def fetch(self, url, headers=None):
            path = url.split(STATIC_PREFIX, 1)[1] if STATIC_PREFIX in url else None
            found = finders.find(path) if path else None
            if not found and path and staticfiles_storage.exists(path):
                # production: {% static %} names the collected, hashed copy (ManifestStorage)
                found = staticfiles_storage.path(path)
            if not found:
                raise ValueError(f"Not served to the PDF renderer: {url}")
            mime = mimetypes.guess_type(found)[0] or "application/octet-stream"
            return URLFetcherResponse(
                url, Path(found).read_bytes(), {"Content-Type": mime}, status=200
            )

    return StaticFetcher()


def render_pdf(template: str, context: dict, *, gegenereerd_op: dt.datetime) -> bytes:
    """Render a template to a tagged PDF (PDF/UA-1)."""
    from weasyprint import HTML

    html = render_to_string(
        template,
        {**context, "gegenereerd_op": timezone.localtime(gegenereerd_op)},
    )
    document = HTML(string=html, base_url="http://pdf.local/", url_fetcher=_static_fetcher())
    return document.write_pdf(pdf_variant="pdf/ua-1", uncompressed_pdf=False)


def sha256(data: bytes) -> str:
    return hashlib.sha256(data).hexdigest()
