"""Webs of Connection, the data: the web as it stands, which kinds of organization are
missing or alone, the yearly snapshots and what changed between two of them."""

from __future__ import annotations

import json
from datetime import date

import pytest
from django.urls import reverse
from django.utils import timezone

from ecosystem.management.demo import STATE
from ecosystem.models import Ecosystem, Organization
from partners.models import Connection, Partner, Sector, WebSnapshot
from partners.webs import demo as webs_demo
from partners.webs.comparison import compare
from partners.webs.coverage import coverage
from partners.webs.drawing import draw
from partners.webs.graph import (
    GROUP_OF_KIND,
    Edge,
    Node,
    Web,
    current_web,
    snapshot_web,
    take_snapshot,
)

K = Organization.Kind


@pytest.fixture
def ecosystem(db):
    return Ecosystem.objects.create(name="Webs Ecosystem", slug="webs")


def org(ecosystem, name, kind=K.PUBLIC_LIBRARY):
    return Organization.objects.create(ecosystem=ecosystem, name=name, kind=kind)


def partner(ecosystem, name, sector=Sector.NONPROFIT):
    return Partner.objects.create(ecosystem=ecosystem, name=name, sector=sector)


def tie(first, second, kind=Connection.Kind.JOINT_PROGRAM, strength=2, since=None):
    """A connection from an organization to another organization or to a partner."""
    ends = {"partner": second} if isinstance(second, Partner) else {"other_organization": second}
    return Connection.objects.create(
        ecosystem=first.ecosystem,
        organization=first,
        kind=kind,
        strength=strength,
        since=since,
        **ends,
    )


def row(report, kind):
    return next(r for r in report.kinds if r.kind == kind)


# --- The web as it stands ------------------------------------------------------------------


def test_the_web_holds_every_organization_but_only_the_partners_with_a_tie(ecosystem):
    library = org(ecosystem, "Millbrook Library")
    org(ecosystem, "Lonely Library")
    rotary = partner(ecosystem, "Rotary Club")
    partner(ecosystem, "Chamber of Commerce")  # no tie: not in the web
    tie(library, rotary, since=date(2021, 5, 1))

    web = current_web(ecosystem)

    assert [node.name for node in web.nodes] == [
        "Lonely Library",
        "Millbrook Library",
        "Rotary Club",
    ]
    assert web.edges == [Edge(f"o{library.pk}", f"p{rotary.pk}", "joint_program", 2, "2021-05-01")]
    assert [node.name for node in web.isolated] == ["Lonely Library"]


def test_nodes_link_to_their_records_and_belong_to_their_kinds_group(ecosystem):
    friends = org(ecosystem, "Friends of Millbrook", K.FRIENDS)
    rotary = partner(ecosystem, "Rotary Club")
    tie(friends, rotary)

    nodes = current_web(ecosystem).by_id

    assert nodes[f"o{friends.pk}"] == Node(
        id=f"o{friends.pk}",
        name="Friends of Millbrook",
        kind="friends",
        group="supporters",
        url=reverse(
            "ecosystem:organization_detail", kwargs={"ecosystem_slug": "webs", "pk": friends.pk}
        ),
    )
    assert nodes[f"p{rotary.pk}"].group == "partners"
    assert nodes[f"p{rotary.pk}"].kind == "partner"
    assert nodes[f"p{rotary.pk}"].url == reverse(
        "partners:partner_detail", kwargs={"ecosystem_slug": "webs", "pk": rotary.pk}
    )


def test_nodes_come_in_group_order_then_kind_then_name(ecosystem):
    org(ecosystem, "Zeta Foundation", K.FOUNDATION)
    org(ecosystem, "Alpha Friends", K.FRIENDS)
    org(ecosystem, "Beta University", K.ACADEMIC_LIBRARY)
    org(ecosystem, "Zulu Public", K.PUBLIC_LIBRARY)
    org(ecosystem, "Alpha Public", K.PUBLIC_LIBRARY)
    org(ecosystem, "State Association", K.STATE_ASSOCIATION)

    names = [node.name for node in current_web(ecosystem).nodes]

    assert names == [
        "Alpha Public",
        "Zulu Public",
        "Beta University",
        "State Association",
        "Alpha Friends",
        "Zeta Foundation",
    ]


def test_a_tie_never_shows_another_ecosystems_organization(ecosystem, world):
    library = org(ecosystem, "Millbrook Library")
    # A tie whose other end belongs elsewhere (the forms prevent it; the web ignores it).
    Connection.objects.create(
        ecosystem=ecosystem,
        organization=library,
        other_organization=world.other_organization,
        kind=Connection.Kind.INFORMAL,
    )

    web = current_web(ecosystem)

    assert [node.name for node in web.nodes] == ["Millbrook Library"]
    assert web.edges == []


