"""The national comparison page, in the "rapportage" namespace (included by rapportage.urls)."""

from django.urls import path

from . import views

urlpatterns = [
    path("rapporten/vergelijking/", views.vergelijking_pagina, name="vergelijking"),
]
