from django.contrib import admin
from simple_history.admin import SimpleHistoryAdmin

from accounts.admin import UserAdmin
from accounts.models import User

from .models import (
    Aansluiting,
    Bevolking,
    Gemeente,
    Meerjarenplan,
    Membership,
    Netwerk,
    Organisatie,
    Vestiging,
    Voortgangsgesprek,
    Werkgebied,
    Zorgverzekeraar,
)


@admin.register(Gemeente)
class GemeenteAdmin(admin.ModelAdmin):
    list_display = ["naam", "cbs_code", "provincie", "actief"]
    list_filter = ["provincie", "actief"]
    search_fields = ["naam", "cbs_code"]


@admin.register(Bevolking)
class BevolkingAdmin(admin.ModelAdmin):
    list_display = ["gemeente", "jaar", "inwoners_65_plus", "inwoners_65_79", "inwoners_80_plus"]
    list_filter = ["jaar"]
    search_fields = ["gemeente__naam"]
    autocomplete_fields = ["gemeente"]


class WerkgebiedInline(admin.TabularInline):
    model = Werkgebied
    extra = 0
    autocomplete_fields = ["gemeente"]


class AansluitingInline(admin.TabularInline):
    model = Aansluiting
    extra = 0
    autocomplete_fields = ["organisatie"]


@admin.register(Netwerk)
class NetwerkAdmin(SimpleHistoryAdmin):
    list_display = ["naam", "preferente_zorgverzekeraar"]
    search_fields = ["naam"]
    prepopulated_fields = {"slug": ["naam"]}
    inlines = [WerkgebiedInline, AansluitingInline]


class VestigingInline(admin.TabularInline):
    model = Vestiging
    extra = 0
    autocomplete_fields = ["gemeente"]


@admin.register(Organisatie)
class OrganisatieAdmin(admin.ModelAdmin):
    list_display = ["naam", "type", "kvk_nummer"]
    list_filter = ["type"]
    search_fields = ["naam", "kvk_nummer", "vestigingen__agb_code"]
    inlines = [VestigingInline]


@admin.register(Zorgverzekeraar)
class ZorgverzekeraarAdmin(admin.ModelAdmin):
    list_display = ["naam", "uzovi_code"]
    search_fields = ["naam", "uzovi_code"]


@admin.register(Meerjarenplan)
class MeerjarenplanAdmin(SimpleHistoryAdmin):
    list_display = ["titel", "netwerk", "versie", "status", "startjaar", "eindjaar"]
    list_filter = ["status"]
    search_fields = ["titel", "netwerk__naam"]
    readonly_fields = ["status", "ingediend_op", "vastgesteld_op", "vastgesteld_door"]


@admin.register(Voortgangsgesprek)
class VoortgangsgesprekAdmin(SimpleHistoryAdmin):
    list_display = ["netwerk", "zorgverzekeraar", "datum"]
    search_fields = ["netwerk__naam"]


@admin.register(Membership)
class MembershipAdmin(admin.ModelAdmin):
    list_display = ["user", "rol", "netwerk", "organisatie", "zorgverzekeraar", "actief"]
    list_filter = ["rol", "actief"]
    search_fields = ["user__email", "user__naam"]
    autocomplete_fields = ["user", "netwerk", "organisatie", "zorgverzekeraar"]


class MembershipInline(admin.TabularInline):
    model = Membership
    extra = 0
    autocomplete_fields = ["netwerk", "organisatie", "zorgverzekeraar"]


admin.site.unregister(User)


@admin.register(User)
class UserWithMembershipsAdmin(UserAdmin):
    inlines = [MembershipInline]
