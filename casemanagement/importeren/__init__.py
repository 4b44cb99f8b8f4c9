"""Import of clients with their aanmelding (and optionally their open traject) from the
spreadsheets networks keep today: CSV (UTF-8 with or without BOM, or cp1252; comma or
semicolon) or XLSX (first sheet), with a header row of the column names in ``KOLOMMEN``.

All or nothing: every row is checked first and every problem is reported by row (as the user
sees it in the spreadsheet, header = row 1) and column; nothing is written while any row is
wrong, and a service that refuses a row later rolls back the whole import. Writes go through
the services (``client_register``, ``aanmelding_create``, ``aanmelding_assign``,
``contact_log``), so their rules and access-log rows apply.

Re-importing the same file creates nothing twice: a client is found by BSN, an aanmelding by
(client, aanmelddatum), and a traject is only created when the client has no open one.
Messages never contain a BSN; the uploaded file is never stored.

The modules, in the order an import runs: ``lezen`` (the file into rows, a cell into a text,
date or choice), ``controle`` (one row on its own, with what ``referentie`` loads from the
database), ``planning`` (rows across each other and against the database), ``schrijven``
(through the services) and ``verwerken`` (the whole, ``import_clienten``); ``kolommen``
describes the spreadsheet, ``resultaat`` what comes back and ``sjabloon`` the template files.
"""

from .kolommen import KOLOM_NAMEN, KOLOMMEN, VERPLICHT, VOORBEELD_BSN, Kolom
from .lezen import MAX_BYTES, MAX_ROWS, ONLEESBAAR
from .resultaat import ImportFout, ImportResultaat
from .schrijven import EERSTE_CONTACT_MINUTEN, EERSTE_CONTACT_TYPE
from .sjabloon import sjabloon_csv, sjabloon_rij, sjabloon_xlsx
from .verwerken import import_clienten

__all__ = [
    "EERSTE_CONTACT_MINUTEN",
    "EERSTE_CONTACT_TYPE",
    "KOLOMMEN",
    "KOLOM_NAMEN",
    "MAX_BYTES",
    "MAX_ROWS",
    "ONLEESBAAR",
    "VERPLICHT",
    "VOORBEELD_BSN",
    "ImportFout",
    "ImportResultaat",
    "Kolom",
    "import_clienten",
    "sjabloon_csv",
    "sjabloon_rij",
    "sjabloon_xlsx",
]
