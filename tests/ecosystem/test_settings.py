"""The settings read the environment, refuse unsafe production set-ups and pass Django's checks."""

from __future__ import annotations

import os
import subprocess
import sys
from pathlib import Path

import pytest

ROOT = Path(__file__).resolve().parents[2]
PRODUCTION = {
    "DJANGO_SECRET_KEY": "a-production-secret-that-is-long-and-random-0123456789-abcdefghijk",
    "DJANGO_DEBUG": "false",
    "DJANGO_ALLOWED_HOSTS": "workbench.example.org",
    "DATABASE_URL": "postgres://postgres@127.0.0.1:5432/postgres",
}


def run(code_or_args: str | list[str], **env: str) -> subprocess.CompletedProcess[str]:
    """Run Python in a fresh process with only the given environment."""
    clean = {"PATH": os.environ["PATH"], "DJANGO_SETTINGS_MODULE": "ecosystem.settings", **env}
    args = code_or_args if isinstance(code_or_args, list) else ["-c", code_or_args]
    return subprocess.run(
        [sys.executable, *args], cwd=ROOT, env=clean, capture_output=True, text=True, timeout=60
    )


def setting(name: str, **env: str) -> str:
    result = run(f"from django.conf import settings; print(settings.{name})", **env)
    assert result.returncode == 0, result.stderr
    return result.stdout.strip()


def test_without_debug_and_secret_key_the_app_refuses_to_start():
    result = run("import django; django.setup()")

    assert result.returncode != 0
    assert "DJANGO_SECRET_KEY is not set" in result.stderr


def test_debug_is_off_unless_asked_for():
    assert setting("DEBUG", DJANGO_SECRET_KEY="k" * 50) == "False"
    assert setting("DEBUG", DJANGO_DEBUG="true") == "True"


def test_with_no_database_url_it_runs_on_a_sqlite_file_in_the_project():
    engine = setting("DATABASES['default']['ENGINE']", DJANGO_DEBUG="true")
    name = setting("DATABASES['default']['NAME']", DJANGO_DEBUG="true")

    assert engine == "django.db.backends.sqlite3"
    assert name == str(ROOT / "db.sqlite3")
    assert "db.sqlite3" in (ROOT / ".gitignore").read_text()


def test_a_database_url_switches_to_postgresql_with_kept_connections():
    env = {"DJANGO_DEBUG": "true", "DATABASE_URL": "postgres://someone@db.internal:5432/workbench"}

    assert setting("DATABASES['default']['ENGINE']", **env) == "django.db.backends.postgresql"
    assert setting("DATABASES['default']['HOST']", **env) == "db.internal"
    assert setting("DATABASES['default']['CONN_MAX_AGE']", **env) == "60"


def test_email_goes_to_the_console_unless_a_server_is_configured():
    assert setting("EMAIL_BACKEND", DJANGO_DEBUG="true").endswith("console.EmailBackend")
    smtp = {"DJANGO_DEBUG": "true", "EMAIL_URL": "smtp+tls://mailer:pw@mail.example.org:587"}
    assert setting("EMAIL_BACKEND", **smtp).endswith("smtp.EmailBackend")
    assert setting("EMAIL_HOST", **smtp) == "mail.example.org"
    assert setting("EMAIL_USE_TLS", **smtp) == "True"


def test_production_settings_pass_the_deployment_checks():
    result = run(["manage.py", "check", "--deploy", "--fail-level", "WARNING"], **PRODUCTION)

    assert result.returncode == 0, result.stdout + result.stderr
    assert "no issues" in result.stdout


@pytest.mark.parametrize(
    ("name", "expected"),
    [
        ("SECURE_SSL_REDIRECT", "True"),
        ("SESSION_COOKIE_SECURE", "True"),
        ("CSRF_COOKIE_SECURE", "True"),
        ("ALLOWED_HOSTS", "['workbench.example.org']"),
        (
            "STORAGES['staticfiles']['BACKEND']",
            "whitenoise.storage.CompressedManifestStaticFilesStorage",
        ),
    ],
)
def test_production_is_https_only_with_hashed_static_files(name, expected):
    assert setting(name, **PRODUCTION) == expected


# --- Sign-in security ---------------------------------------------------------------------


def test_two_factor_sign_in_is_required_for_the_roles_the_environment_names():
    named = run(
        "from django.conf import settings; print(sorted(settings.REQUIRE_2FA_FOR))",
        **PRODUCTION,
        REQUIRE_2FA_FOR="coordinator, admin",
    )

    assert named.stdout.strip() == "['admin', 'coordinator']"
    assert setting("REQUIRE_2FA_FOR", **PRODUCTION) == "set()"


def test_a_misspelt_role_in_require_2fa_for_refuses_to_start():
    result = run("import django; django.setup()", **PRODUCTION, REQUIRE_2FA_FOR="coordinators")

    assert result.returncode != 0
    assert "REQUIRE_2FA_FOR names coordinators, which is not a role" in result.stderr


def test_the_names_require_2fa_for_accepts_are_the_roles_and_admin():
    from ecosystem.models import Role
    from ecosystem.security.policy import ADMIN, ROLE_NAMES

    accepted = {ADMIN, *ROLE_NAMES}
    for name in accepted:
        assert setting("REQUIRE_2FA_FOR", **PRODUCTION, REQUIRE_2FA_FOR=name) == f"{{'{name}'}}"
    assert set(ROLE_NAMES.values()) == set(Role)


def test_client_addresses_come_from_the_proxy_header_only_behind_a_declared_proxy():
    assert setting("TRUSTED_PROXY_COUNT", **PRODUCTION, DJANGO_PROXY_COUNT="2") == "0"
    assert setting("TRUSTED_PROXY_COUNT", **PRODUCTION, DJANGO_BEHIND_PROXY="true") == "1"
    behind_two = {"DJANGO_BEHIND_PROXY": "true", "DJANGO_PROXY_COUNT": "2"}
    assert setting("TRUSTED_PROXY_COUNT", **PRODUCTION, **behind_two) == "2"


def test_sessions_end_after_eight_idle_hours_unless_the_environment_says_otherwise():
    assert setting("SESSION_COOKIE_AGE", **PRODUCTION) == str(8 * 3600)
    assert setting("SESSION_IDLE_TIMEOUT", **PRODUCTION, DJANGO_SESSION_IDLE_MINUTES="30") == "1800"
    assert setting("SESSION_COOKIE_AGE", **PRODUCTION, DJANGO_SESSION_IDLE_MINUTES="30") == "1800"


def test_the_tests_fail_on_crispy_template_errors():
    from django.conf import settings

    assert settings.CRISPY_FAIL_SILENTLY is False
    assert setting("CRISPY_FAIL_SILENTLY", DJANGO_SECRET_KEY="k" * 50) == "True"
