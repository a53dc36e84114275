"""The agenda tools' pages, under /e/<ecosystem_slug>/agendas/: one module per tool."""

from . import cycles, factsheets, plan

app_name = "agendas"

urlpatterns = [*cycles.urlpatterns, *plan.urlpatterns, *factsheets.urlpatterns]
