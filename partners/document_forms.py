"""The form that attaches a document to a partner (its kind, a title and the file), and the
partner page's documents section that shows it."""

from __future__ import annotations

from typing import Any

from django import forms
from django.conf import settings
from django.db import transaction
from django.template.defaultfilters import filesizeformat
from django.utils.functional import lazy
from django.utils.translation import gettext
from django.utils.translation import gettext_lazy as _

from ecosystem.models import User

from .documents import ALLOWED_EXTENSIONS, CheckedFile, allowed_kinds_text, check_upload
from .models import Formalization, Partner, PartnerDocument


def _file_help() -> str:
    return gettext("%(kinds)s; at most %(limit)s.") % {
        "kinds": allowed_kinds_text(),
        "limit": filesizeformat(settings.DOCUMENT_MAX_BYTES),
    }


class DocumentForm(forms.ModelForm[PartnerDocument]):
    """Every page that shows it uses the prefix "document", so its fields keep their ids
    next to the partner page's other forms."""

    prefix = "document"

    file = forms.FileField(
        label=_("File"),
        # Worked out when shown: the limit is a setting, and the words are translated.
        help_text=lazy(_file_help, str)(),
        widget=forms.ClearableFileInput(attrs={"accept": ",".join(ALLOWED_EXTENSIONS)}),
        error_messages={
            "required": _("Choose the file to attach."),
            "invalid": _("No file came with the form. Choose the file again."),
        },
        # An empty file is refused by check_upload(), with a message that names it.
        allow_empty_file=True,
    )

    class Meta:
        model = PartnerDocument
        fields = ["kind", "title", "file"]
        help_texts = {
            "kind": _("Which step in formalizing the partnership this document records."),
            "title": _("For example: Memorandum of understanding, signed March 2026."),
        }

    def __init__(self, *args: Any, partner: Partner, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        self.partner = partner
        self.checked: CheckedFile | None = None
        kind: Any = self.fields["kind"]
        kind.choices = [("", _("Choose a kind")), *Formalization.choices]
        if partner.formalization != Formalization.HANDSHAKE:
            # Most documents record the partnership's current form.
            self.initial.setdefault("kind", partner.formalization)

    def clean_file(self) -> Any:
        upload = self.cleaned_data["file"]
        self.checked = check_upload(upload)
        # Stored under a random name with the real type's extension (see document_path).
        upload.name = self.checked.original_name
        return upload

    def save_document(self, uploaded_by: User) -> PartnerDocument:
        """Store the file and its row together: if the row cannot be saved, the file that
        was just written is removed again."""
        assert self.checked is not None, "save_document() comes after is_valid()"
        document: PartnerDocument = self.save(commit=False)
        document.partner = self.partner
        document.content_type = self.checked.kind.content_type
        document.size = self.checked.size
        document.original_name = self.checked.original_name
        document.uploaded_by = uploaded_by
        try:
            with transaction.atomic():
                document.save()
        except Exception:
            if document.file.name:
                document.file.storage.delete(document.file.name)
            raise
        return document


def detail_context(partner: Partner) -> dict[str, Any]:
    """What ``templates/partners/partials/_documents.html`` needs, in one query."""
    return {
        "documents": list(partner.documents.select_related("uploaded_by")),
        "document_form": DocumentForm(partner=partner),
    }
