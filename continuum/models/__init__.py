"""The Ecosystem Continuum's records, one module per subject: the instruments and their
wording, the resource library, assessment rounds with their answers, and consensus.

Django finds an app's models here, so every model is imported below.
"""

from continuum.models.consensus import Consensus
from continuum.models.instruments import (
    Descriptor,
    Indicator,
    Instrument,
    InstrumentVersion,
    Level,
    Strand,
)
from continuum.models.resources import Resource, Topic
from continuum.models.rounds import Answer, Response, Round

__all__ = [
    "Answer",
    "Consensus",
    "Descriptor",
    "Indicator",
    "Instrument",
    "InstrumentVersion",
    "Level",
    "Resource",
    "Response",
    "Round",
    "Strand",
    "Topic",
]
