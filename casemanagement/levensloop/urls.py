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
        "clienten/<int:client_pk>/inzageverslag.csv",
        views.inzageverslag_csv,
        name="inzageverslag_csv",
    ),
    path(
        "clienten/<int:client_pk>/inzageverslag.pdf",
        views.inzageverslag_pdf,
        name="inzageverslag_pdf",
    ),
    path(
        "vernietigingsverzoeken/",
        views.vernietigingsverzoek_list,
        name="vernietigingsverzoek_list",
    ),
    path(
        "vernietigingsverzoeken/<int:verzoek_pk>/",
        views.vernietigingsverzoek_detail,
        name="vernietigingsverzoek_detail",
    ),
    path(
        "vernietigingsverzoeken/<int:verzoek_pk>/bevestigen/",
        views.vernietigingsverzoek_confirm,
        name="vernietigingsverzoek_confirm",
    ),
    path(
        "vernietigingsverzoeken/<int:verzoek_pk>/afwijzen/",
        views.vernietigingsverzoek_reject,
        name="vernietigingsverzoek_reject",
    ),
    path("netwerken/<int:netwerk_pk>/toegangslog/", views.toegangslog, name="toegangslog"),
]
