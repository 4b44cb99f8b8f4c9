"""The national inventory page and its exports, in the "wachtlijst" namespace (included by
wachtlijst.urls)."""

from django.urls import path

from . import views

urlpatterns = [
    path("wachtlijst/landelijk/", views.inventarisatie_pagina, name="landelijk"),
    path(
        "wachtlijst/landelijk/inventarisatie.csv",
        views.inventarisatie_csv,
        name="landelijk_csv",
    ),
    path(
        "wachtlijst/landelijk/inventarisatie.xlsx",
        views.inventarisatie_xlsx,
        name="landelijk_xlsx",
    ),
]
