"""A report job's "progress" is the percent of its render done: the field says so, and
"progress" is left to the ecosystem's progress record."""

from django.db import migrations, models


class Migration(migrations.Migration):
    dependencies = [("ecosystem", "0010_remove_reportjob_pdf")]

    operations = [
        migrations.RenameField(model_name="reportjob", old_name="progress", new_name="percent_done"),
        migrations.AlterField(
            model_name="reportjob",
            name="percent_done",
            field=models.PositiveSmallIntegerField(default=0, verbose_name="percent done"),
        ),
    ]
