"""Addresses stored before normalize_email applied NFKC and case folding get that spelling.

Every address already went through strip() and lower(), so only addresses with
compatibility characters (full-width letters, ligatures) or letters such as "ß" change.
Should two accounts meet in one spelling, both are left as they are and named, for a site
administrator to merge: silently picking one would lock the other person out.
"""

import unicodedata

from django.db import migrations


def spelling(email):
    folded = unicodedata.normalize("NFKC", email).casefold()
    return unicodedata.normalize("NFKC", folded).strip()


def renormalize(apps, schema_editor):
    User = apps.get_model("ecosystem", "User")
    Invitation = apps.get_model("ecosystem", "Invitation")
    taken = set(User.objects.values_list("email", flat=True))
    for user in User.objects.all().only("pk", "email"):
        wanted = spelling(user.email)
        if wanted == user.email:
            continue
        if wanted in taken:
            print(f"\n  Not changed: {user.email!r} would become {wanted!r}, an address already used.")
            continue
        taken.discard(user.email)
        taken.add(wanted)
        User.objects.filter(pk=user.pk).update(email=wanted)
    for invitation in Invitation.objects.filter(accepted_at__isnull=True).only("pk", "email"):
        wanted = spelling(invitation.email)
        if wanted != invitation.email:
            clash = Invitation.objects.filter(
                ecosystem_id=invitation.ecosystem_id, email=wanted, accepted_at__isnull=True
            )
            if not clash.exists():
                Invitation.objects.filter(pk=invitation.pk).update(email=wanted)


class Migration(migrations.Migration):
    dependencies = [("ecosystem", "0003_default_one_pagers")]

    operations = [migrations.RunPython(renormalize, migrations.RunPython.noop)]
