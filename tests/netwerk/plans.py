"""Helpers to build plans in tests through the services, as users would."""

from decimal import Decimal

from accounts.actor import Actor
from netwerk import services
from netwerk.models import Onderwerp


def filled_plan(netwerk, user, *, startjaar=2025, eindjaar=2028):
    plan = services.meerjarenplan_create(
        netwerk=netwerk,
        actor=Actor.of(user),
        titel="Meerjarenplan",
        startjaar=startjaar,
        eindjaar=eindjaar,
    )
    for sectie in plan.secties.all():
        services.plansectie_update(
            sectie=sectie, actor=Actor.of(user), tekst=f"Tekst over {sectie.kop}"
        )
    return plan


def adopted_plan(netwerk, user, **kwargs):
    import datetime as dt

    plan = filled_plan(netwerk, user, **kwargs)
    services.meerjarenplan_submit(plan=plan, actor=Actor.of(user))
    agree(plan)
    return services.meerjarenplan_adopt(
        plan=plan, actor=Actor.of(user), op=dt.date(plan.startjaar, 3, 1)
    )


def goal_with_indicator(plan, user, *, targets=None, higher_is_better=True):
    doel = services.doel_create(
        plan=plan, actor=Actor.of(user), titel="Binnen de Treeknorm", onderwerp=Onderwerp.WACHTLIJST
    )
    indicator = services.indicator_create(
        doel=doel,
        actor=Actor.of(user),
        naam="Gestart binnen 6 weken",
        eenheid="%",
        basiswaarde=Decimal("60"),
        hoger_is_beter=higher_is_better,
        streefwaarden=targets or {2025: Decimal("70"), 2026: Decimal("80"), 2028: Decimal("95")},
    )
    return doel, indicator


def preferent_user(netwerk):
    """A user of the network's preferente zorgverzekeraar (found, else made)."""
    from accounts.models import Role, User
    from tests.netwerk.factories import verzekeraar_user

    verzekeraar = netwerk.preferente_zorgverzekeraar
    bestaand = (
        User.objects.filter(
            memberships__rol=Role.VERZEKERAAR,
            memberships__actief=True,
            memberships__zorgverzekeraar=verzekeraar,
        )
        .order_by("pk")
        .first()
    )
    return bestaand or verzekeraar_user(verzekeraar)


def agree(plan):
    """The preferente zorgverzekeraar agrees with the submitted plan (decision 0019), as the
    insurer's user: nobody else may."""
    from netwerk.models import PlanBeoordeling

    return services.meerjarenplan_beoordelen(
        plan=plan,
        actor=Actor.of(preferent_user(plan.netwerk)),
        beoordeling=PlanBeoordeling.AKKOORD,
    )
