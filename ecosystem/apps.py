from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _


class EcosystemConfig(AppConfig):
    name = "ecosystem"
    verbose_name = _("Ecosystems and members")
    default_auto_field = "django.db.models.BigAutoField"

    def ready(self) -> None:
        from .security import receivers  # noqa: F401 (connects the security receivers)
