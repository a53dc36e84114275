"""Reading an instrument document from outside (the admin's upload, ``import_rubric``):
every check a file passes before its wording is stored, each refusal saying what to fix.
"""

from __future__ import annotations

import json
from typing import Any

from django.core.exceptions import ValidationError
from django.core.validators import validate_slug
from django.utils.formats import number_format
from django.utils.translation import gettext as _

from continuum.models import Indicator, Instrument, Level, Strand
from ecosystem.validators import CONTROL_CHARACTERS

FORMAT = "workbench-instrument/1"
MAX_DOCUMENT_BYTES = 1_000_000


class DocumentError(ValueError):
    """The document cannot be imported; the message says what to fix."""


# The shipped Continuum has 4 levels, 4 strands and 20 indicators (18 KB); the checklists
# 3 levels and 20 indicators. These ceilings are far above any real instrument, and keep
# one import to a few thousand quick queries (500 indicators with 4 descriptors each,
# 750 KB: checked in 5 ms, imported in 0.6 s on SQLite).
MAX_LEVELS = 10
MAX_STRANDS = 50
MAX_INDICATORS = 500
# What the database columns hold (PositiveIntegerField, SmallIntegerField): beyond them
# PostgreSQL refuses the row with an error page instead of a message.
VERSION_NUMBERS = (1, 2_147_483_647)
LEVEL_VALUES = (-32_768, 32_767)


def check_size(size: int) -> None:
    """Refuse a document by its size alone, before any of it is read."""
    if size > MAX_DOCUMENT_BYTES:
        raise DocumentError(_("The file is larger than 1 MB; an instrument is far smaller."))


def parse(text: str | bytes) -> dict[str, Any]:
    """The document in ``text`` once it passed every check of ``validate``; DocumentError
    with a message that says what to fix otherwise."""
    check_size(len(text))  # characters rather than bytes for a str: close enough
    try:
        document = json.loads(text)
    except json.JSONDecodeError as error:
        raise DocumentError(
            _(
                "The file is not valid JSON: it goes wrong on line %(line)s, column %(column)s. "
                "Export the version again rather than editing the file by hand."
            )
            % {"line": error.lineno, "column": error.colno}
        ) from None
    except UnicodeDecodeError:
        raise DocumentError(
            _("The file is not valid JSON: it is not saved as UTF-8 text.")
        ) from None
    except RecursionError:
        raise DocumentError(
            _(
                "This is not an instrument document: its lists and objects are nested far "
                "deeper than an instrument's."
            )
        ) from None
    except ValueError:
        # Python reads numbers of at most 4,300 digits.
        raise DocumentError(
            _("The file holds a number far too long to be a version number or a level.")
        ) from None
    if not isinstance(document, dict) or document.get("format") != FORMAT:
        raise DocumentError(
            _('This is not an instrument document (expected "format": "%(format)s").')
            % {"format": FORMAT}
        )
    validate(document)
    return document


def _kind_of(value: Any) -> str:
    """What a JSON value is, in words."""
    if value is None:
        return _("null")
    if isinstance(value, bool):
        return _("true or false")
    if isinstance(value, int):
        return _("a whole number")
    if isinstance(value, float):
        return _("a decimal number")
    if isinstance(value, str):
        return _("text")
    if isinstance(value, list):
        return _("a list")
    return _("an object")


def _kind_name(kind: type) -> str:
    names = {
        str: _("text"),
        int: _("a whole number"),
        list: _("a list"),
        dict: _("an object"),
    }
    return names[kind]


def _is(value: Any, kind: type) -> bool:
    # true and false are ints to Python, never a number in a document.
    return isinstance(value, kind) and not (kind is int and isinstance(value, bool))


