"""A partner's log (interactions, harvests, health checks, reflections), one module per
subject; partners/urls/logs.py routes to them."""
