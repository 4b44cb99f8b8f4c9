"""REST API of the wachtlijst app, mounted under /api/v1/ in the "api" namespace: the
waitlist figures and the national inventory (wachtlijst.landelijk.api) and the NZa quarterly
figures (wachtlijst.nza.api)."""

from django.urls import include, path

urlpatterns = [
    path("", include("wachtlijst.landelijk.api")),
    path("", include("wachtlijst.nza.api")),
]