def test_the_web_costs_three_queries_however_big_it_grows(ecosystem, django_assert_num_queries):
    def grow(count):
        start = Organization.objects.filter(ecosystem=ecosystem).count()
        for index in range(start, start + count):
            library = org(ecosystem, f"Library {index}")
            helper = partner(ecosystem, f"Partner {index}")
            tie(library, helper)
            if index:
                tie(library, Organization.objects.get(ecosystem=ecosystem, name="Library 0"))

    grow(3)
    # The organizations, the connections, the partners at their ends.
    with django_assert_num_queries(3):
        small = current_web(ecosystem)
    grow(40)
    with django_assert_num_queries(3):
        large = current_web(ecosystem)

    assert (len(small.nodes), len(small.edges)) == (6, 5)
    assert (len(large.nodes), len(large.edges)) == (86, 85)


# --- Coverage -------------------------------------------------------------------------------


def test_a_kind_no_organization_belongs_to_is_missing(ecosystem):
    org(ecosystem, "Millbrook Library")

    report = coverage(current_web(ecosystem))

    tribal = row(report, K.TRIBAL_LIBRARY)
    assert (tribal.count, tribal.connected, tribal.status) == (0, 0, "missing")
    assert tribal.status_label == "Missing"
    assert tribal.label == "Tribal library"


def test_a_kind_whose_organizations_have_no_tie_is_isolated_and_names_them(ecosystem):
    org(ecosystem, "Stone River Library", K.TRIBAL_LIBRARY)
    org(ecosystem, "Eagle Lake Library", K.TRIBAL_LIBRARY)

    tribal = row(coverage(current_web(ecosystem)), K.TRIBAL_LIBRARY)

    assert (tribal.count, tribal.connected, tribal.status) == (2, 0, "isolated")
    assert tribal.isolated_names == ["Eagle Lake Library", "Stone River Library"]
    assert tribal.status_label == "Present, not connected"
    assert tribal.is_gap


def test_one_connected_organization_is_enough_for_its_kind_to_be_present(ecosystem):
    millbrook = org(ecosystem, "Millbrook Library")
    org(ecosystem, "Lonely Library")
    tie(millbrook, org(ecosystem, "Riverland Association", K.STATE_ASSOCIATION))

    public = row(coverage(current_web(ecosystem)), K.PUBLIC_LIBRARY)

    assert (public.count, public.connected, public.status) == (2, 1, "present")
    assert public.isolated_names == ["Lonely Library"]
    assert public.status_label == "Connected"
    assert not public.is_gap


def test_an_organization_tied_only_to_a_partner_counts_as_connected(ecosystem):
    school = org(ecosystem, "Oak Hill School Library", K.SCHOOL_LIBRARY)
    tie(school, partner(ecosystem, "Northport School District", Sector.EDUCATION))

    schools = row(coverage(current_web(ecosystem)), K.SCHOOL_LIBRARY)

    assert (schools.count, schools.connected, schools.status) == (1, 1, "present")


def test_coverage_follows_the_kind_groups_and_adds_up_the_totals(ecosystem):
    capital = org(ecosystem, "Capital Library")
    tie(capital, org(ecosystem, "Riverland University", K.ACADEMIC_LIBRARY))
    tie(capital, org(ecosystem, "Friends of Capital", K.FRIENDS))
    org(ecosystem, "Stone River Library", K.TRIBAL_LIBRARY)
    org(ecosystem, "Millbrook Trustees", K.TRUSTEES)

    report = coverage(current_web(ecosystem))

    assert [group.key for group in report.groups] == [
        "libraries",
        "systems",
        "associations",
        "supporters",
        "community",
    ]
    assert [group.label for group in report.groups] == [
        str(label) for label, _kinds in Organization.KIND_GROUPS
    ]
    assert [r.kind for r in report.kinds] == [
        kind for _label, kinds in Organization.KIND_GROUPS for kind in kinds
    ]
    assert len(report.kinds) == len(Organization.Kind)
    assert (report.kinds_present, report.kinds_isolated) == (3, 2)
    assert report.kinds_missing == len(Organization.Kind) - 5
    assert (report.organizations, report.connected) == (5, 3)
    assert report.isolated_names == ["Stone River Library", "Millbrook Trustees"]
    supporters = report.groups[3]
    assert (supporters.count, supporters.connected, supporters.kinds_present) == (2, 1, 1)
    assert [gap.kind for gap in supporters.gaps] == [K.TRUSTEES, K.FOUNDATION]
    assert [gap.kind for gap in report.gaps][:3] == [
        K.SCHOOL_LIBRARY,
        K.SPECIAL_LIBRARY,
        K.TRIBAL_LIBRARY,
    ]


