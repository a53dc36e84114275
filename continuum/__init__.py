"""The Ecosystem Continuum: rubrics, self-assessment rounds and their results (issue 3)."""
