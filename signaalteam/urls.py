"""Pages of the signaalteam app, mounted at the root (config/urls.py) as "signaalteam".
The meldpunt pages are the only public ones."""

from django.urls import path

from . import views, views_meldpunt

app_name = "signaalteam"

urlpatterns = [
    path("signalen/", views.signaal_list, name="list"),
    path("signalen/nieuw/", views.signaal_create, name="create"),
    path("signalen/mijn/", views.mijn_signalen, name="mijn_signalen"),
    path("signalen/export.csv", views.export_csv, name="export_csv"),
    path("signalen/export.xlsx", views.export_xlsx, name="export_xlsx"),
    path("signalen/<int:signaal_pk>/", views.signaal_detail, name="detail"),
    path("signalen/<int:signaal_pk>/bewerken/", views.signaal_update, name="update"),
    path("signalen/<int:signaal_pk>/in-behandeling/", views.signaal_take_up, name="take_up"),
    path("signalen/<int:signaal_pk>/sluiten/", views.signaal_close, name="close"),
    path("signalen/<int:signaal_pk>/heropenen/", views.signaal_reopen, name="reopen"),
    path("signalen/<int:signaal_pk>/acties/nieuw/", views.actie_create, name="actie_create"),
    path(
        "signalen/acties/<int:signaalactie_pk>/opgevolgd/",
        views.actie_opgevolgd,
        name="actie_opgevolgd",
    ),
    path("meldpunt/", views_meldpunt.meldpunt, name="meldpunt"),
    path("meldpunt/ontvangen/", views_meldpunt.meldpunt_ontvangen, name="meldpunt_ontvangen"),
]
