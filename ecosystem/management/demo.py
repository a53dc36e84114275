"""The demo ecosystems: fictional, but shaped like a real state's library community."""

from __future__ import annotations

from ecosystem.models import Ecosystem, Organization, Role

Kind = Organization.Kind

STATE = {
    "slug": "riverland",
    "name": "Riverland Library Ecosystem",
    "level": Ecosystem.Level.STATE,
    "region": "Riverland (a demo state)",
    "description": (
        "Every kind of library in Riverland, and the people who support them, working "
        "toward one shared advocacy agenda."
    ),
    "organizations": [
        ("Riverland Library Association", Kind.STATE_ASSOCIATION, "Capital City"),
        ("Riverland State Library", Kind.STATE_AGENCY, "Capital City"),
        ("Capital City Public Library", Kind.PUBLIC_LIBRARY, "Capital City"),
        ("Millbrook District Library", Kind.PUBLIC_LIBRARY, "Millbrook"),
        ("Riverland State University Libraries", Kind.ACADEMIC_LIBRARY, "Northport"),
        ("North Valley Community College Library", Kind.ACADEMIC_LIBRARY, "North Valley"),
        ("Oak Hill High School Library", Kind.SCHOOL_LIBRARY, "Oak Hill"),
        ("Riverland Association of School Librarians", Kind.SCHOOL_LIBRARY_ASSOCIATION, ""),
        ("Riverland ACRL Chapter", Kind.ACRL_CHAPTER, ""),
        ("Lakes Regional Library System", Kind.LIBRARY_SYSTEM, "Lakeside"),
        ("Riverland Academic Library Consortium", Kind.CONSORTIUM, "Northport"),
        ("Stone River Nation Library", Kind.TRIBAL_LIBRARY, "Stone River"),
        ("Riverland Medical Center Health Sciences Library", Kind.SPECIAL_LIBRARY, "Capital City"),
        ("Friends of Capital City Public Library", Kind.FRIENDS, "Capital City"),
        ("Millbrook Library Foundation", Kind.FOUNDATION, "Millbrook"),
        ("Riverland University School of Information", Kind.LIS_SCHOOL, "Northport"),
        ("Riverland Adult Literacy Coalition", Kind.LITERACY, "Capital City"),
    ],
}

REGIONAL = {
    "slug": "tri-county",
    "name": "Tri-County Library Network",
    "level": Ecosystem.Level.REGIONAL,
    "region": "Three counties in eastern Riverland",
    "description": "A small regional network of public and school libraries and their friends.",
    "organizations": [
        ("Tri-County Public Library", Kind.PUBLIC_LIBRARY, "Eastfield"),
        ("Tri-County Schools Library Services", Kind.SCHOOL_LIBRARY, "Eastfield"),
        ("Friends of Tri-County Libraries", Kind.FRIENDS, "Eastfield"),
    ],
}

# Contact details for some of the organizations above (the rest are left for the demo
# user to fill in).
CONTACTS = {
    "Riverland Library Association": {
        "contact_name": "Morgan Ellis",
        "contact_email": "office@riverland-libraries.example",
        "contact_phone": "555-0100",
        "website": "https://riverland-libraries.example",
    },
    "Riverland State Library": {
        "contact_name": "Priya Raman",
        "contact_email": "statelibrary@riverland.example",
        "website": "https://library.riverland.example",
    },
    "Capital City Public Library": {
        "contact_name": "Luis Ortega",
        "contact_email": "director@ccpl.example",
        "contact_phone": "555-0142",
    },
    "Stone River Nation Library": {
        "contact_name": "Ada Whitehorse",
        "contact_email": "library@stoneriver.example",
    },
    "Riverland Association of School Librarians": {
        "contact_name": "June Park",
        "contact_email": "president@rasl.example",
    },
}

# email, full name, ecosystem slug, role, organization represented
PEOPLE = [
    (
        "coordinator@demo.example",
        "Morgan Ellis",
        "riverland",
        Role.COORDINATOR,
        "Riverland Library Association",
    ),
    ("editor@demo.example", "Priya Raman", "riverland", Role.EDITOR, "Riverland State Library"),
    (
        "contributor@demo.example",
        "Luis Ortega",
        "riverland",
        Role.CONTRIBUTOR,
        "Capital City Public Library",
    ),
    ("viewer@demo.example", "Grace Kim", "riverland", Role.VIEWER, "Millbrook Library Foundation"),
    (
        "outsider@demo.example",
        "Sam Porter",
        "tri-county",
        Role.COORDINATOR,
        "Tri-County Public Library",
    ),
]

ADMIN = ("admin@demo.example", "Site Administrator")

# More contributors in the state ecosystem, so self-assessments have a range of voices.
# They share the demo password but are not listed among the sign-ins.
RESPONDENTS = [
    ("dana.brooks@demo.example", "Dana Brooks", "Millbrook District Library"),
    ("kofi.mensah@demo.example", "Kofi Mensah", "Riverland State University Libraries"),
    ("rosa.delgado@demo.example", "Rosa Delgado", "Stone River Nation Library"),
    ("ben.carter@demo.example", "Ben Carter", "Oak Hill High School Library"),
    ("june.park@demo.example", "June Park", "Riverland Association of School Librarians"),
    # Two more voices of the contributor sign-in's library: agenda scoring counts an
    # organization once however many of its members score, and the demo shows it.
    ("nadia.flores@demo.example", "Nadia Flores", "Capital City Public Library"),
    ("tom.becker@demo.example", "Tom Becker", "Capital City Public Library"),
]
