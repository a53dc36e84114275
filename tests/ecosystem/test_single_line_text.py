"""Single-line fields (names, titles, short labels, addresses) refuse control characters;
multi-line fields keep their line breaks. Guards make sure every such field says so."""

from __future__ import annotations

import importlib
import pkgutil
import sys
import unicodedata
from types import ModuleType

import pytest
from django import forms
from django.apps import apps
from django.db import models
from django.urls import reverse
from simple_history.models import HistoricalChanges

from continuum.models import Topic
from ecosystem.models import Ecosystem, User
from ecosystem.validators import (
    SINGLE_LINE_MESSAGE,
    plain_lines,
    single_line,
    validate_single_line,
)
from tests.world import INVITATION_TOKEN

APPS = ("ecosystem", "continuum", "agendas", "partners")

# Control characters a single line refuses, as typed or pasted between two words.
MARKS = ["\n", "\r", "\r\n", "\t", "\x00", "\x0b", "\x0c", "\x1e", "\x7f", "\x85", "\u2028"]
MARKS += ["\u2029", "\u202e", "\u2067"]

# Written by Django for us, never typed by anyone and never shown.
EXEMPT_MODEL_FIELDS = {
    ("ecosystem.User", "password"): "Django's own field for the password hash",
}


def refused(value: str) -> bool:
    try:
        validate_single_line(value)
    except forms.ValidationError:
        return True
    return False


# --- What the rule refuses and allows ----------------------------------------------------------


def test_every_character_of_unicode_category_cc_is_refused():
    controls = [chr(n) for n in range(sys.maxunicode + 1) if unicodedata.category(chr(n)) == "Cc"]

    assert len(controls) == 65
    assert all(refused(f"a{ch}b") for ch in controls)


def test_every_character_python_breaks_lines_at_is_refused():
    breaks = [chr(n) for n in range(0x3000) if len(f"a{chr(n)}b".splitlines()) > 1]

    assert "\u2028" in breaks
    assert all(refused(f"a{ch}b") for ch in breaks)


@pytest.mark.parametrize("mark", [chr(n) for n in (*range(0x202A, 0x202F), *range(0x2066, 0x206A))])
def test_bidirectional_overrides_and_isolates_are_refused(mark):
    assert refused(f"invoice{mark}fdp.exe")


@pytest.mark.parametrize(
    "text",
    [
        "Bibliothèque publique de Québec",
        "مكتبة المدينة",  # right-to-left needs no control character
        "ספרייה C++\u200f",  # a right-to-left mark only settles neutral characters
        "Family 👩\u200d👩\u200d👧 reading",  # zero-width joiners make one emoji
        "Rural\u00a0libraries",  # a no-break space is still a space
        "A\u2013Z & more: \u201cquoted\u201d ©",
    ],
)
def test_ordinary_text_in_any_script_is_allowed(text):
    assert not refused(text)


def test_values_going_into_one_line_slots_collapse_to_single_spaces():
    assert single_line(" Test\r\n\tState\u2028\u202eAssociation\x00 ") == "Test State Association"


def test_multi_line_values_keep_one_kind_of_line_break_and_lose_other_controls():
    assert plain_lines("One\r\nTwo\rThree\u2028Four\x00five\u202e") == "One\nTwo\nThree\nFour five "


# --- Forms refuse them next to the field -----------------------------------------------------


@pytest.mark.parametrize("mark", MARKS, ids=ascii)
def test_the_ecosystem_settings_refuse_a_name_with_a_control_character(world, client_for, mark):
    response = client_for("coordinator").post(
        reverse("ecosystem:settings", args=[world.slug]),
        {
            "name": f"Test{mark}State",
            "level": world.ecosystem.level,
            "region": "",
            "description": "",
            "version": world.ecosystem.version,
        },
    )

    assert response.status_code == 200
    errors = response.context["form"].errors["name"]
    if mark != "\x00":  # Django's own check refuses a null character first
        assert errors == [SINGLE_LINE_MESSAGE]
    assert Ecosystem.objects.get(pk=world.ecosystem.pk).name == "Test State Ecosystem"


