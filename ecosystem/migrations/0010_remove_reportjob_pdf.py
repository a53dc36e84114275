from django.db import migrations


class Migration(migrations.Migration):
    dependencies = [("ecosystem", "0009_report_files_in_private_storage")]

    operations = [migrations.RemoveField(model_name="reportjob", name="pdf")]
