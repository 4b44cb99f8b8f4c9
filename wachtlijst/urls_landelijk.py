"""The national inventory (wachtlijst.views_landelijk), in the "wachtlijst" namespace."""

from django.urls import path

from . import views_landelijk

urlpatterns = [
    path("wachtlijst/landelijk/", views_landelijk.inventarisatie_pagina, name="landelijk"),
    path(
        "wachtlijst/landelijk/inventarisatie.csv",
        views_landelijk.inventarisatie_csv,
        name="landelijk_csv",
    ),
    path(
        "wachtlijst/landelijk/inventarisatie.xlsx",
        views_landelijk.inventarisatie_xlsx,
        name="landelijk_xlsx",
    ),
]
