from django.urls import path

from . import views

urlpatterns = [
    path(
        "clienten/<int:client_pk>/vernietigingsverzoek/",
        views.vernietigingsverzoek_create,
        name="vernietigingsverzoek_create",
    ),
    path(
        "clienten/<int:client_pk>/inzageverslag/",
        views.inzageverslag,
        name="inzageverslag",
    ),
    path(
        "clienten/<int:client_pk>/inzageverslag.<str:formaat>",
        views.inzageverslag_download,
        name="inzageverslag_download",
    ),
    path(
        "vernietigingsverzoeken/",
        views.vernietigingsverzoek_list,
        name="vernietigingsverzoek_list",
    ),
    path(
        "vernietigingsverzoeken/<int:pk>/",
        views.vernietigingsverzoek_detail,
        name="vernietigingsverzoek_detail",
    ),
    path(
        "vernietigingsverzoeken/<int:pk>/bevestigen/",
        views.vernietigingsverzoek_confirm,
        name="vernietigingsverzoek_confirm",
    ),
    path(
        "vernietigingsverzoeken/<int:pk>/afwijzen/",
        views.vernietigingsverzoek_reject,
        name="vernietigingsverzoek_reject",
    ),
    path("netwerken/<int:netwerk_pk>/toegangslog/", views.toegangslog, name="toegangslog"),
]
