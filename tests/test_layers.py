"""The floors of the house, checked on every module's imports (read with ``ast``, nothing
is imported):

(a) the foundation (``ecosystem`` outside ``ecosystem/overview/``, its URLs, settings and
    the ``seed_demo`` command) imports no tool app;
(b) no tool app imports the overview layer that pulls the tools together;
(c) only views and URL modules import views: domain code takes nothing from a page;
(d) no first-party import hides inside a function, the usual way of dodging a loop.
"""

from __future__ import annotations

import ast
from collections.abc import Iterator
from dataclasses import dataclass
from pathlib import Path

import pytest

ROOT = Path(__file__).resolve().parent.parent
APPS = ("ecosystem", "continuum", "agendas", "partners")
TOOLS = ("continuum", "agendas", "partners")
OVERVIEW = "ecosystem.overview"
# The foundation modules that wire the tools in: URLs and settings name them, and the
# demo command seeds every tool.
MAY_IMPORT_TOOLS = (
    "ecosystem.urls",
    "ecosystem.settings",
    "ecosystem.management.commands.seed_demo",
)


@dataclass(frozen=True)
class Import:
    module: str  # the importing module, dotted
    target: str  # what it imports: a module, or a name inside one (``pkg.mod.Name``)
    line: int
    in_function: bool


def _within(name: str, prefix: str) -> bool:
    return name == prefix or name.startswith(prefix + ".")


def _first_party(name: str) -> bool:
    return name.split(".")[0] in APPS


def module_name(path: Path) -> str:
    parts = list(path.relative_to(ROOT).with_suffix("").parts)
    if parts[-1] == "__init__":
        parts.pop()
    return ".".join(parts)


def _absolute(node: ast.ImportFrom, module: str, is_package: bool) -> str:
    if node.level == 0:
        return node.module or ""
    package = module.split(".") if is_package else module.split(".")[:-1]
    base = package[: len(package) - (node.level - 1)]
    return ".".join([*base, node.module] if node.module else base)


def _is_type_checking(test: ast.expr) -> bool:
    return (isinstance(test, ast.Name) and test.id == "TYPE_CHECKING") or (
        isinstance(test, ast.Attribute) and test.attr == "TYPE_CHECKING"
    )


def imports_in(source: str, module: str, *, is_package: bool = False) -> list[Import]:
    """Every import in the source, relative ones resolved. ``from x import y`` yields both
    ``x`` and ``x.y``, since ``y`` may be a module (``from . import views``)."""
    found: list[Import] = []

    def visit(node: ast.AST, in_function: bool) -> None:
        if isinstance(node, ast.Import):
            found.extend(Import(module, a.name, node.lineno, in_function) for a in node.names)
        elif isinstance(node, ast.ImportFrom):
            base = _absolute(node, module, is_package)
            found.append(Import(module, base, node.lineno, in_function))
            found.extend(
                Import(module, f"{base}.{a.name}", node.lineno, in_function)
                for a in node.names
                if a.name != "*"
            )
        for child in ast.iter_child_nodes(node):
            inside = in_function or isinstance(node, ast.FunctionDef | ast.AsyncFunctionDef)
            visit(child, inside)

    visit(ast.parse(source), in_function=False)
    return found


def _is_view_module(name: str) -> bool:
    return "views" in name.split(".")


def _is_urls_module(name: str) -> bool:
    return "urls" in name.split(".")


def _is_app_ready(source: str, line: int, module: str) -> bool:
    """Django's own place for imports that connect signal receivers: ``AppConfig.ready``
    runs once every model is loaded, so such an import is not dodging a loop."""
    if module.split(".")[-1] != "apps":
        return False
    for node in ast.walk(ast.parse(source)):
        if isinstance(node, ast.FunctionDef) and node.name == "ready":
            return node.lineno <= line <= (node.end_lineno or node.lineno)
    return False


def _type_checking_lines(source: str) -> set[int]:
    lines: set[int] = set()
    for node in ast.parse(source).body:
        if isinstance(node, ast.If) and _is_type_checking(node.test):
            for child in node.body:
                lines.update(range(child.lineno, (child.end_lineno or child.lineno) + 1))
    return lines


