from django.urls import include, path

from . import views

app_name = "wachtlijst"

urlpatterns = [
    path("netwerken/<int:netwerk_pk>/wachtlijst/", views.wachtlijst, name="wachtlijst"),
    path("meldingen/", views.meldingen, name="meldingen"),
    path("", include("wachtlijst.nza.urls")),
    path("", include("wachtlijst.landelijk.urls")),
    path("", include("wachtlijst.panelen")),
]
