from django.contrib import admin

from accounts.admin import UserAdmin
from accounts.models import User

from .models import Membership, Netwerk, Organisatie, Zorgverzekeraar


@admin.register(Netwerk)
class NetwerkAdmin(admin.ModelAdmin):
    list_display = ["naam", "preferente_zorgverzekeraar"]
    search_fields = ["naam"]
    prepopulated_fields = {"slug": ["naam"]}


@admin.register(Organisatie)
class OrganisatieAdmin(admin.ModelAdmin):
    search_fields = ["naam"]


@admin.register(Zorgverzekeraar)
class ZorgverzekeraarAdmin(admin.ModelAdmin):
    search_fields = ["naam"]


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
