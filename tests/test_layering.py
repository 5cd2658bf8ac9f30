"""Who may import whom: payments build on orders (never the reverse), and no domain module imports a view."""

from __future__ import annotations

import ast
from pathlib import Path

import pytest

PACKAGE = Path(__file__).resolve().parent.parent / "storefront"
#: The domains (models, rules, their own views); the areas (web, portal, program, api) and the wiring
#: (app, templating) sit above them and may import views.
DOMAINS = ("auth", "cart", "catalog", "checkout", "media", "notify", "orders", "payments", "places", "producers", "qr")


def _module_name(path: Path) -> str:
    parts = path.relative_to(PACKAGE.parent).with_suffix("").parts
    return ".".join(parts[:-1] if parts[-1] == "__init__" else parts)


def _imports(path: Path) -> set[str]:
    tree = ast.parse(path.read_text(encoding="utf-8"))
    names: set[str] = set()
    for node in ast.walk(tree):
        if isinstance(node, ast.Import):
            names.update(alias.name for alias in node.names)
        elif isinstance(node, ast.ImportFrom) and node.module and node.level == 0:
            names.add(node.module)
            names.update(f"{node.module}.{alias.name}" for alias in node.names)
    return names


MODULES = {_module_name(path): _imports(path) for path in sorted(PACKAGE.rglob("*.py"))}
#: Modules that hold routes (they make a Blueprint): the web layer.
VIEWS = {_module_name(path) for path in PACKAGE.rglob("*.py") if "Blueprint(" in path.read_text(encoding="utf-8")}


def _domain(module: str) -> str:
    return module.split(".")[1] if module.count(".") else ""


def test_the_rules_see_every_module() -> None:
    assert "storefront.orders.views" in VIEWS and "storefront.payments.methods" in MODULES


@pytest.mark.parametrize("module", sorted(name for name in MODULES if name.startswith("storefront.orders")))
def test_orders_never_import_payments(module: str) -> None:
    assert not {name for name in MODULES[module] if name.startswith("storefront.payments")}


@pytest.mark.parametrize("module", sorted(name for name in MODULES if _domain(name) in DOMAINS))
def test_no_domain_module_imports_a_view(module: str) -> None:
    """Rules never import routes; a domain's views may share a helper among themselves, never across domains."""
    views = {name for name in MODULES[module] if name in VIEWS or name.rsplit(".", 1)[0] in VIEWS}
    if module in VIEWS:
        views = {name for name in views if _domain(name) != _domain(module)}
    assert not views
