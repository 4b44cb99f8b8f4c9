from urllib.parse import urlencode

from django.contrib import admin
from django.shortcuts import redirect
from django.templatetags.static import static
from django.urls import include, path, reverse
from django.utils.translation import gettext_lazy as _
from drf_spectacular.views import SpectacularAPIView, SpectacularSwaggerSplitView

from . import api, views

admin.site.site_header = _("Dementienetwerk – beheer")
admin.site.site_title = _("Dementienetwerk")


def _admin_login(request, extra_context=None):
    """One login for everything: the admin's own form would bypass the second-factor flow."""
    login_url = reverse("accounts:login")
    return redirect(f"{login_url}?{urlencode({'next': request.GET.get('next', '/beheer/')})}")


admin.site.login = _admin_login


def favicon(request):
    """Browsers that ask /favicon.ico before reading the page's <link rel="icon">. Not a
    permanent redirect: in production the static file's name carries its hash."""
    return redirect(static("img/favicon.ico"))


class ApiDocsView(SpectacularSwaggerSplitView):
    """Swagger UI, strict enough for the site's headers: the split view serves its start
    script as a file (``?script``) and the template has no inline style, for the
    Content-Security-Policy (settings.CONTENT_SECURITY_POLICY["api:docs"]); unlike
    drf-spectacular's one-page view it keeps the site's Cross-Origin-Opener-Policy (relaxed
    there for OAuth2 login popups; this API has no OAuth2). GET only: drf-spectacular's page
    has no template for an OPTIONS answer and fails on one."""

    http_method_names = ["get", "head"]
    template_name = "api/swagger_ui.html"


api_patterns = [
    path("ik/", api.me, name="me"),
    path("", include("netwerk.api")),
    path("", include("inkoop.api")),
    path("", include("casemanagement.api")),
    path("", include("wachtlijst.api")),
    path("", include("rapportage.api")),
    path("", include("signaalteam.api")),
    path("schema/", SpectacularAPIView.as_view(), name="schema"),
    path("docs/", ApiDocsView.as_view(url_name="api:schema"), name="docs"),
]

urlpatterns = [
    path("", views.start, name="start"),
    path("gezondheid/", views.health, name="health"),
    path("favicon.ico", favicon, name="favicon"),
    path("account/", include("accounts.urls")),
    path("beheer/", admin.site.urls),
    path("", include("netwerk.urls")),
    path("inkoop/", include("inkoop.urls")),
    path("", include("casemanagement.urls")),
    path("", include("wachtlijst.urls")),
    path("", include("rapportage.urls")),
    path("", include("signaalteam.urls")),
    path("api/v1/", include((api_patterns, "api"))),
]
