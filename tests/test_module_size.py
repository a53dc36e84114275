"""No Python module outside migrations and tests is over 500 lines: one subject per file."""

from __future__ import annotations

from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
PACKAGES = ["ecosystem", "continuum", "agendas", "partners", "bench"]
MOST_LINES = 500


def modules() -> list[Path]:
    found = []
    for package in PACKAGES:
        for path in sorted((ROOT / package).rglob("*.py")):
            parts = path.relative_to(ROOT).parts
            if "migrations" in parts or "tests" in parts:
                continue
            found.append(path)
    return found


def test_the_modules_are_found():
    assert ROOT / "ecosystem" / "settings.py" in modules()


def test_no_module_is_over_500_lines():
    too_long = {
        str(path.relative_to(ROOT)): lines
        for path in modules()
        if (lines := len(path.read_text(encoding="utf-8").splitlines())) > MOST_LINES
    }

    assert not too_long, f"Over {MOST_LINES} lines, split by subject: " + ", ".join(
        f"{name} ({lines})" for name, lines in sorted(too_long.items())
    )
