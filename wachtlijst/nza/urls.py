"""NZa quarterly figures and the public page, in the "wachtlijst" namespace (included by
wachtlijst.urls)."""

from django.urls import path

from . import cyclus_views, views

urlpatterns = [
    path("netwerken/<int:netwerk_pk>/nza/", views.nza_list, name="nza_list"),
    path("netwerken/<int:netwerk_pk>/nza/nieuw/", views.nza_create, name="nza_create"),
    path("nza/<int:kwartaal_pk>/", views.nza_detail, name="nza_detail"),
    path("nza/<int:kwartaal_pk>/herberekenen/", views.nza_regenerate, name="nza_regenerate"),
    path("nza/<int:kwartaal_pk>/publiceren/", views.nza_publish, name="nza_publish"),
    path("nza/<int:kwartaal_pk>/correctie/", views.nza_correct, name="nza_correct"),
    path("nza/<int:kwartaal_pk>/verwijderen/", views.nza_delete, name="nza_delete"),
    path("nza/<int:kwartaal_pk>/export.csv", views.nza_export_csv, name="nza_export_csv"),
    path("nza/<int:kwartaal_pk>/export.xlsx", views.nza_export_xlsx, name="nza_export_xlsx"),
    path(
        "netwerken/<int:netwerk_pk>/nza/aanbieders/<int:organisatie_pk>/",
        cyclus_views.nza_aanbieder,
        name="nza_aanbieder",
    ),
    path(
        "nza/<int:kwartaal_pk>/zorgbeeldportaal.csv",
        cyclus_views.nza_portaal_csv,
        name="nza_portaal_csv",
    ),
    path(
        "nza/<int:kwartaal_pk>/zorgbeeldportaal.xlsx",
        cyclus_views.nza_portaal_xlsx,
        name="nza_portaal_xlsx",
    ),
    path(
        "nza/<int:kwartaal_pk>/aangeleverd/",
        cyclus_views.nza_portaal_markeren,
        name="nza_portaal_markeren",
    ),
    path("openbaar/", views.openbaar, name="openbaar"),
    path("openbaar/<slug:netwerk_slug>/wachtlijst/", views.publiek, name="publiek"),
]
