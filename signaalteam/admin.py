"""The Django admin shows signals for reference only, without the melder's contact details
(those are for the signaalteam, in the application). Changes go through the pages, where
the workflow's rules apply."""

from django.contrib import admin
from simple_history.admin import SimpleHistoryAdmin

from .models import Signaal


@admin.register(Signaal)
class SignaalAdmin(SimpleHistoryAdmin):
    list_display = ["referentie", "titel", "categorie", "status", "ontvangen_op", "eigenaar"]
    list_filter = ["status", "categorie", "bron"]
    search_fields = ["referentie", "titel"]
    list_select_related = ["eigenaar"]
    fields = [
        "referentie",
        "titel",
        "categorie",
        "status",
        "bron",
        "melder_type",
        "eigenaar",
        "ontvangen_op",
        "in_behandeling_op",
        "gesloten_op",
        "melder_gegevens_verwijderd_op",
    ]
    readonly_fields = fields

    def has_add_permission(self, request) -> bool:
        return False

    def has_change_permission(self, request, obj=None) -> bool:
        return False

    def has_delete_permission(self, request, obj=None) -> bool:
        return False