# --- Snapshots ------------------------------------------------------------------------------


def three_libraries(ecosystem):
    capital = org(ecosystem, "Capital Library")
    millbrook = org(ecosystem, "Millbrook Library")
    association = org(ecosystem, "Riverland Association", K.STATE_ASSOCIATION)
    tie(capital, millbrook, Connection.Kind.FORMAL_AGREEMENT, 3, date(2019, 1, 1))
    tie(association, capital, Connection.Kind.COMMUNICATION, 1)
    tie(millbrook, partner(ecosystem, "Rotary Club"), Connection.Kind.FUNDING, 2)
    return capital, millbrook, association


def test_a_web_comes_back_whole_from_its_snapshot_data(ecosystem):
    three_libraries(ecosystem)
    web = current_web(ecosystem)

    data = json.loads(json.dumps(web.to_data()))

    assert Web.from_data(data) == web.without_links()
    assert set(data["nodes"][0]) == {"id", "name", "kind", "group"}
    assert set(data["edges"][0]) == {"a", "b", "kind", "strength", "since"}


def test_taking_a_snapshot_again_replaces_that_years(ecosystem, world):
    _capital, millbrook, _association = three_libraries(ecosystem)
    first = take_snapshot(ecosystem, 2025, world.users["coordinator"])
    tie(millbrook, org(ecosystem, "Lakes System", K.LIBRARY_SYSTEM))

    second = take_snapshot(ecosystem, 2025, world.users["editor"])

    assert WebSnapshot.objects.filter(ecosystem=ecosystem).count() == 1
    assert second.pk == first.pk
    second.refresh_from_db()
    assert second.taken_by == world.users["editor"]
    assert len(snapshot_web(second).edges) == 4
    take_snapshot(ecosystem, 2026, None)
    assert list(WebSnapshot.objects.filter(ecosystem=ecosystem).values_list("year", flat=True)) == [
        2026,
        2025,
    ]


def test_later_edits_and_deletions_do_not_change_an_earlier_snapshot(ecosystem):
    capital, millbrook, association = three_libraries(ecosystem)
    snapshot = take_snapshot(ecosystem, 2025, None)
    picture = draw(current_web(ecosystem).without_links(), title="2025")

    capital.name = "Capital City Public Library"
    capital.save()
    association.delete()  # its ties go with it
    Connection.objects.filter(organization=millbrook).update(strength=1)

    kept = snapshot_web(WebSnapshot.objects.get(pk=snapshot.pk))
    assert "Capital Library" in [node.name for node in kept.nodes]
    assert "Riverland Association" in [node.name for node in kept.nodes]
    assert len(kept.edges) == 3
    assert draw(kept, title="2025") == picture


# --- Comparing two years -------------------------------------------------------------------


def n(id, name, kind=K.PUBLIC_LIBRARY):
    return Node(id, name, str(kind), GROUP_OF_KIND.get(str(kind), "partners"))


def test_compare_reports_ties_added_and_removed_by_their_ends_names():
    before = Web(
        nodes=[n("o1", "Capital"), n("o2", "Millbrook"), n("o3", "Stone River", K.TRIBAL_LIBRARY)],
        edges=[
            Edge("o1", "o2", "formal_agreement", 3, "2019-01-01"),
            Edge("o1", "o2", "informal", 1, None),
        ],
    )
    after = Web(
        nodes=[n("o1", "Capital"), n("o2", "Millbrook"), n("o3", "Stone River", K.TRIBAL_LIBRARY)],
        edges=[
            Edge("o2", "o1", "formal_agreement", 3, "2019-01-01"),
            Edge("o3", "o1", "joint_program", 2, "2026-03-01"),
        ],
    )

    comparison = compare(before, after)

    assert [(c.a_name, c.b_name, c.kind) for c in comparison.added] == [
        ("Capital", "Stone River", "joint_program")
    ]
    assert [(c.a_name, c.b_name, c.kind) for c in comparison.removed] == [
        ("Capital", "Millbrook", "informal")
    ]
    assert comparison.added[0].kind_label == "Joint program"
    assert comparison.strength_changes == []


def test_ties_whose_ends_were_recreated_match_by_name():
    before = Web(
        nodes=[n("o1", "Capital"), n("o2", "Millbrook")],
        edges=[Edge("o1", "o2", "funding", 2, None)],
    )
    after = Web(
        nodes=[n("o7", "Capital"), n("o9", "MILLBROOK")],
        edges=[Edge("o7", "o9", "funding", 3, None)],
    )

    comparison = compare(before, after)

    assert (comparison.added, comparison.removed) == ([], [])
    [change] = comparison.strength_changes
    assert (change.edge.a_name, change.edge.b_name, change.before, change.edge.strength) == (
        "Capital",
        "MILLBROOK",
        2,
        3,
    )
    assert change.stronger


