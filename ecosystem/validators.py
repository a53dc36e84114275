"""One rule for text that must stay on one line: names, titles, short labels, addresses.

Such values end up where a line break cannot go: e-mail subjects, iCalendar properties,
CSV cells, the one-line labels of pages and PDFs. An ecosystem named with a line break
once made every invitation and the whole calendar feed fail. Every single-line field
refuses them (``validate_single_line``); where a value goes into a header or a one-line
property anyway, ``single_line()`` makes whatever is already stored safe.

What "control character" means here, precisely:

- Unicode category Cc, all of it: the C0 controls U+0000-U+001F (tab, line feed,
  carriage return, vertical tab, form feed, and the file, group and record separators
  U+001C-U+001E that Python's ``str.splitlines()`` also breaks at), DEL U+007F and the
  C1 controls U+0080-U+009F (among them NEL U+0085, a line break to some software).
  Unicode's stability policy fixes Cc to exactly these 65 code points.
- U+2028 LINE SEPARATOR and U+2029 PARAGRAPH SEPARATOR: line breaks by another name.
- The bidirectional embeddings, overrides and isolates U+202A-U+202E and U+2066-U+2069.
  They change the order in which the text around them is shown, so a name can read as
  something it is not ("Trojan Source", CVE-2021-42574), and their effect can spill
  into the text the name is shown in. Right-to-left names need none of them: the
  Unicode bidirectional algorithm orders Arabic or Hebrew text by itself.

Still allowed: every letter, mark, digit, punctuation and symbol, ordinary and no-break
spaces, the zero-width joiner and non-joiner (emoji sequences, Indic and Persian
spelling), and the left-to-right, right-to-left and Arabic letter marks (U+200E, U+200F,
U+061C), which only settle the direction of neutral characters such as "C++" next to
Hebrew and cannot reorder a word. Multi-line fields (text areas) keep line breaks and
tabs: they do not use this rule.
"""

from __future__ import annotations

import re
from typing import Any

from django.core.exceptions import ValidationError
from django.utils.translation import gettext_lazy as _

SINGLE_LINE_MESSAGE = _("Use one line: no line breaks, tabs or other control characters.")

CONTROL_CHARACTERS = re.compile("[\x00-\x1f\x7f-\x9f\u2028\u2029\u202a-\u202e\u2066-\u2069]")
# A run of control characters or whitespace, which becomes one space in a one-line slot.
_CONTROL_OR_SPACE_RUN = re.compile(rf"(?:\s|{CONTROL_CHARACTERS.pattern})+")


def validate_single_line(value: Any) -> None:
    """Refuse a value holding a control character (see the module's docstring)."""
    if isinstance(value, str) and CONTROL_CHARACTERS.search(value):
        raise ValidationError(SINGLE_LINE_MESSAGE, code="single_line")


def single_line(value: str) -> str:
    """``value`` for a slot that must be one line (an e-mail header, an iCalendar summary):
    each run of whitespace and control characters becomes a single space."""
    return _CONTROL_OR_SPACE_RUN.sub(" ", value).strip()


def plain_lines(value: str) -> str:
    """Multi-line text for a slot that takes line breaks but no other control character:
    every kind of line break becomes "\\n", every other control character a space."""
    return "\n".join(CONTROL_CHARACTERS.sub(" ", line) for line in value.splitlines())
