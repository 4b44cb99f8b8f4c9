"""NZa quarterly figures and the public page (wachtlijst.views_nza)."""

from django.urls import path

from . import views_nza

urlpatterns = [
    path("netwerken/<int:netwerk_pk>/nza/", views_nza.nza_list, name="nza_list"),
    path("netwerken/<int:netwerk_pk>/nza/nieuw/", views_nza.nza_create, name="nza_create"),
    path("nza/<int:kwartaal_pk>/", views_nza.nza_detail, name="nza_detail"),
    path("nza/<int:kwartaal_pk>/herberekenen/", views_nza.nza_regenerate, name="nza_regenerate"),
    path("nza/<int:kwartaal_pk>/publiceren/", views_nza.nza_publish, name="nza_publish"),
    path("nza/<int:kwartaal_pk>/correctie/", views_nza.nza_correct, name="nza_correct"),
    path("nza/<int:kwartaal_pk>/verwijderen/", views_nza.nza_delete, name="nza_delete"),
    path("nza/<int:kwartaal_pk>/export.csv", views_nza.nza_export_csv, name="nza_export_csv"),
    path("nza/<int:kwartaal_pk>/export.xlsx", views_nza.nza_export_xlsx, name="nza_export_xlsx"),
    path("openbaar/<slug:netwerk_slug>/wachtlijst/", views_nza.publiek, name="publiek"),
]