def test_compare_reports_kinds_whose_coverage_changed_and_the_counts():
    before = Web(
        nodes=[
            n("o1", "Capital"),
            n("o2", "Millbrook"),
            n("o3", "Stone River", K.TRIBAL_LIBRARY),
        ],
        edges=[Edge("o1", "o2", "formal_agreement", 3, None)],
    )
    after = Web(
        nodes=[
            n("o1", "Capital"),
            n("o2", "Millbrook"),
            n("o3", "Stone River", K.TRIBAL_LIBRARY),
            n("o4", "Friends", K.FRIENDS),
            n("p1", "Rotary", "partner"),
        ],
        edges=[
            Edge("o1", "o2", "formal_agreement", 3, None),
            Edge("o1", "o3", "joint_program", 2, None),
            Edge("o4", "p1", "funding", 3, None),
        ],
    )

    comparison = compare(before, after)

    assert [(c.kind, c.before, c.after) for c in comparison.coverage_changes] == [
        ("tribal_library", "isolated", "present"),
        ("friends", "missing", "present"),
    ]
    assert comparison.coverage_changes[0].before_label == "Present, not connected"
    assert all(change.improved for change in comparison.coverage_changes)
    rows = {r.label: (r.before, r.after, r.change_display) for r in comparison.rows}
    assert rows == {
        "Organizations": (3, 4, "+1"),
        "Community partners": (0, 1, "+1"),
        "Connections": (1, 3, "+2"),
        "Strong ties": (1, 2, "+1"),
        "Organizations not connected": (1, 0, "\u22121"),
        "Connections per organization": (0.7, 1.2, "+0.5"),
    }


def test_an_unchanged_web_compares_as_unchanged(ecosystem):
    three_libraries(ecosystem)
    web = current_web(ecosystem)

    comparison = compare(Web.from_data(web.to_data()), web)

    assert comparison.unchanged
    assert comparison.before == comparison.after


# --- The demo -------------------------------------------------------------------------------


def demo_ecosystem(slug="riverland-webs"):
    ecosystem = Ecosystem.objects.create(name="Riverland", slug=slug)
    organizations = [org(ecosystem, name, kind) for name, kind, _city in STATE["organizations"]]
    partners = [
        partner(ecosystem, name, sector)
        for name, sector in [
            ("Riverland Department of Labor", Sector.GOVERNMENT),
            ("Capital City Chamber of Commerce", Sector.BUSINESS),
            ("Riverland Adult Literacy Volunteers", Sector.NONPROFIT),
            ("Northport School District", Sector.EDUCATION),
            ("Riverland Public Health Association", Sector.HEALTH),
            ("Riverland Public Radio", Sector.MEDIA),
            ("Riverland Community Foundation", Sector.PHILANTHROPY),
            ("First Community Church of Lakeside", Sector.FAITH),
        ]
    ]
    return ecosystem, organizations, partners


def test_the_demo_web_ties_most_organizations_and_leaves_gaps_to_close(db):
    ecosystem, organizations, partners = demo_ecosystem()

    added = webs_demo.seed(ecosystem, organizations, partners)

    web = current_web(ecosystem)
    report = coverage(web)
    assert added == len(web.edges) + 2
    assert len(web.isolated) <= 2
    assert report.status_of(K.TRIBAL_LIBRARY) == "isolated"
    assert report.kinds_missing >= 3
    assert {edge.kind for edge in web.edges} == set(Connection.Kind.values)
    assert {edge.strength for edge in web.edges} == {1, 2, 3}
    assert web.partners
    # Last year's snapshot has fewer ties; this year's is the web as it stands.
    last, this = WebSnapshot.objects.filter(ecosystem=ecosystem).order_by("year")
    assert this.year == last.year + 1 == timezone.localdate().year
    assert snapshot_web(this) == web.without_links()
    comparison = compare(snapshot_web(last), snapshot_web(this))
    assert comparison.added
    assert comparison.removed
    assert any(change.improved for change in comparison.coverage_changes)


def test_the_demo_web_is_added_once_and_is_the_same_every_time(db):
    ecosystem, organizations, partners = demo_ecosystem()
    webs_demo.seed(ecosystem, organizations, partners)
    first = current_web(ecosystem)

    assert webs_demo.seed(ecosystem, organizations, partners) == 0

    # From scratch again, the records handed over in another order: the same web.
    Connection.objects.filter(ecosystem=ecosystem).delete()
    WebSnapshot.objects.filter(ecosystem=ecosystem).delete()
    webs_demo.seed(ecosystem, organizations[::-1], partners[::-1])
    assert current_web(ecosystem) == first
