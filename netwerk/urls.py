from django.urls import path

from . import views

app_name = "netwerk"

urlpatterns = [
    path("netwerken/", views.netwerk_list, name="list"),
    path("netwerken/<int:netwerk_pk>/", views.netwerk_detail, name="detail"),
    path("netwerken/<int:netwerk_pk>/instellingen/", views.netwerk_settings, name="settings"),
    path("netwerken/<int:netwerk_pk>/partners/", views.partner_list, name="partner_list"),
    path(
        "netwerken/<int:netwerk_pk>/partners/aansluiten/",
        views.aansluiting_create,
        name="aansluiting_create",
    ),
    path("netwerken/<int:netwerk_pk>/partners/nieuw/", views.partner_create, name="partner_create"),
    path(
        "netwerken/<int:netwerk_pk>/partners/<int:aansluiting_pk>/",
        views.aansluiting_update,
        name="aansluiting_update",
    ),
    path(
        "netwerken/<int:netwerk_pk>/organisaties/<int:organisatie_pk>/vestigingen/nieuw/",
        views.vestiging_create,
        name="vestiging_create",
    ),
    path("netwerken/<int:netwerk_pk>/plannen/", views.plan_list, name="plan_list"),
    path("netwerken/<int:netwerk_pk>/plannen/nieuw/", views.plan_create, name="plan_create"),
    path("plannen/<int:plan_pk>/", views.plan_detail, name="plan_detail"),
    path("plannen/<int:plan_pk>/bewerken/", views.plan_update, name="plan_update"),
    path("plannen/<int:plan_pk>/onderwerpen/nieuw/", views.sectie_create, name="sectie_create"),
    path(
        "plannen/<int:plan_pk>/onderwerpen/<int:sectie_pk>/",
        views.sectie_update,
        name="sectie_update",
    ),
    path(
        "plannen/<int:plan_pk>/onderwerpen/<int:sectie_pk>/verwijderen/",
        views.sectie_delete,
        name="sectie_delete",
    ),
    path("plannen/<int:plan_pk>/indienen/", views.plan_submit, name="plan_submit"),
    path("plannen/<int:plan_pk>/terugzetten/", views.plan_withdraw, name="plan_withdraw"),
    path("plannen/<int:plan_pk>/vaststellen/", views.plan_adopt, name="plan_adopt"),
    path("plannen/<int:plan_pk>/nieuwe-versie/", views.plan_new_version, name="plan_new_version"),
    path("plannen/<int:plan_pk>/doelen/nieuw/", views.doel_create, name="doel_create"),
    path(
        "plannen/<int:plan_pk>/jaarplan/<int:jaar>/", views.jaarplan_detail, name="jaarplan_detail"
    ),
    path("doelen/<int:doel_pk>/", views.doel_detail, name="doel_detail"),
    path("doelen/<int:doel_pk>/bewerken/", views.doel_update, name="doel_update"),
    path("doelen/<int:doel_pk>/verwijderen/", views.doel_delete, name="doel_delete"),
    path(
        "doelen/<int:doel_pk>/indicatoren/nieuw/", views.indicator_create, name="indicator_create"
    ),
    path(
        "indicatoren/<int:indicator_pk>/bewerken/", views.indicator_update, name="indicator_update"
    ),
    path(
        "indicatoren/<int:indicator_pk>/metingen/nieuw/",
        views.realisatie_create,
        name="realisatie_create",
    ),
    path("acties/<int:actie_pk>/bewerken/", views.actie_update, name="actie_update"),
    path(
        "netwerken/<int:netwerk_pk>/voortgangsgesprekken/", views.gesprek_list, name="gesprek_list"
    ),
    path(
        "netwerken/<int:netwerk_pk>/voortgangsgesprekken/nieuw/",
        views.gesprek_create,
        name="gesprek_create",
    ),
    path("voortgangsgesprekken/<int:gesprek_pk>/", views.gesprek_detail, name="gesprek_detail"),
    path(
        "voortgangsgesprekken/<int:gesprek_pk>/bewerken/",
        views.gesprek_update,
        name="gesprek_update",
    ),
    path("afspraken/<int:afspraak_pk>/bewerken/", views.afspraak_update, name="afspraak_update"),
    path("referentiegegevens/bevolking/", views.bevolking_upload, name="bevolking_upload"),
]
