"""A submitted meerjarenplan goes to the preferente zorgverzekeraar, who agrees or comments;
only an agreed plan can be adopted (docs/decisions/0019). Planned voortgangsgesprekken."""

import datetime as dt

import pytest
from django.core.exceptions import ValidationError
from django.urls import reverse
from django.utils import timezone

from accounts.actor import Actor
from accounts.models import Notificatie
from netwerk import services
from netwerk.models import PlanBeoordeling, PlanStatus
from tests.netwerk.factories import ZorgverzekeraarFactory, verzekeraar_user
from tests.netwerk.plans import filled_plan

pytestmark = pytest.mark.django_db


@pytest.fixture
def ingediend(netwerk, coordinator):
    plan = filled_plan(netwerk, coordinator)
    return services.meerjarenplan_submit(plan=plan, actor=Actor.of(coordinator))


def test_submitting_tells_the_preferente_verzekeraar(netwerk, coordinator, verzekeraar):
    andere = verzekeraar_user(ZorgverzekeraarFactory())
    services.meerjarenplan_submit(
        plan=filled_plan(netwerk, coordinator), actor=Actor.of(coordinator)
    )
    assert Notificatie.objects.filter(user=verzekeraar).count() == 1
    assert not Notificatie.objects.filter(user=andere).exists()


def test_the_coordinator_cannot_adopt_before_the_insurer_agreed(ingediend, coordinator):
    with pytest.raises(ValidationError, match="akkoord"):
        services.meerjarenplan_adopt(
            plan=ingediend, actor=Actor.of(coordinator), op=dt.date(2025, 3, 1)
        )
    ingediend.refresh_from_db()
    assert ingediend.status == PlanStatus.INGEDIEND


def test_comments_need_a_text_and_keep_the_plan_unadoptable(ingediend, coordinator, verzekeraar):
    actor = Actor.of(verzekeraar)
    with pytest.raises(ValidationError):
        services.meerjarenplan_beoordelen(
            plan=ingediend, actor=actor, beoordeling=PlanBeoordeling.OPMERKINGEN
        )
    services.meerjarenplan_beoordelen(
        plan=ingediend,
        actor=actor,
        beoordeling=PlanBeoordeling.OPMERKINGEN,
        toelichting="Werk de acties tegen de wachtlijst uit.",
    )
    assert Notificatie.objects.filter(user=coordinator).exists()
    with pytest.raises(ValidationError, match="akkoord"):
        services.meerjarenplan_adopt(
            plan=ingediend, actor=Actor.of(coordinator), op=dt.date(2025, 3, 1)
        )
    # back to concept, changed, submitted again: the earlier answer no longer counts
    services.meerjarenplan_withdraw(plan=ingediend, actor=Actor.of(coordinator))
    opnieuw = services.meerjarenplan_submit(plan=ingediend, actor=Actor.of(coordinator))
    assert (opnieuw.beoordeling, opnieuw.beoordeling_toelichting) == (PlanBeoordeling.GEEN, "")


def test_after_agreement_the_coordinator_adopts(ingediend, coordinator, verzekeraar):
    services.meerjarenplan_beoordelen(
        plan=ingediend, actor=Actor.of(verzekeraar), beoordeling=PlanBeoordeling.AKKOORD
    )
    plan = services.meerjarenplan_adopt(
        plan=ingediend, actor=Actor.of(coordinator), op=dt.date(2025, 3, 1)
    )
    assert (plan.status, plan.beoordeeld_door) == (PlanStatus.VASTGESTELD, verzekeraar)


def test_only_a_submitted_plan_is_answered(netwerk, coordinator, verzekeraar):
    plan = filled_plan(netwerk, coordinator)
    with pytest.raises(ValidationError, match="ingediend"):
        services.meerjarenplan_beoordelen(
            plan=plan, actor=Actor.of(verzekeraar), beoordeling=PlanBeoordeling.AKKOORD
        )


