from django.urls import path

from .views import doelen, gesprekken, partijen, plannen

app_name = "netwerk"

urlpatterns = [
    path("netwerken/", partijen.netwerk_list, name="list"),
    path("netwerken/<int:netwerk_pk>/", partijen.netwerk_detail, name="detail"),
    path("netwerken/<int:netwerk_pk>/instellingen/", partijen.netwerk_settings, name="settings"),
    path("netwerken/<int:netwerk_pk>/partners/", partijen.partner_list, name="partner_list"),
    path(
        "netwerken/<int:netwerk_pk>/partners/aansluiten/",
        partijen.aansluiting_create,
        name="aansluiting_create",
    ),
    path(
        "netwerken/<int:netwerk_pk>/partners/nieuw/", partijen.partner_create, name="partner_create"
    ),
    path(
        "netwerken/<int:netwerk_pk>/partners/<int:aansluiting_pk>/",
        partijen.aansluiting_update,
        name="aansluiting_update",
    ),
    path(
        "netwerken/<int:netwerk_pk>/organisaties/<int:organisatie_pk>/vestigingen/nieuw/",
        partijen.vestiging_create,
        name="vestiging_create",
    ),
    path("netwerken/<int:netwerk_pk>/plannen/", plannen.plan_list, name="plan_list"),
    path("netwerken/<int:netwerk_pk>/plannen/nieuw/", plannen.plan_create, name="plan_create"),
    path("plannen/<int:plan_pk>/", plannen.plan_detail, name="plan_detail"),
    path("plannen/<int:plan_pk>/bewerken/", plannen.plan_update, name="plan_update"),
    path("plannen/<int:plan_pk>/onderwerpen/nieuw/", plannen.sectie_create, name="sectie_create"),
    path(
        "plannen/<int:plan_pk>/onderwerpen/<int:sectie_pk>/",
        plannen.sectie_update,
        name="sectie_update",
    ),
    path(
        "plannen/<int:plan_pk>/onderwerpen/<int:sectie_pk>/verwijderen/",
        plannen.sectie_delete,
        name="sectie_delete",
    ),
    path("plannen/<int:plan_pk>/indienen/", plannen.plan_submit, name="plan_submit"),
    path("plannen/<int:plan_pk>/terugzetten/", plannen.plan_withdraw, name="plan_withdraw"),
    path("plannen/<int:plan_pk>/vaststellen/", plannen.plan_adopt, name="plan_adopt"),
    path("plannen/<int:plan_pk>/beoordelen/", plannen.plan_review, name="plan_review"),
    path(
        "plannen/ter-beoordeling/",
        plannen.plannen_ter_beoordeling,
        name="plannen_ter_beoordeling",
    ),
    path("plannen/<int:plan_pk>/nieuwe-versie/", plannen.plan_new_version, name="plan_new_version"),
    path("plannen/<int:plan_pk>/doelen/nieuw/", doelen.doel_create, name="doel_create"),
    path(
        "plannen/<int:plan_pk>/jaarplan/<int:jaar>/",
        plannen.jaarplan_detail,
        name="jaarplan_detail",
    ),
    path("doelen/<int:doel_pk>/", doelen.doel_detail, name="doel_detail"),
    path("doelen/<int:doel_pk>/bewerken/", doelen.doel_update, name="doel_update"),
    path("doelen/<int:doel_pk>/verwijderen/", doelen.doel_delete, name="doel_delete"),
    path(
        "doelen/<int:doel_pk>/indicatoren/nieuw/", doelen.indicator_create, name="indicator_create"
    ),
    path(
        "indicatoren/<int:indicator_pk>/bewerken/", doelen.indicator_update, name="indicator_update"
    ),
    path(
        "indicatoren/<int:indicator_pk>/metingen/nieuw/",
        doelen.realisatie_create,
        name="realisatie_create",
    ),
    path("acties/<int:actie_pk>/bewerken/", plannen.actie_update, name="actie_update"),
    path(
        "netwerken/<int:netwerk_pk>/voortgangsgesprekken/",
        gesprekken.gesprek_list,
        name="gesprek_list",
    ),
    path(
        "netwerken/<int:netwerk_pk>/voortgangsgesprekken/nieuw/",
        gesprekken.gesprek_create,
        name="gesprek_create",
    ),
    path(
        "voortgangsgesprekken/<int:gesprek_pk>/", gesprekken.gesprek_detail, name="gesprek_detail"
    ),
    path(
        "voortgangsgesprekken/<int:gesprek_pk>/bewerken/",
        gesprekken.gesprek_update,
        name="gesprek_update",
    ),
    path(
        "afspraken/<int:afspraak_pk>/bewerken/", gesprekken.afspraak_update, name="afspraak_update"
    ),
    path("referentiegegevens/bevolking/", partijen.bevolking_upload, name="bevolking_upload"),
]
