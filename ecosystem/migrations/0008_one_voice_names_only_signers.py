"""The One Voice one-pager's shipped wording now names only the organizations that signed
on to the published agenda. Wording nobody edited is replaced; edited wording is left as
it is (its editors can use the new {signers} and {sign_on_summary} placeholders)."""

from django.db import migrations


def forwards(apps, schema_editor):
    from ecosystem.overview.reports.onepagers import ONE_VOICE_BODY, ONE_VOICE_BODY_BEFORE_SIGN_ONS

    OnePager = apps.get_model("ecosystem", "OnePager")
    OnePager.objects.filter(slug="one-voice", body=ONE_VOICE_BODY_BEFORE_SIGN_ONS).update(
        body=ONE_VOICE_BODY
    )


def backwards(apps, schema_editor):
    from ecosystem.overview.reports.onepagers import ONE_VOICE_BODY, ONE_VOICE_BODY_BEFORE_SIGN_ONS

    OnePager = apps.get_model("ecosystem", "OnePager")
    OnePager.objects.filter(slug="one-voice", body=ONE_VOICE_BODY).update(
        body=ONE_VOICE_BODY_BEFORE_SIGN_ONS
    )


class Migration(migrations.Migration):
    dependencies = [("ecosystem", "0007_one_pending_report_per_person")]

    operations = [migrations.RunPython(forwards, backwards)]
