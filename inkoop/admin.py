from django.contrib import admin
from simple_history.admin import SimpleHistoryAdmin

from .models import Contract, ContractIndicator


class ContractIndicatorInline(admin.TabularInline):
    model = ContractIndicator
    extra = 0


@admin.register(Contract)
class ContractAdmin(SimpleHistoryAdmin):
    list_display = [
        "zorgverzekeraar",
        "organisatie",
        "netwerk",
        "jaar",
        "volume_clienten",
        "volume_uren",
        "status",
    ]
    list_filter = ["jaar", "status", "zorgverzekeraar"]
    search_fields = ["organisatie__naam", "netwerk__naam", "zorgverzekeraar__naam"]
    autocomplete_fields = ["zorgverzekeraar", "organisatie", "netwerk"]
    list_select_related = ["zorgverzekeraar", "organisatie", "netwerk"]
    inlines = [ContractIndicatorInline]


@admin.register(ContractIndicator)
class ContractIndicatorAdmin(SimpleHistoryAdmin):
    list_display = ["naam", "contract", "streefwaarde", "eenheid"]
    search_fields = ["naam", "contract__organisatie__naam"]
    list_select_related = [
        "contract__zorgverzekeraar",
        "contract__organisatie",
        "contract__netwerk",
    ]
    autocomplete_fields = ["contract"]
