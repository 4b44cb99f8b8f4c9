"""The API's request parsers: Django REST framework's own, with a Dutch message for a body
that cannot be read. DRF words those messages in English and outside its translations
('JSON parse error - ...'), so a referrer's system would get the one English answer of the
API exactly when it sent something wrong."""

from __future__ import annotations

import json

from django.utils.translation import gettext as _
from rest_framework import parsers
from rest_framework.exceptions import ParseError


class JSONParser(parsers.JSONParser):
    def parse(self, stream, media_type=None, parser_context=None):
        try:
            return super().parse(stream, media_type, parser_context)
        except ParseError as error:
            cause = error.__context__
            if isinstance(cause, json.JSONDecodeError):
                detail = _(
                    "De inhoud van het verzoek is geen geldige JSON (regel %(regel)s, kolom "
                    "%(kolom)s). Controleer aanhalingstekens, komma's en haakjes."
                ) % {"regel": cause.lineno, "kolom": cause.colno}
            else:
                detail = _(
                    "De inhoud van het verzoek is geen geldige JSON in UTF-8. Controleer de "
                    "tekens en de codering."
                )
            raise ParseError(detail) from None


class MultiPartParser(parsers.MultiPartParser):
    def parse(self, stream, media_type=None, parser_context=None):
        try:
            return super().parse(stream, media_type, parser_context)
        except ParseError:
            raise ParseError(
                _("Het formulier in het verzoek (multipart) kan niet worden gelezen.")
            ) from None
