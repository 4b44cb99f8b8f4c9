"""Admin for casemanager profiles only. Client data is deliberately not in the admin: it is
read through the application's pages, which check rights and write the access log."""

from django.contrib import admin
from simple_history.admin import SimpleHistoryAdmin

from .models import Casemanager, CasemanagerUitnodiging


@admin.register(Casemanager)
class CasemanagerAdmin(SimpleHistoryAdmin):
    list_display = ["user", "organisatie", "netwerk", "achtergrond", "fte", "actief"]
    list_filter = ["achtergrond", "actief", "netwerk"]
    search_fields = ["user__naam", "user__email", "organisatie__naam"]
    autocomplete_fields = ["user", "organisatie", "netwerk"]
    filter_horizontal = ["werkgebied"]


@admin.register(CasemanagerUitnodiging)
class CasemanagerUitnodigingAdmin(admin.ModelAdmin):
    """Read only: the beheerder sees who was invited where and what became of it (also why
    an invitation was not accepted: the account's memberships are on the user's page).
    Invitations are sent by the coordinator; the token's hash is not shown."""

    list_display = ["email", "naam", "netwerk", "organisatie", "status", "uitgenodigd_op"]
    list_filter = ["status", "netwerk"]
    search_fields = ["email", "naam"]
    exclude = ["token_hash"]
    readonly_fields = [
        "netwerk",
        "email",
        "naam",
        "organisatie",
        "achtergrond",
        "fte",
        "werkgebied",
        "big_nummer",
        "registratie",
        "geldig_tot",
        "status",
        "uitgenodigd_door",
        "uitgenodigd_op",
        "afgehandeld_op",
        "afgehandeld_door",
        "casemanager",
    ]

    def has_add_permission(self, request):
        return False

    def has_change_permission(self, request, obj=None):
        return False
