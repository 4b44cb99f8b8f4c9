from django.urls import include, path

from . import views

app_name = "wachtlijst"

urlpatterns = [
    path("netwerken/<int:netwerk_pk>/wachtlijst/", views.wachtlijst, name="wachtlijst"),
    path("meldingen/", views.meldingen, name="meldingen"),
    path("", include("wachtlijst.urls_nza")),
    path("", include("wachtlijst.urls_landelijk")),
    path("", include("wachtlijst.panelen")),
]