def _value(mapping: dict[str, Any], key: str, kind: type, where: str, required: bool) -> Any:
    """``mapping[key]`` if it is of ``kind``; None if absent and optional; refused otherwise.
    Null is refused too: an export never writes it."""
    if key not in mapping:
        if required:
            raise DocumentError(
                _('%(where)s needs "%(key)s" (%(kind)s).')
                % {"where": where, "key": key, "kind": _kind_name(kind)}
            )
        return None
    value = mapping[key]
    if not _is(value, kind):
        raise DocumentError(
            _('%(where)s: "%(key)s" must be %(kind)s, not %(found)s.')
            % {"where": where, "key": key, "kind": _kind_name(kind), "found": _kind_of(value)}
        )
    return value


def _object(value: Any, where: str) -> dict[str, Any]:
    if not _is(value, dict):
        raise DocumentError(
            _("%(where)s must be an object, not %(found)s.")
            % {"where": where, "found": _kind_of(value)}
        )
    checked: dict[str, Any] = value
    return checked


def _storable(value: str) -> bool:
    """No null character (PostgreSQL refuses it) and no half of an escaped pair such as
    "\\ud83d" (which cannot be written as UTF-8)."""
    if "\x00" in value:
        return False
    try:
        value.encode("utf-8")
    except UnicodeEncodeError:
        return False
    return True


def _text(
    mapping: dict[str, Any],
    key: str,
    where: str,
    *,
    required: bool = True,
    max_length: int | None = None,
) -> str:
    """Text that can be stored; a required one must not be blank."""
    value = _value(mapping, key, str, where, required)
    if value is None:
        return ""
    return _checked_text(value, key, where, required=required, max_length=max_length)


def _checked_text(
    value: str, key: str, where: str, *, required: bool, max_length: int | None = None
) -> str:
    if not _storable(value):
        raise DocumentError(
            _(
                '%(where)s: "%(key)s" holds a character that is not text (a null character, '
                "or half of an escaped emoji). Remove it."
            )
            % {"where": where, "key": key}
        )
    if required and not value.strip():
        raise DocumentError(_('%(where)s: "%(key)s" is empty.') % {"where": where, "key": key})
    # A value with a column length goes into a one-line field (a CharField), which
    # refuses line breaks and other control characters like every form does.
    if max_length is not None and CONTROL_CHARACTERS.search(value):
        raise DocumentError(
            _(
                '%(where)s: "%(key)s" must be one line, without line breaks, tabs or other '
                "control characters."
            )
            % {"where": where, "key": key}
        )
    if max_length is not None and len(value) > max_length:
        raise DocumentError(
            _('%(where)s: "%(key)s" is %(length)s characters long; at most %(max)s fit.')
            % {
                "where": where,
                "key": key,
                "length": number_format(len(value), force_grouping=True),
                "max": number_format(max_length, force_grouping=True),
            }
        )
    return value


def _whole_number(mapping: dict[str, Any], key: str, where: str, bounds: tuple[int, int]) -> int:
    value: int = _value(mapping, key, int, where, True)
    low, high = bounds
    if not low <= value <= high:
        raise DocumentError(
            _('%(where)s: "%(key)s" must be between %(low)s and %(high)s.')
            % {
                "where": where,
                "key": key,
                "low": number_format(low, force_grouping=True),
                "high": number_format(high, force_grouping=True),
            }
        )
    return value


def _max_length(model: Any, name: str) -> int:
    return int(model._meta.get_field(name).max_length)