def test_the_preferente_verzekeraar_sees_and_answers_submitted_plans_on_the_pages(
    client, ingediend, verzekeraar, coordinator
):
    client.force_login(verzekeraar)
    lijst = client.get(reverse("netwerk:plannen_ter_beoordeling")).content.decode()
    assert reverse("netwerk:plan_detail", args=[ingediend.pk]) in lijst
    assert "Wacht op beoordeling" in lijst
    detail = client.get(reverse("netwerk:plan_detail", args=[ingediend.pk])).content.decode()
    assert "Akkoord geven" in detail

    client.post(
        reverse("netwerk:plan_review", args=[ingediend.pk]),
        {"beoordeling": "akkoord", "toelichting": "Goed plan."},
    )
    ingediend.refresh_from_db()
    assert ingediend.beoordeling == PlanBeoordeling.AKKOORD

    client.force_login(coordinator)
    detail = client.get(reverse("netwerk:plan_detail", args=[ingediend.pk])).content.decode()
    assert reverse("netwerk:plan_adopt", args=[ingediend.pk]) in detail
    bevestigen = client.get(reverse("netwerk:plan_adopt", args=[ingediend.pk])).content.decode()
    assert "Ja, plan vaststellen" in bevestigen
    ingediend.refresh_from_db()
    assert ingediend.status == PlanStatus.INGEDIEND  # the confirmation page changes nothing
    client.post(reverse("netwerk:plan_adopt", args=[ingediend.pk]), {"op": "2025-03-01"})
    ingediend.refresh_from_db()
    assert ingediend.status == PlanStatus.VASTGESTELD


def test_another_insurer_cannot_answer(client, ingediend):
    client.force_login(verzekeraar_user(ZorgverzekeraarFactory()))
    response = client.post(
        reverse("netwerk:plan_review", args=[ingediend.pk]), {"beoordeling": "akkoord"}
    )
    assert response.status_code in (403, 404)
    ingediend.refresh_from_db()
    assert ingediend.beoordeling == PlanBeoordeling.GEEN


# --- Voortgangsgesprekken: planned and held ---------------------------------------------------


def test_a_future_meeting_is_planned_and_does_not_clear_the_overdue_flag(
    client, netwerk, coordinator
):
    vandaag = timezone.localdate()
    services.voortgangsgesprek_create(
        netwerk=netwerk,
        actor=Actor.of(coordinator),
        datum=vandaag - dt.timedelta(days=400),
        deelnemers="A",
    )
    services.voortgangsgesprek_create(
        netwerk=netwerk,
        actor=Actor.of(coordinator),
        datum=vandaag + dt.timedelta(days=20),
        deelnemers="A",
    )
    client.force_login(coordinator)
    lijst = client.get(reverse("netwerk:gesprek_list", args=[netwerk.pk])).content.decode()
    assert "Gepland" in lijst
    assert "geen voortgangsgesprek gevoerd" in lijst
    dashboard = client.get(reverse("netwerk:detail", args=[netwerk.pk])).content.decode()
    assert "geen voortgangsgesprek" in dashboard


def test_a_held_meeting_is_not_dated_in_the_future(netwerk, coordinator):
    with pytest.raises(ValidationError, match="gehouden gesprek"):
        services.voortgangsgesprek_create(
            netwerk=netwerk,
            actor=Actor.of(coordinator),
            datum=timezone.localdate() + dt.timedelta(days=3),
            deelnemers="A",
            samenvatting="We bespraken de wachtlijst.",
        )


def test_overdue_afspraken_and_actions_read_over_tijd(client, netwerk, coordinator):
    vandaag = timezone.localdate()
    gesprek = services.voortgangsgesprek_create(
        netwerk=netwerk,
        actor=Actor.of(coordinator),
        datum=vandaag - dt.timedelta(days=30),
        deelnemers="A",
    )
    services.afspraak_create(
        gesprek=gesprek,
        actor=Actor.of(coordinator),
        omschrijving="Cijfers nasturen",
        eigenaar="Coördinator",
        opvolgdatum=vandaag - dt.timedelta(days=2),
    )
    plan = filled_plan(netwerk, coordinator, startjaar=vandaag.year, eindjaar=vandaag.year + 1)
    services.actie_create(
        jaarplan=plan.jaarplannen.get(jaar=vandaag.year),
        actor=Actor.of(coordinator),
        omschrijving="Werving casemanagers",
        eigenaar="Netwerk",
        deadline=vandaag - dt.timedelta(days=1),
    )
    client.force_login(coordinator)
    detail = client.get(reverse("netwerk:gesprek_detail", args=[gesprek.pk])).content.decode()
    assert "Over tijd" in detail
    jaarplan = client.get(
        reverse("netwerk:jaarplan_detail", args=[plan.pk, vandaag.year])
    ).content.decode()
    assert "Over tijd" in jaarplan
