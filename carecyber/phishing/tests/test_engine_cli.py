"""`carecyber triage FILE...`: one JSON line per file, and a non-zero exit when a file is missing."""

from __future__ import annotations

import json
import subprocess
import sys
from io import StringIO
from pathlib import Path

import pytest
from django.core.management import call_command
from django.core.management.base import CommandError

FIXTURES = Path(__file__).parent / "fixtures"


def test_prints_one_json_line_per_file_with_defanged_indicators() -> None:
    out = StringIO()
    files = [str(FIXTURES / "phish_credentials.eml"), str(FIXTURES / "safe_colleague.eml")]
    call_command("triage", *files, stdout=out)
    lines = [json.loads(line) for line in out.getvalue().splitlines()]
    assert [line["file"] for line in lines] == files
    assert [line["verdict"] for line in lines] == ["phishing", "safe"]
    phish = lines[0]
    assert set(phish) == {"file", "verdict", "score", "reasons", "indicators"}
    assert 0 <= phish["score"] <= 100
    assert {"code", "text", "weight"} == set(phish["reasons"][0])
    assert "45.9.148[.]3" in phish["indicators"]["ips"]
    assert set(phish["indicators"]) == {"urls", "domains", "ips", "sha256", "sender_addresses"}


def test_a_missing_file_gives_an_error_line_and_fails_at_the_end(tmp_path: Path) -> None:
    out = StringIO()
    missing = str(tmp_path / "nowhere.eml")
    with pytest.raises(CommandError, match="1 of 2 files could not be read"):
        call_command("triage", missing, str(FIXTURES / "safe_colleague.eml"), stdout=out)
    lines = [json.loads(line) for line in out.getvalue().splitlines()]
    assert lines[0]["file"] == missing
    assert lines[0]["error"].startswith("Could not open this file")
    assert lines[1]["verdict"] == "safe"


def test_the_installed_command_exits_non_zero_for_a_missing_file(tmp_path: Path) -> None:
    command = Path(sys.executable).parent / "carecyber"
    if not command.exists():
        pytest.skip("the carecyber command is not installed in this environment")
    done = subprocess.run(
        [str(command), "triage", str(tmp_path / "nowhere.eml")], capture_output=True, text=True, check=False
    )
    assert done.returncode != 0
    assert json.loads(done.stdout.splitlines()[0])["error"].startswith("Could not open this file")
