"""The engines import no Django: they run anywhere, fast, and are tested on their own."""

from __future__ import annotations

import subprocess
import sys
from pathlib import Path

PACKAGE = Path(__file__).resolve().parents[2]

# The project package's __init__ starts Celery (and so Django); stand in empty packages for it,
# so that only what the engine modules import themselves is loaded.
CODE = f"""
import sys, types
for name, path in (("carecyber", {str(PACKAGE)!r}), ("carecyber.assessments", {str(PACKAGE / "assessments")!r})):
    module = types.ModuleType(name)
    module.__path__ = [path]
    sys.modules[name] = module
import carecyber.assessments.engine.items, carecyber.assessments.engine.status
import carecyber.assessments.engine.frameworks, carecyber.assessments.engine.oscal
import carecyber.assessments.engine.calendar, carecyber.assessments.engine.benchmark
loaded = sorted(m for m in sys.modules if m == "django" or m.startswith("django.") or m == "celery")
assert not loaded, loaded
"""


def test_the_engines_import_without_django() -> None:
    result = subprocess.run([sys.executable, "-c", CODE], capture_output=True, text=True, check=False)
    assert result.returncode == 0, result.stderr
