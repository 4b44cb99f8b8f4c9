import pytest
from django.urls import reverse
from drf_spectacular.generators import SchemaGenerator

pytestmark = pytest.mark.django_db


def test_api_docs_page_keeps_the_sites_cross_origin_opener_policy(client, coordinator):
    client.force_login(coordinator)
    response = client.get(reverse("api:docs"))
    assert response.status_code == 200
    assert response["Cross-Origin-Opener-Policy"] == "same-origin"


def test_options_on_the_api_docs_page_is_refused_not_a_server_error(client, coordinator):
    client.force_login(coordinator)
    assert client.options(reverse("api:docs")).status_code == 405


def test_api_docs_page_is_not_an_operation_of_the_api():
    schema = SchemaGenerator().get_schema(request=None, public=True)
    assert "/api/v1/docs/" not in schema["paths"]
