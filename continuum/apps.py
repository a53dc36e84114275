from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _


class ContinuumConfig(AppConfig):
    name = "continuum"
    verbose_name = _("Ecosystem Continuum")