def violations(source: str, module: str, *, is_package: bool = False) -> dict[str, list[str]]:
    """What breaks each rule in one module, as "module:line imports target"."""
    broken: dict[str, list[str]] = {"a": [], "b": [], "c": [], "d": []}
    seen: set[tuple[str, int, str]] = set()

    def add(rule: str, item: Import) -> None:
        key = (rule, item.line, item.target)
        if key not in seen:
            seen.add(key)
            broken[rule].append(f"{module}:{item.line} imports {item.target}")

    foundation = _within(module, "ecosystem") and not _within(module, OVERVIEW)
    allowed_tools = any(_within(module, name) for name in MAY_IMPORT_TOOLS)
    tool = module.split(".")[0] in TOOLS
    may_import_views = _is_view_module(module) or _is_urls_module(module)
    type_checking = _type_checking_lines(source)
    for item in imports_in(source, module, is_package=is_package):
        if not _first_party(item.target):
            continue
        top = item.target.split(".")[0]
        if foundation and not allowed_tools and top in TOOLS:
            add("a", item)
        if tool and _within(item.target, OVERVIEW):
            add("b", item)
        if not may_import_views and _is_view_module(item.target):
            add("c", item)
        if (
            item.in_function
            and item.line not in type_checking
            and not _is_app_ready(source, item.line, module)
        ):
            add("d", item)
    # ``from x import a, b`` names x, x.a and x.b: one line reported once per rule.
    for rule, items in broken.items():
        lines: dict[str, str] = {}
        for text in items:
            lines.setdefault(text.split(" imports ")[0], text)
        broken[rule] = list(lines.values())
    return broken


def project_modules() -> Iterator[tuple[Path, str, bool]]:
    for app in APPS:
        for path in sorted((ROOT / app).rglob("*.py")):
            if "migrations" in path.relative_to(ROOT).parts:
                continue
            yield path, module_name(path), path.name == "__init__.py"


def broken_rule(rule: str) -> list[str]:
    found = []
    for path, module, is_package in project_modules():
        source = path.read_text(encoding="utf-8")
        for text in violations(source, module, is_package=is_package)[rule]:
            found.append(f"{path.relative_to(ROOT)}: {text}")
    return found


RULES = {
    "a": "the foundation (ecosystem/ outside overview/, urls, settings, seed_demo) imports a tool",
    "b": "a tool app imports ecosystem.overview",
    "c": "a module that is no view or URL module imports a views module",
    "d": "a first-party import sits inside a function",
}


def _explain(rule: str, found: list[str]) -> str:
    return f"{RULES[rule]}:\n  " + "\n  ".join(found)


def test_the_walker_sees_every_app():
    modules = {module for _path, module, _package in project_modules()}

    for expected in (
        "ecosystem.models",
        "ecosystem.overview.dashboard",
        "continuum.models",
        "agendas.models",
        "partners.models",
    ):
        assert any(_within(module, expected) for module in modules), expected
    assert not any(".migrations" in module for module in modules)


@pytest.mark.parametrize("rule", ["a", "b", "c"])
def test_the_layers_hold(rule):
    found = broken_rule(rule)

    assert found == [], _explain(rule, found)


def test_no_first_party_import_sits_inside_a_function():
    found = broken_rule("d")

    assert found == [], _explain("d", found)


# --- The checker itself finds what it should -----------------------------------------------


SYNTHETIC = {
    # (a) the foundation reaching for a tool, relative and absolute
    ("ecosystem.services", "from continuum.models import Round\n"): "a",
    ("ecosystem.views.members", "import partners.models\n"): "a",
    # (b) a tool reaching for the overview
    ("partners.views.webs", "from ecosystem.overview import dashboard\n"): "b",
    # (c) domain code taking something from a page, by a relative import
    ("agendas.plan", "from .views.inputs import WORKSHEETS\n"): "c",
    ("continuum.results", "from . import views\n"): "c",
    # (d) an import inside a function, to dodge a loop
    ("ecosystem.forms", "def f():\n    from .models import User\n    return User\n"): "d",
}


@pytest.mark.parametrize(("case", "rule"), list(SYNTHETIC.items()), ids=list("aabccd"))
def test_the_checker_finds_a_broken_rule(case, rule):
    module, source = case

    found = violations(source, module)

    assert found[rule], f"rule {rule} missed: {source!r}"
    assert all(not items for other, items in found.items() if other != rule), found


@pytest.mark.parametrize(
    ("module", "source"),
    [
        ("ecosystem.overview.reports.report", "from partners import webs\n"),
        ("ecosystem.urls", "from .overview.views import dashboard\nimport continuum.urls\n"),
        ("ecosystem.management.commands.seed_demo", "from agendas import demo\n"),
        ("continuum.urls", "from . import views\n"),
        ("continuum.views.rounds", "from ..views import results\n"),
        (
            "ecosystem.models.users",
            "from typing import TYPE_CHECKING\nif TYPE_CHECKING:\n"
            "    from .memberships import Membership\n",
        ),
        ("ecosystem.apps", "class C:\n    def ready(self):\n        from .security import x\n"),
        ("ecosystem.forms", "def f():\n    import json\n    return json\n"),
    ],
)
def test_the_checker_lets_the_allowed_through(module, source):
    found = violations(source, module)

    assert not any(found.values()), found


def test_a_relative_import_is_resolved_from_its_package():
    from_module = imports_in("from ..models import Role\n", "ecosystem.views.members")
    from_package = imports_in("from .models import x\n", "ecosystem.overview", is_package=True)

    assert "ecosystem.models.Role" in {item.target for item in from_module}
    assert "ecosystem.overview.models" in {item.target for item in from_package}
