from django.apps import AppConfig


class ProjectConfig(AppConfig):
    """The project itself, installed after every app: it wires together apps that may not
    import each other (siblings in the layering of pyproject's import-linter contract). A
    lower app declares the hook; the app holding the data registers itself when it sits above
    the hook (netwerk for accounts' memberships); for siblings the project does it here.
    See docs/decisions/0014-no-upward-edges.md."""

    name = "config"
    verbose_name = "Samenstelling van de apps"

    def ready(self) -> None:
        from casemanagement.selectors import realisatie_per_organisatie
        from inkoop.realisatie import register_bron

        from .admin_nl import dutch_admin_names

        # The admin in Dutch, also for the apps of others (config.admin_nl).
        dutch_admin_names()

        # inkoop shows beside each contract what the organisation realised according to
        # the contact log, which lives in casemanagement.
        register_bron(realisatie_per_organisatie)
