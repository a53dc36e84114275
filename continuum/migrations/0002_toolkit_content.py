"""Load the toolkit's shipped instruments (published) and resource library.

The content lives in continuum/content/ as instrument documents, the same format
`manage.py export_rubric` writes.
"""

from django.db import migrations


def load(apps, schema_editor):
    from continuum.content import load_shipped

    load_shipped(apps)


class Migration(migrations.Migration):
    dependencies = [("continuum", "0001_initial")]

    operations = [migrations.RunPython(load, migrations.RunPython.noop)]
