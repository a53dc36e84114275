"""Webs of Connection: the ties between the ecosystem's organizations and partners, their
coverage, how they changed from year to year, and their picture."""
