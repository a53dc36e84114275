"""The layer that pulls every tool together: the dashboard, the printed reports, the
workshop kit, the one-pagers and the tool list, with their views.

The foundation (the rest of ``ecosystem``) imports no tool; this package is where the
tools meet, and no tool imports it (``tests/test_layers.py`` holds both rules).
"""