def validate(document: dict[str, Any]) -> None:
    """Refuse (DocumentError) anything ``import_document`` could not store as it is: a
    missing key, a value of the wrong type or too long for its column, null, a character
    the database refuses, a repeated code, more levels, strands or indicators than an
    instrument has. Each check runs once per value, so a document of 1 MB is checked in
    well under a second."""
    # The current models give the column lengths; only their definitions are read, so the
    # data migration, which passes historical models to import_document, may call this.
    instrument = _value(document, "instrument", dict, _("The document"), True)
    where = _("The instrument")
    slug = _text(instrument, "slug", where, max_length=_max_length(Instrument, "slug"))
    try:
        validate_slug(slug)
    except ValidationError:
        raise DocumentError(
            _(
                'The instrument: "slug" may hold only letters, digits, hyphens and '
                "underscores, e.g. ecosystem-continuum."
            )
        ) from None
    _text(instrument, "name", where, max_length=_max_length(Instrument, "name"))
    kind = _value(instrument, "kind", str, where, False)
    if kind is not None and kind not in Instrument.Kind.values:
        raise DocumentError(
            _('The instrument: "kind" must be one of %(kinds)s.')
            % {"kinds": ", ".join(Instrument.Kind.values)}
        )
    _text(instrument, "description", where, required=False)

    version = _value(document, "version", dict, _("The document"), True)
    where = _("The version")
    _whole_number(version, "number", where, VERSION_NUMBERS)
    _text(version, "notes", where, required=False)

    levels = _value(document, "levels", list, _("The document"), True)
    if not levels:
        raise DocumentError(_("The scale needs at least one level."))
    if len(levels) > MAX_LEVELS:
        raise DocumentError(
            _("The scale has %(count)s levels; an instrument has at most %(max)s.")
            % {"count": number_format(len(levels), force_grouping=True), "max": MAX_LEVELS}
        )
    values: set[str] = set()
    for position, item in enumerate(levels, start=1):
        where = _("Level %(position)s") % {"position": position}
        level = _object(item, where)
        value = _whole_number(level, "value", where, LEVEL_VALUES)
        _text(level, "label", where, max_length=_max_length(Level, "label"))
        _text(
            level,
            "description",
            where,
            required=False,
            max_length=_max_length(Level, "description"),
        )
        if str(value) in values:
            raise DocumentError(_("Two levels have the same value."))
        values.add(str(value))

    strands = _value(document, "strands", list, _("The document"), True)
    if len(strands) > MAX_STRANDS:
        raise DocumentError(
            _("The document has %(count)s strands; an instrument has at most %(max)s.")
            % {"count": number_format(len(strands), force_grouping=True), "max": MAX_STRANDS}
        )
    strand_codes: set[str] = set()
    indicator_codes: set[str] = set()
    for position, item in enumerate(strands, start=1):
        strand = _object(item, _("Strand %(position)s") % {"position": position})
        code = _text(
            strand,
            "code",
            _("Strand %(position)s") % {"position": position},
            max_length=_max_length(Strand, "code"),
        )
        if code in strand_codes:
            raise DocumentError(_("Strand code %(code)s appears twice.") % {"code": code})
        strand_codes.add(code)
        where = _("Strand %(code)s") % {"code": code}
        _text(strand, "name", where, max_length=_max_length(Strand, "name"))
        _text(strand, "description", where, required=False)
        indicators = _value(strand, "indicators", list, where, True)
        if len(indicator_codes) + len(indicators) > MAX_INDICATORS:
            raise DocumentError(
                _("The document has more than %(max)s indicators, far more than an instrument has.")
                % {"max": MAX_INDICATORS}
            )
        code_length = _max_length(Indicator, "code")
        for number, entry in enumerate(indicators, start=1):
            _check_indicator(entry, number, code, values, indicator_codes, code_length)


def _check_indicator(
    entry: Any, number: int, strand: str, values: set[str], codes: set[str], code_length: int
) -> None:
    where = _("Indicator %(number)s of strand %(strand)s") % {"number": number, "strand": strand}
    indicator = _object(entry, where)
    code = _text(indicator, "code", where, max_length=code_length)
    if code in codes:
        raise DocumentError(_("Indicator code %(code)s appears twice.") % {"code": code})
    codes.add(code)
    where = _("Indicator %(code)s") % {"code": code}
    _text(indicator, "statement", where)
    _text(indicator, "guidance", where, required=False)
    descriptors = _value(indicator, "descriptors", dict, where, False) or {}
    if not set(descriptors) <= values:
        raise DocumentError(
            _("Indicator %(code)s has descriptors for levels the scale does not have.")
            % {"code": code}
        )
    for level, text in descriptors.items():
        if not _is(text, str):
            raise DocumentError(
                _("%(where)s: the descriptor for level %(level)s must be text, not %(found)s.")
                % {"where": where, "level": level, "found": _kind_of(text)}
            )
        _checked_text(text, "descriptors", where, required=False)
