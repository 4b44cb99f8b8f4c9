from django.urls import path

from . import views
from .vergelijking.urls import urlpatterns as vergelijking_urls

app_name = "rapportage"

urlpatterns = [
    *vergelijking_urls,
    path("werkbak/", views.werkbak, name="werkbak"),
    path("rapporten/", views.rapporten, name="rapporten"),
    path("rapporten/landelijk/", views.landelijk, name="landelijk"),
    path("rapporten/downloads/", views.downloads, name="downloads"),
    path("rapporten/voortgang/", views.voortgang, name="voortgang"),
    path(
        "rapporten/signalen-overzicht.pdf",
        views.signalen_overzicht,
        name="signalen_overzicht",
    ),
    path("rapporten/<int:rapport_pk>/", views.detail, name="detail"),
    path("rapporten/<int:rapport_pk>/teksten/", views.teksten, name="teksten"),
    path("rapporten/<int:rapport_pk>/vaststellen/", views.vaststellen, name="vaststellen"),
    path("rapporten/<int:rapport_pk>/nieuwe-versie/", views.nieuwe_versie, name="nieuwe_versie"),
    path("rapporten/<int:rapport_pk>/pdf/", views.pdf, name="pdf"),
]

urlpatterns += [
    path("rapporten/minimale-dataset/", views.mds_exports, name="mds_exports"),
    path("rapporten/minimale-dataset/lijst/", views.mds_lijst, name="mds_lijst"),
    path(
        "rapporten/minimale-dataset/<int:export_pk>/aanlevering/",
        views.mds_aanlevering,
        name="mds_aanlevering",
    ),
    path(
        "rapporten/minimale-dataset/<int:export_pk>/bestand.<str:formaat>",
        views.mds_bestand,
        name="mds_bestand",
    ),
]
