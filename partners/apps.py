from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _


class PartnersConfig(AppConfig):
    name = "partners"
    verbose_name = _("Partners and progress")

    def ready(self) -> None:
        # Connects the signal that removes a document's file when its record goes.
        from . import documents  # noqa: F401
