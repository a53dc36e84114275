"""The Continuum's demo: an adapted instrument and the ecosystem's own resources."""

from __future__ import annotations

from continuum import demo
from continuum.models import Instrument, Resource
from ecosystem.models import Ecosystem


def test_the_demo_ecosystem_has_a_published_adapted_continuum_and_two_own_resources(db):
    state = Ecosystem.objects.create(name="Demo State", slug="demo-state")

    demo.seed(state)

    adapted = Instrument.objects.get(ecosystem=state)
    version = adapted.latest_published()
    assert version is not None
    assert version.levels.order_by("value").first().label == "Just beginning"
    assert adapted.adapted_from.instrument.slug == "ecosystem-continuum"
    own = Resource.objects.filter(ecosystem=state)
    assert own.count() == 2
    assert all(resource.source and resource.strands.exists() for resource in own)


def test_seeding_the_demo_twice_adds_no_second_adaptation(db):
    state = Ecosystem.objects.create(name="Demo State", slug="demo-state")
    demo.seed(state)

    demo.seed(state)

    assert Instrument.objects.filter(ecosystem=state).count() == 1
    assert Resource.objects.filter(ecosystem=state).count() == 2
