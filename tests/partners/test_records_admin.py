"""Site administrators find and correct any ecosystem's partners in the admin."""

from __future__ import annotations

from django.urls import reverse


def test_partners_are_listed_searchable_by_contact_and_filterable(admin_client, world):
    url = reverse("admin:partners_partner_changelist")

    found = admin_client.get(url, {"q": "Pat Reader"}).content.decode()
    assert world.partner.name in found
    assert world.other_partner.name in found
    filtered = admin_client.get(url, {"ecosystem__id__exact": world.other.pk}).content.decode()
    assert world.other_partner.name in filtered
    assert world.partner.name not in filtered


def _change(admin_client, partner, **changes):
    data = {
        "ecosystem": partner.ecosystem_id,
        "name": partner.name,
        "sector": partner.sector,
        "library_lead": partner.library_lead_id or "",
        "stage": partner.stage,
        "phase": partner.phase,
        "formalization": partner.formalization,
        "status": partner.status,
        "contacts-TOTAL_FORMS": "0",
        "contacts-INITIAL_FORMS": "0",
        **changes,
    }
    return admin_client.post(reverse("admin:partners_partner_change", args=[partner.pk]), data)


def test_the_admin_refuses_a_lead_from_another_ecosystem(admin_client, world):
    response = _change(admin_client, world.partner, library_lead=world.users["outsider"].pk)

    assert response.status_code == 200
    assert "must be a member of the partner" in response.content.decode()


def test_an_admin_edit_moves_the_version_on_and_is_kept_in_history(admin_client, world):
    version = world.partner.version
    response = _change(admin_client, world.partner, stage="strategic")

    assert response.status_code == 302
    world.partner.refresh_from_db()
    assert (world.partner.stage, world.partner.version) == ("strategic", version + 1)
    assert world.partner.history.first().stage == "strategic"
