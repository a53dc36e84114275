"""A finished report job's PDF moves from a database column to a file in the private
storage (where the partner documents live): the rows stay small, and the bytes are read
from disk only when someone downloads them. The old column goes in the next migration,
so that PostgreSQL never alters the table after updating its rows in one transaction."""

from django.core.files.base import ContentFile
from django.db import migrations, models, transaction

import ecosystem.storage


def bytes_to_files(apps, schema_editor):
    ReportJob = apps.get_model("ecosystem", "ReportJob")
    # One job's bytes in memory at a time: each can run to megabytes.
    for pk in ReportJob.objects.filter(pdf__isnull=False).values_list("pk", flat=True):
        job = ReportJob.objects.only("pk", "pdf", "file").get(pk=pk)
        job.file.save(f"{job.pk}.pdf", ContentFile(bytes(job.pdf)), save=False)
        ReportJob.objects.filter(pk=pk).update(file=job.file.name)


def files_to_bytes(apps, schema_editor):
    ReportJob = apps.get_model("ecosystem", "ReportJob")
    for job in ReportJob.objects.exclude(file="").only("pk", "file"):
        try:
            with job.file.open("rb") as handle:
                content = handle.read()
        except FileNotFoundError:
            continue
        ReportJob.objects.filter(pk=job.pk).update(pdf=content, file="")
        storage, name = job.file.storage, job.file.name
        transaction.on_commit(lambda: storage.delete(name), using=schema_editor.connection.alias)


class Migration(migrations.Migration):
    dependencies = [("ecosystem", "0008_one_voice_names_only_signers")]

    operations = [
        migrations.AddField(
            model_name="reportjob",
            name="file",
            field=models.FileField(
                blank=True,
                editable=False,
                storage=ecosystem.storage.private_storage,
                upload_to=ecosystem.storage.report_file_path,
                verbose_name="file",
            ),
        ),
        migrations.RunPython(bytes_to_files, files_to_bytes),
    ]
