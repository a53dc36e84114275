"""Name what the shipped instruments draw on and where each shipped resource is published."""

from django.db import migrations


def credit(apps, schema_editor):
    from continuum.content import apply_credits

    apply_credits(apps)


class Migration(migrations.Migration):
    dependencies = [("continuum", "0004_ecosystem_adaptations_and_resource_sources")]

    operations = [migrations.RunPython(credit, migrations.RunPython.noop)]
