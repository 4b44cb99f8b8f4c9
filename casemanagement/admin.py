"""Admin for casemanager profiles only. Client data is deliberately not in the admin: it is
read through the application's pages, which check rights and write the access log."""

from django.contrib import admin
from simple_history.admin import SimpleHistoryAdmin

from .models import Casemanager


@admin.register(Casemanager)
class CasemanagerAdmin(SimpleHistoryAdmin):
    list_display = ["user", "organisatie", "netwerk", "achtergrond", "fte", "actief"]
    list_filter = ["achtergrond", "actief", "netwerk"]
    search_fields = ["user__naam", "user__email", "organisatie__naam"]
    autocomplete_fields = ["user", "organisatie", "netwerk"]
    filter_horizontal = ["werkgebied"]