def test_a_description_keeps_its_line_breaks_and_tabs(world, client_for):
    description = "First line.\r\n\tIndented second line."

    response = client_for("coordinator").post(
        reverse("ecosystem:settings", args=[world.slug]),
        {
            "name": "Test State Ecosystem",
            "level": world.ecosystem.level,
            "region": "",
            "description": description,
            "version": world.ecosystem.version,
        },
    )

    assert response.status_code == 302
    assert Ecosystem.objects.get(pk=world.ecosystem.pk).description == description


def test_the_admin_refuses_a_name_with_a_line_break(world, client):
    admin = User.objects.create_superuser(email="root@world.example", password="x")
    client.force_login(admin)

    response = client.post(
        reverse("admin:continuum_topic_add"), {"name": "Civic\ndata", "slug": "civic-data"}
    )

    assert response.status_code == 200
    assert str(SINGLE_LINE_MESSAGE) in response.content.decode()
    assert not Topic.objects.filter(slug="civic-data").exists()


def test_a_newcomer_cannot_join_with_a_line_break_in_their_name(world, client_for):
    password = "a long and unusual passphrase 42"

    response = client_for("anonymous").post(
        reverse("accounts:invitation_accept", args=[INVITATION_TOKEN]),
        {"full_name": "Nina\nNewcomer", "password1": password, "password2": password},
    )

    assert response.context["form"].errors["full_name"] == [SINGLE_LINE_MESSAGE]
    assert not User.objects.filter(email="newcomer@world.example").exists()


def test_a_search_treats_control_characters_as_spaces(world, client_for):
    # A search term is never stored nor put in a header: refusing it would only get in the
    # way of someone who pasted a name with a tab in it.
    response = client_for("viewer").get(
        reverse("ecosystem:member_list", args=[world.slug]), {"q": "Editor\tPerson"}
    )

    assert [m.user.email for m in response.context["page"]] == ["editor@world.example"]


# --- Guards: no single-line field may forget the rule ------------------------------------------


def single_line_model_fields() -> list[tuple[str, str, models.Field]]:
    found = []
    for app in APPS:
        for model in apps.get_app_config(app).get_models():
            # History tables copy the fields (validators included) of the models checked here.
            if issubclass(model, HistoricalChanges):
                continue
            for field in model._meta.get_fields():
                if isinstance(field, models.CharField):
                    found.append((model._meta.label, field.name, field))
    return found


def test_every_char_field_of_our_models_refuses_control_characters():
    fields = single_line_model_fields()
    missing = [
        f"{label}.{name}"
        for label, name, field in fields
        if validate_single_line not in field.validators and (label, name) not in EXEMPT_MODEL_FIELDS
    ]

    assert len(fields) > 50, "the walk found the models"
    assert not missing, "add validators=[validate_single_line] to: " + ", ".join(missing)


def our_modules() -> list[ModuleType]:
    modules = []
    for app in APPS:
        package = importlib.import_module(app)
        for info in pkgutil.walk_packages(package.__path__, prefix=f"{app}."):
            if ".migrations" in info.name or info.name.endswith(".wsgi"):
                continue
            modules.append(importlib.import_module(info.name))
    return modules


def all_subclasses(cls: type) -> set[type]:
    found = set()
    for sub in cls.__subclasses__():
        found |= {sub, *all_subclasses(sub)}
    return found


def test_every_single_line_field_declared_in_our_forms_refuses_control_characters():
    our_modules()
    missing = []
    for form in all_subclasses(forms.BaseForm):
        if not form.__module__.startswith(tuple(f"{app}." for app in APPS)):
            continue
        inherited = {
            name: field
            for base in form.__mro__[1:]
            for name, field in getattr(base, "declared_fields", {}).items()
        }
        for name, field in form.declared_fields.items():
            if inherited.get(name) is field:
                continue  # checked where it is declared (or Django's own, like sign-in)
            if not isinstance(field, forms.CharField):
                continue
            # Text areas keep line breaks; passwords are never shown nor sent anywhere,
            # and refusing what a password manager generates would only lock people out.
            if isinstance(field.widget, forms.Textarea | forms.PasswordInput):
                continue
            if validate_single_line not in field.validators:
                missing.append(f"{form.__module__}.{form.__qualname__}.{name}")

    assert not missing, "add validators=[validate_single_line] to: " + ", ".join(missing)
