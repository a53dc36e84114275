"""Create the demo ecosystems and sign-ins. Safe to run again: it only adds what is missing."""

from __future__ import annotations

import logging
import os
import secrets
import string
from pathlib import Path
from typing import Any

from django.conf import settings
from django.contrib.auth.hashers import make_password
from django.core.management.base import BaseCommand, CommandError, CommandParser
from django.db import transaction

from agendas import demo as agendas_demo
from agendas import demo_factsheets as factsheets_demo
from continuum import demo as continuum_demo
from ecosystem.management.demo import ADMIN, CONTACTS, PEOPLE, REGIONAL, RESPONDENTS, STATE
from ecosystem.models import Ecosystem, Membership, Notification, Organization, Role, User
from partners.demo import seed as partners_demo
from partners.models import Partner
from partners.webs import demo as webs_demo

ALPHABET = string.ascii_letters + string.digits


class Command(BaseCommand):
    help = "Load two demo ecosystems with organizations and one sign-in per role."

    def add_arguments(self, parser: CommandParser) -> None:
        parser.add_argument(
            "--scale",
            type=int,
            default=1,
            help="Multiply the demo records by this factor (for benchmarks).",
        )
        parser.add_argument(
            "--force",
            action="store_true",
            help="Create demo sign-ins even with DEBUG off. Never on a real site.",
        )

    def handle(self, *args: Any, scale: int, force: bool, **options: Any) -> None:
        if scale < 1:
            raise CommandError("--scale must be 1 or more.")
        if not settings.DEBUG and not force:
            raise CommandError(
                "DEBUG is off, so this looks like a real site: demo sign-ins with a known "
                "password do not belong there. Use --force if you are sure."
            )
        password, source = self.demo_password()
        # The demo's hundreds of new memberships are not security events worth a line
        # each in the terminal; the sign-ins and role changes people make later are.
        security_log = logging.getLogger("workbench.security")
        security_log.disabled = True
        try:
            with transaction.atomic():
                created = self.seed(password, scale)
                # The demo's history (rounds opened months ago, an agenda published last
                # session) told nobody: without this the first worker run would print
                # dozens of e-mails about events long past.
                Notification.objects.all().delete()
        finally:
            security_log.disabled = False
        self.report(created, password, source)

    # --- the password ---------------------------------------------------------------------

    def demo_password(self) -> tuple[str, str]:
        """DEMO_PASSWORD if set; else the one generated on the first run; else a new one."""
        if os.environ.get("DEMO_PASSWORD"):
            return os.environ["DEMO_PASSWORD"], "from DEMO_PASSWORD"
        path = Path(settings.DEMO_PASSWORD_FILE)
        if path.exists():
            return path.read_text().strip(), f"kept in {path.name}"
        # Letters and digits only: easy to copy, never mistaken for a command-line option.
        password = "".join(secrets.choice(ALPHABET) for _ in range(14))
        path.write_text(password + "\n")
        path.chmod(0o600)
        return password, f"generated, kept in {path.name}"

    # --- the records ----------------------------------------------------------------------

    def seed(self, password: str, scale: int) -> int:
        # Hashing is deliberately slow (a third of a second); hash once for everyone.
        self.password_hash = make_password(password)
        created = 0
        ecosystems = {}
        for spec in (STATE, REGIONAL):
            ecosystem, new = Ecosystem.objects.get_or_create(
                slug=spec["slug"],
                defaults={key: spec[key] for key in ("name", "level", "region", "description")},
            )
            created += new
            ecosystems[ecosystem.slug] = ecosystem
            for copy in range(1, scale + 1):
                for name, kind, city in spec["organizations"]:
                    _, new = Organization.objects.get_or_create(
                        ecosystem=ecosystem,
                        name=name if copy == 1 else f"{name} {copy}",
                        defaults={"kind": kind, "city": city, **CONTACTS.get(name, {})},
                    )
                    created += new

        for email, full_name, slug, role, organization in PEOPLE:
            user, new_user = self.user(email, full_name, check=password)
            ecosystem = ecosystems[slug]
            _, new = Membership.objects.get_or_create(
                user=user,
                ecosystem=ecosystem,
                defaults={
                    "role": role,
                    "organization": ecosystem.organizations.get(name=organization),
                },
            )
            created += new_user + new

        _admin, new = self.user(*ADMIN, check=password, is_staff=True, is_superuser=True)
        created += new

        state = ecosystems[str(STATE["slug"])]
        for email, full_name, organization in RESPONDENTS:
            user, new_user = self.user(email, full_name)
            _, new = Membership.objects.get_or_create(
                user=user,
                ecosystem=state,
                defaults={
                    "role": Role.CONTRIBUTOR,
                    "organization": state.organizations.get(name=organization),
                },
            )
            created += new_user + new

        # Extra people for larger scales: one member per extra organization copy.
        for copy in range(2, scale + 1):
            for index, (name, _, _) in enumerate(STATE["organizations"], start=1):
                user, new_user = self.user(
                    f"member-{copy}-{index}@demo.example", f"Demo Member {copy}-{index}"
                )
                _, new = Membership.objects.get_or_create(
                    user=user,
                    ecosystem=state,
                    defaults={
                        "role": Role.CONTRIBUTOR,
                        "organization": state.organizations.get(name=f"{name} {copy}"),
                    },
                )
                created += new_user + new

        # Each tool adds its own demo records to the state ecosystem.
        created += continuum_demo.seed(state)
        created += agendas_demo.seed(state)
        created += factsheets_demo.seed(state)
        created += partners_demo.seed(state, scale)
        created += webs_demo.seed(
            state,
            list(state.organizations.order_by("pk")),
            list(Partner.objects.for_ecosystem(state).order_by("pk")),
            scale,
        )
        return created

    def user(
        self, email: str, full_name: str, *, check: str | None = None, **flags: bool
    ) -> tuple[User, bool]:
        """Get or create a demo user; ``check``: reset the password if it differs."""
        user, new = User.objects.get_or_create(
            email=email, defaults={"full_name": full_name, "password": self.password_hash, **flags}
        )
        if not new and check is not None and not user.check_password(check):
            user.password = self.password_hash
            user.save(update_fields=["password"])
        return user, new

    # --- what the developer needs to know -------------------------------------------------

    def report(self, created: int, password: str, source: str) -> None:
        out = self.stdout
        if created:
            out.write(self.style.SUCCESS(f"Demo data loaded: {created} records added."))
        else:
            out.write(self.style.SUCCESS("Demo data already present: nothing changed."))
        out.write("")
        out.write("Demo sign-ins:")
        for email, _full_name, slug, role, _ in PEOPLE:
            out.write(f"  {email:<28} {Role(role).label.lower():<12} in {slug}")
        out.write(f"  {ADMIN[0]:<28} site administrator (also /admin/)")
        out.write(f"Password for all of them: {password}   ({source})")
