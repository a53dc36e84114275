"""Who may do what in the Continuum, each rule decided in one place and named ``may_*``
(as in ``agendas/rules.py``).

Who may see a person's answers in a round: every view that shows individual answers, or
puts a name next to them, asks ``may_see_answers``; the pages explain the same rule with
``templates/continuum/_privacy.html``.

- Your own answers are always yours to read, drafts included.
- While a round is open, other people's answers are for coordinators only: early answers
  must not sway the later ones, and a draft is nobody else's business.
- Once a named round is closed, every member sees each person's answers with their name.
- In an anonymous round nobody ties an answer to another person's name, coordinators
  included: the results show what was said, never who said it.
"""

from __future__ import annotations

from ecosystem.models import Membership

from .models import Round


def may_see_answers(membership: Membership, round: Round, respondent_id: int | None) -> bool:
    """Whether this member may read, with the name, the answers of the person whose user
    id is ``respondent_id``. ``None`` stands for "someone else", e.g. for the names next
    to the evidence on the results page."""
    if respondent_id is not None and respondent_id == membership.user_id:
        return True
    if round.anonymous:
        return False
    if round.is_open:
        return membership.is_coordinator
    return True
