"""What the background worker and the long documents' renderers agree on: how a renderer
reports how far it got, and how it refuses in words the person who asked can act on.

Its own module so the renderers (``kit``, ``report``) and the job runner (``jobs``) each
import it, and not each other.
"""

from __future__ import annotations

from collections.abc import Callable

# Called by a renderer as it goes: the percent done, and the step it is on, in words.
Advance = Callable[[int, str], None]


class ReportError(Exception):
    """A problem the person who asked can understand and fix; its message is shown."""
