"""The Dutch gemeenten per 1 January 2025 (CBS gemeentelijke indeling, 342 gemeenten).

Later changes come in with `python manage.py gemeenten_bijwerken <CBS-csv>`.
"""

from django.db import migrations


def load(apps, schema_editor):
    from netwerk.reference import load_gemeenten

    load_gemeenten(apps.get_model("netwerk", "Gemeente"))


class Migration(migrations.Migration):
    dependencies = [("netwerk", "0001_initial")]

    operations = [migrations.RunPython(load, migrations.RunPython.noop)]
