"""Load the year-round task templates and the fact sheet's default dollar values."""

from django.db import migrations


def load(apps, schema_editor):
    from agendas.content import load_shipped

    load_shipped(apps)


class Migration(migrations.Migration):
    dependencies = [("agendas", "0001_initial")]

    operations = [migrations.RunPython(load, migrations.RunPython.noop)]
