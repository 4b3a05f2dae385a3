"""A check that fails when a view or API module reaches tenant data without the tenancy scope.

Allowed: `Model.objects.visible_to(...)` and `Model.objects.none()`. Anything else
on a tenant model (`.objects.filter`, `.objects.get`, `.objects.all`...) in a
views or api module is a finding.
"""

from __future__ import annotations

import ast
from pathlib import Path

from django.apps import apps

from carecyber.core.tenancy import TenantModel

PACKAGE = Path(__file__).resolve().parents[2]
ALLOWED = {"visible_to", "none"}


def _tenant_model_names() -> set[str]:
    return {m.__name__ for m in apps.get_models() if issubclass(m, TenantModel)}


def _view_modules() -> list[Path]:
    found = []
    for path in PACKAGE.rglob("*.py"):
        parts = set(path.relative_to(PACKAGE).parts)
        if "tests" in parts or "migrations" in parts:
            continue
        if path.name in {"views.py", "api.py"} or "views" in parts:
            found.append(path)
    return found


def find_unscoped(source: str, tenant_models: set[str]) -> list[str]:
    findings = []
    for node in ast.walk(ast.parse(source)):
        if not (isinstance(node, ast.Attribute) and isinstance(node.value, ast.Attribute)):
            continue
        manager = node.value
        if (
            manager.attr == "objects"
            and isinstance(manager.value, ast.Name)
            and manager.value.id in tenant_models
            and node.attr not in ALLOWED
        ):
            findings.append(f"line {node.lineno}: {manager.value.id}.objects.{node.attr}")
    return findings


def test_the_lint_catches_an_unscoped_read() -> None:
    bad = "def view(request):\n    return Membership.objects.filter(role='staff')\n"
    good = "def view(request):\n    return Membership.objects.visible_to(request.actor).filter(role='staff')\n"
    assert find_unscoped(bad, {"Membership"}) == ["line 2: Membership.objects.filter"]
    assert find_unscoped(good, {"Membership"}) == []


def test_views_and_api_reach_tenant_data_only_through_the_scope() -> None:
    tenant_models = _tenant_model_names()
    assert {"Organisation", "Membership", "AuditEvent"} <= tenant_models
    modules = _view_modules()
    assert modules, "no view modules found"
    findings = {str(p.relative_to(PACKAGE)): f for p in modules if (f := find_unscoped(p.read_text(), tenant_models))}
    assert findings == {}
