"""Optimistic locking: two people editing the same record never silently overwrite each other.

A versioned model has a ``version`` integer. Its edit form carries the version the user
started from; saving checks that nobody saved in between. If somebody did, the form is
shown again with the user's input intact, the other person's values beside it, and the
new version, so a second "Save" is a deliberate choice to overwrite.
"""

from __future__ import annotations

from typing import Any

from django import forms
from django.db import models, transaction
from django.utils.translation import gettext_lazy as _


class Versioned(models.Model):
    """A record whose edits are checked: every checked save raises ``version`` by one."""

    version = models.PositiveIntegerField(default=1, editable=False)

    class Meta:
        abstract = True


class StaleEditError(Exception):
    """Somebody saved the record after this edit began."""

    def __init__(self, latest: models.Model) -> None:
        super().__init__("The record changed while it was being edited.")
        self.latest = latest


def save_versioned(instance: Versioned, expected_version: int) -> None:
    """Save ``instance`` if its stored version is still ``expected_version``."""
    model = type(instance)
    with transaction.atomic():
        # The row lock makes check-and-save one step on PostgreSQL; SQLite has no row
        # locks but runs one write transaction at a time.
        latest = model._base_manager.select_for_update().get(pk=instance.pk)
        if latest.version != expected_version:
            raise StaleEditError(latest)
        instance.version = latest.version + 1
        instance.save()


class VersionedModelForm(forms.ModelForm[Any]):
    """A ModelForm for a model with a ``version`` field; use ``save_checked()`` to save."""

    version = forms.IntegerField(widget=forms.HiddenInput, required=False)

    def __init__(self, *args: Any, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        self.fields["version"].initial = self.instance.version if self.instance.pk else None
        self.conflicts: list[tuple[str, str, str]] = []

    def save_checked(self) -> Any | None:
        """Save and return the instance; or, if someone saved first, return None and leave
        the form showing both versions."""
        instance = self.save(commit=False)
        if instance.pk is None:
            instance.save()
        else:
            try:
                save_versioned(instance, self.cleaned_data["version"] or 0)
            except StaleEditError as error:
                self._show_conflict(error.latest)
                return None
        self.save_m2m()
        return instance

    def _show_conflict(self, latest: Any) -> None:
        self.conflicts = []
        for name, field in self.fields.items():
            if name == "version" or not hasattr(latest, name):
                continue
            theirs = getattr(latest, name)
            yours = self.cleaned_data.get(name)
            if theirs != yours:
                self.conflicts.append(
                    (str(field.label), _display(latest, name), _choice_label(field, yours))
                )
        # Keep everything typed, but move the form to the latest version: saving again
        # now overwrites knowingly.
        data = self.data.copy()  # type: ignore[attr-defined]  # a QueryDict from the request
        data[self.add_prefix("version")] = str(latest.version)
        self.data = data
        self.add_error(
            None,
            _(
                "Someone else saved this while you were editing. Your changes are kept below "
                "and have not been saved yet. Compare them with the saved values, then save "
                "again to keep yours."
            ),
        )


def _display(instance: models.Model, name: str) -> str:
    getter = getattr(instance, f"get_{name}_display", None)
    return str(getter()) if getter else _plain(getattr(instance, name))


def _choice_label(field: forms.Field, value: Any) -> str:
    labels: dict[Any, Any] = {}
    for key, label in getattr(field, "choices", []):
        if isinstance(label, (list, tuple)):  # an <optgroup>
            labels.update(label)
        else:
            labels[key] = label
    return _plain(labels.get(value, value))


def _plain(value: Any) -> str:
    return "" if value is None else str(value)
