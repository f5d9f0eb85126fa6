"""The project's layers point one way, and its migrations stand alone.

From the bottom: the document parsers (``filmarchive.ingest``, pure Python), the core records
(``filmarchive``), the apps built on them (``reviews``, ``interviews``, which know nothing of each
other), and the site that assembles them all (``filmarchive.site``). A module may import from its own
layer and those below, never from above; the parsers import no Django at all.
"""

import ast
from pathlib import Path

from django.test import SimpleTestCase

ROOT = Path(__file__).resolve().parent.parent
PACKAGES = ("filmarchive", "reviews", "interviews")
PROJECT_PACKAGES = PACKAGES

# (layer name, rank): a module may import modules of lower or equal rank; apps of equal rank are
# independent of each other.
INGEST, CORE, APPS, SITE = 0, 1, 2, 3


def layer_of(module):
    """(rank, name) of a project module, or None for anything outside the project."""
    if module == "filmarchive.ingest" or module.startswith("filmarchive.ingest."):
        return INGEST, "filmarchive.ingest"
    if module == "filmarchive.site" or module.startswith("filmarchive.site."):
        return SITE, "filmarchive.site"
    top = module.split(".")[0]
    if top == "filmarchive":
        return CORE, "filmarchive"
    if top in ("reviews", "interviews"):
        return APPS, top
    return None


def module_name(path):
    parts = list(path.relative_to(ROOT).with_suffix("").parts)
    if parts[-1] == "__init__":
        parts.pop()
    return ".".join(parts)


def imported_modules(source, module, is_package=False):
    """Every module the source imports, at any depth (inside functions too), relative ones resolved."""
    found = []
    for node in ast.walk(ast.parse(source)):
        if isinstance(node, ast.Import):
            found += [(alias.name, node.lineno) for alias in node.names]
        elif isinstance(node, ast.ImportFrom):
            if node.level:
                package = module.split(".") if is_package else module.split(".")[:-1]
                base = package[: len(package) - node.level + 1]
                name = ".".join(base + ([node.module] if node.module else []))
            else:
                name = node.module
            found.append((name, node.lineno))
            # "from filmarchive import search" imports filmarchive.search.
            found += [(f"{name}.{alias.name}", node.lineno) for alias in node.names]
    return found


def violations(source, module, is_package=False):
    """What in this source imports across the layers the wrong way, as readable lines."""
    mine = layer_of(module)
    problems = {}  # one per import statement and layer
    for imported, line in imported_modules(source, module, is_package):
        if mine and mine[0] == INGEST and imported.split(".")[0] == "django":
            problems.setdefault(
                (line, "django"), f"{module}:{line} imports Django ({imported}); the parsers are pure Python"
            )
            continue
        theirs = layer_of(imported)
        if mine is None or theirs is None or theirs[1] == mine[1]:
            continue
        if theirs[0] > mine[0] or (theirs[0] == mine[0] == APPS):
            problems.setdefault(
                (line, theirs[1]), f"{module}:{line} imports {imported}, from the layer {theirs[1]} above it"
            )
    return list(problems.values())


def project_modules():
    for package in PACKAGES:
        for path in sorted((ROOT / package).rglob("*.py")):
            if "migrations" in path.parts:
                continue
            yield path, module_name(path)


class LayerTests(SimpleTestCase):
    def test_no_module_imports_from_a_layer_above_its_own(self):
        problems = []
        for path, module in project_modules():
            # The settings and the WSGI entry point configure the whole; they name the site by string.
            if module in ("filmarchive.settings", "filmarchive.wsgi"):
                continue
            problems += violations(path.read_text(encoding="utf-8"), module, path.name == "__init__.py")
        self.assertEqual(problems, [])

    def test_the_check_finds_each_kind_of_wrong_import(self):
        cases = {
            ("from reviews.models import Review", "filmarchive.models"): "from the layer reviews above",
            ("import filmarchive.site.views", "reviews.views"): "from the layer filmarchive.site above",
            ("from interviews.models import Turn", "reviews.search"): "from the layer interviews above",
            ("from django.db import models", "filmarchive.ingest.build"): "imports Django",
            ("from filmarchive.models import Film", "filmarchive.ingest.build"): "from the layer filmarchive",
            ("def f():\n    from filmarchive import site", "filmarchive.admin"): "filmarchive.site above",
            ("from .site import views", "filmarchive.search"): "filmarchive.site above",
        }
        for (source, module), expected in cases.items():
            with self.subTest(source=source, module=module):
                found = violations(source, module)
                self.assertEqual(len(found), 1, found)
                self.assertIn(expected, found[0])

    def test_imports_downwards_and_sideways_within_a_layer_are_fine(self):
        for source, module in [
            ("from filmarchive.models import Film", "reviews.models"),
            (
                "from reviews.models import Review\nfrom interviews.models import Turn",
                "filmarchive.site.views",
            ),
            ("from filmarchive.ingest import IngestError", "filmarchive.management.commands.build_fixtures"),
            ("from filmarchive.ingest.text import blocks", "filmarchive.ingest.build"),
            ("from . import views", "reviews.urls"),
        ]:
            with self.subTest(source=source):
                self.assertEqual(violations(source, module), [])


class MigrationTests(SimpleTestCase):
    def test_migrations_import_nothing_of_the_project(self):
        problems = []
        for package in PACKAGES:
            for path in sorted((ROOT / package / "migrations").glob("*.py")):
                module = module_name(path)
                for imported, line in imported_modules(path.read_text(encoding="utf-8"), module):
                    if imported.split(".")[0] in PROJECT_PACKAGES:
                        problems.append(f"{path.relative_to(ROOT)}:{line} imports {imported}")
        self.assertEqual(problems, [])
