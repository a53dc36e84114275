from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _


class ContinuumConfig(AppConfig):
    name = "continuum"
    verbose_name = _("Ecosystem Continuum")

    def ready(self) -> None:
        # The foundation cannot import the Continuum, so the Continuum tells it how a
        # newcomer joins the open rounds (ecosystem/newcomers.py).
        from ecosystem import newcomers

        from .joining import HOOKS

        newcomers.connect(HOOKS)
