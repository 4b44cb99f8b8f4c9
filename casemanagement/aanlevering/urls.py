"""The pages of the delivery, included by casemanagement.urls; the API is in api.py."""

from django.urls import path

from . import views

urlpatterns = [
    path("aanlevering/sleutels/", views.sleutels, name="aanlevering_sleutels"),
    path("aanlevering/bestanden/", views.upload, name="aanlevering_upload"),
]
