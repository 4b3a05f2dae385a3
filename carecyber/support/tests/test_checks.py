"""`carecyber check` knows when shipped content would not load, and when the bank holiday list runs short."""

from __future__ import annotations

from datetime import date
from pathlib import Path

import pytest

from carecyber.support import checks


def test_the_shipped_content_passes_the_checks() -> None:
    assert checks.guidance_files_load() == []
    assert checks.policy_templates_load() == []


def test_a_bad_template_folder_is_an_error(monkeypatch: pytest.MonkeyPatch, tmp_path: Path) -> None:
    (tmp_path / "broken.md").write_text("---\nslug: broken\n---\n{{ nope }}\n", encoding="utf-8")
    monkeypatch.setattr("carecyber.support.services.policies.POLICY_DIR", tmp_path)
    [error] = checks.policy_templates_load()
    assert error.id == "support.E002" and "broken.md" in error.msg


def test_the_bank_holiday_list_warns_a_year_before_it_runs_out(monkeypatch: pytest.MonkeyPatch) -> None:
    import datetime as real

    class Later(real.date):
        @classmethod
        def today(cls) -> date:
            return date(2028, 6, 1)

    monkeypatch.setattr(real, "date", Later)
    [warning] = checks.bank_holidays_cover_the_next_year()
    assert warning.id == "support.W001" and "2028-12-31" in warning.msg
