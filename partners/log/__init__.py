"""A partner's log: interactions, harvests, health checks and reflections, the partner
page's sections for them, and the "needs attention" list."""
