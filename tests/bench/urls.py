"""The application's URLs plus the benchmark's floor: a trivial view behind the same
middleware (session, user, acting membership, second-factor check) that returns a fixed
text. Used only by tests.bench.run (ROOT_URLCONF is overridden there)."""

from django.contrib.auth.decorators import login_required
from django.http import HttpRequest, HttpResponse
from django.urls import path

from config.urls import urlpatterns as application_urlpatterns


@login_required
def trivial(request: HttpRequest) -> HttpResponse:
    return HttpResponse("ok", content_type="text/plain")


urlpatterns = [path("bench/trivial/", trivial, name="bench-trivial"), *application_urlpatterns]
