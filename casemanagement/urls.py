from django.urls import path

from . import views, views_import, views_uitnodiging
from .aanlevering import urls as aanlevering_urls
from .levensloop import urls as levensloop_urls

app_name = "casemanagement"

urlpatterns = [
    path("mijn-clienten/", views.mijn_clienten, name="mijn_clienten"),
    path("clienten/", views.client_list, name="client_list"),
    path("clienten/nieuw/", views.client_create, name="client_create"),
    path("clienten/export/", views.client_export, name="client_export"),
    path("clienten/export.xlsx", views.client_export_xlsx, name="client_export_xlsx"),
    path("clienten/import/", views_import.import_page, name="import"),
    path(
        "clienten/import/sjabloon.csv",
        views_import.import_template_csv,
        name="import_template_csv",
    ),
    path(
        "clienten/import/sjabloon.xlsx",
        views_import.import_template_xlsx,
        name="import_template_xlsx",
    ),
    path("clienten/<int:client_pk>/", views.client_detail, name="client_detail"),
    path("clienten/<int:client_pk>/bewerken/", views.client_update, name="client_update"),
    path(
        "clienten/<int:client_pk>/mantelzorgers/nieuw/",
        views.mantelzorger_create,
        name="mantelzorger_create",
    ),
    path(
        "clienten/<int:client_pk>/aanmeldingen/nieuw/",
        views.aanmelding_create,
        name="aanmelding_create",
    ),
    path(
        "mantelzorgers/<int:mantelzorger_pk>/bewerken/",
        views.mantelzorger_update,
        name="mantelzorger_update",
    ),
    path("aanmeldingen/<int:aanmelding_pk>/uitstel/", views.uitstel_create, name="uitstel_create"),
    path(
        "aanmeldingen/<int:aanmelding_pk>/afmelden/",
        views.aanmelding_afmelden,
        name="aanmelding_afmelden",
    ),
    path(
        "aanmeldingen/<int:aanmelding_pk>/netwerk/",
        views.aanmelding_netwerk,
        name="aanmelding_netwerk",
    ),
    path(
        "aanmeldingen/<int:aanmelding_pk>/toewijzen/",
        views.aanmelding_assign,
        name="aanmelding_assign",
    ),
    path("toewijzen/", views.toewijzing_list, name="toewijzing_list"),
    path("trajecten/<int:traject_pk>/contact/", views.contact_create, name="contact_create"),
    path(
        "trajecten/<int:traject_pk>/intensiteit/",
        views.intensiteit_update,
        name="intensiteit_update",
    ),
    path(
        "trajecten/<int:traject_pk>/casemanager/",
        views.casemanager_wissel,
        name="casemanager_wissel",
    ),
    path("trajecten/<int:traject_pk>/overdracht/", views.traject_transfer, name="traject_transfer"),
    path("trajecten/<int:traject_pk>/afsluiten/", views.traject_close, name="traject_close"),
    path(
        "trajecten/<int:traject_pk>/indicaties/nieuw/",
        views.indicatie_create,
        name="indicatie_create",
    ),
    path(
        "indicaties/<int:indicatie_pk>/medeondertekenen/",
        views.indicatie_cosign,
        name="indicatie_cosign",
    ),
    path("trajecten/<int:traject_pk>/metingen/nieuw/", views.meting_create, name="meting_create"),
    path("casemanagers/", views.casemanager_list, name="casemanager_list"),
    path("casemanagers/nieuw/", views.casemanager_create, name="casemanager_create"),
    path(
        "casemanagers/uitnodigingen/<int:uitnodiging_pk>/opnieuw-versturen/",
        views.casemanager_uitnodiging_resend,
        name="casemanager_uitnodiging_resend",
    ),
    path(
        "casemanagers/uitnodigingen/<int:uitnodiging_pk>/intrekken/",
        views.casemanager_uitnodiging_revoke,
        name="casemanager_uitnodiging_revoke",
    ),
    # public: the token in the link is the credential (docs/decisions/0010)
    path(
        "uitnodiging/<str:token>/",
        views_uitnodiging.uitnodiging_aannemen,
        name="uitnodiging_aannemen",
    ),
    path(
        "casemanagers/<int:casemanager_pk>/bewerken/",
        views.casemanager_update,
        name="casemanager_update",
    ),
    path(
        "casemanagers/<int:casemanager_pk>/andere-organisatie/",
        views.casemanager_move,
        name="casemanager_move",
    ),
    *levensloop_urls.urlpatterns,
    *aanlevering_urls.urlpatterns,
]
