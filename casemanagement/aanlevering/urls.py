"""The pages of the delivery, included by casemanagement.urls; the API is in api.py."""

from django.urls import path

from . import views, views_beheer

urlpatterns = [
    path("aanlevering/sleutels/", views.sleutels, name="aanlevering_sleutels"),
    path("aanlevering/bestanden/", views.upload, name="aanlevering_upload"),
    path(
        "aanlevering/sleutels/beheer/",
        views_beheer.sleutels_beheer,
        name="aanlevering_sleutels_beheer",
    ),
    path(
        "aanlevering/sleutels/beheer/<int:sleutel_pk>/intrekken/",
        views_beheer.sleutel_intrekken_beheer,
        name="aanlevering_sleutel_intrekken_beheer",
    ),
]
