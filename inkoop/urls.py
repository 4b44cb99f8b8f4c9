from django.urls import path

from . import views

app_name = "inkoop"

urlpatterns = [
    path("contracten/", views.contract_list, name="contract_list"),
    path("contracten/nieuw/", views.contract_create, name="contract_create"),
    path("contracten/<int:contract_pk>/", views.contract_detail, name="contract_detail"),
    path("contracten/<int:contract_pk>/bewerken/", views.contract_update, name="contract_update"),
    path("contracten/<int:contract_pk>/aanbieden/", views.contract_offer, name="contract_offer"),
    path(
        "contracten/<int:contract_pk>/accepteren/",
        views.contract_accept,
        name="contract_accept",
    ),
    path("contracten/<int:contract_pk>/afwijzen/", views.contract_decline, name="contract_decline"),
    path("contracten/<int:contract_pk>/beeindigen/", views.contract_end, name="contract_end"),
    path(
        "contracten/<int:contract_pk>/indicatoren/nieuw/",
        views.contractindicator_create,
        name="contractindicator_create",
    ),
    path("netwerken/<int:netwerk_pk>/capaciteit/", views.capaciteit, name="capaciteit"),
    # the panel on the network's dashboard (docs/decisions/0014)
    path(
        "netwerken/<int:netwerk_pk>/capaciteit/paneel/",
        views.capaciteit_paneel,
        name="capaciteit_paneel",
    ),
]
