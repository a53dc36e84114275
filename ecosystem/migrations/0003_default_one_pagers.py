"""Install the shipped wording of the two promotional one-pagers (left alone if present)."""

from django.db import migrations


def load(apps, schema_editor):
    from ecosystem.overview.reports.onepagers import load_defaults

    load_defaults(apps)


class Migration(migrations.Migration):
    dependencies = [("ecosystem", "0002_report_jobs_and_one_pagers")]

    operations = [migrations.RunPython(load, migrations.RunPython.noop)]
