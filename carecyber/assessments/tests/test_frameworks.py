"""Frameworks as data: loaded by command or page, refused whole with path-named mistakes, exported back."""

from __future__ import annotations

from io import StringIO
from pathlib import Path

import pytest
from django.core.files.uploadedfile import SimpleUploadedFile
from django.core.management import CommandError, call_command

from carecyber.assessments.engine.frameworks import FrameworkFileError, parse_yaml
from carecyber.assessments.models import Assessment, Framework, Item, Standard
from carecyber.assessments.services.frameworks import framework_import, read_framework_file
from carecyber.conftest import World, signed_in
from carecyber.core.actor import Actor
from carecyber.core.models import AuditEvent

pytestmark = pytest.mark.django_db
DATA = Path(__file__).resolve().parent / "data"

BAD = """
format: carecyber-framework/1
slug: broken
version: "1"
title: Broken
kind: standards
standards:
  - reference: "1"
    title: One
    assertions:
      - reference: "1.1"
        title: A
        items:
          - {reference: "1.1.1", text: Fine, answer_type: yes_no}
          - {reference: "1.1.2", text: Typo, answer_type: yesno}
"""


def test_the_shipped_frameworks_load_with_every_item(frameworks: dict[str, Framework]) -> None:
    ndg = frameworks["ndg-10"]
    assert ndg.is_current and ndg.kind == "standards"
    assert Standard.objects.filter(framework=ndg).count() == 10
    assert Item.objects.filter(framework=ndg).count() == 125
    assert list(Standard.objects.filter(framework=ndg).values_list("help_article", flat=True)) == [
        f"nds-{n}" for n in range(1, 11)
    ]
    assert Item.objects.get(framework=ndg, reference="3.1.1").help_article == "nds-3"
    caf = frameworks["caf-health"]
    assert Item.objects.filter(framework=caf).count() == 47 and caf.categories == [1]
    assert AuditEvent.objects.filter(action="framework.imported").count() == 2


def test_loading_the_same_file_again_changes_nothing(frameworks: dict[str, Framework]) -> None:
    spec = read_framework_file((DATA.parents[1] / "data" / "frameworks" / "ndg-10-2026-27.yaml").read_text())
    result = framework_import(actor=Actor.system("t"), spec=spec)
    assert not result.created and result.framework == frameworks["ndg-10"]
    assert Framework.objects.count() == 2


def test_changed_content_in_use_needs_a_new_version(world: World, frameworks: dict[str, Framework]) -> None:
    from carecyber.assessments.tests.conftest import start

    start(world, world.org_b, world.lead_b, frameworks["ndg-10"])
    text = (DATA.parents[1] / "data" / "frameworks" / "ndg-10-2026-27.yaml").read_text()
    spec = read_framework_file(text.replace("Personal confidential data", "Personal data"))
    with pytest.raises(Exception, match="give the changed file a new version"):
        framework_import(actor=Actor.system("t"), spec=spec)
    newer = read_framework_file(text.replace("version: 2026-27", "version: 2027-28"))
    result = framework_import(actor=Actor.system("t"), spec=newer)
    assert result.created and result.framework.is_current
    assert not Framework.objects.get(slug="ndg-10", version="2026-27").is_current
    assert Assessment.objects.get().framework.version == "2026-27"  # assessments keep what they started with


def test_the_command_refuses_a_file_with_mistakes_naming_each(tmp_path: Path, db: None) -> None:
    path = tmp_path / "bad.yaml"
    path.write_text(BAD)
    err = StringIO()
    with pytest.raises(CommandError):
        call_command("framework", "import", str(path), stderr=err, stdout=StringIO())
    assert "1 mistake, nothing loaded" in err.getvalue()
    assert "standards[0].assertions[0].items[1].answer_type: unknown value 'yesno'" in err.getvalue()
    assert not Framework.objects.exists() and not Item.objects.exists()


def test_the_command_loads_and_exports(tmp_path: Path, db: None) -> None:
    out = StringIO()
    call_command("framework", "import", "--shipped", stdout=out)
    assert "ndg-10 2026-27 loaded, 125 items" in out.getvalue()
    target = tmp_path / "ndg.yaml"
    call_command("framework", "export", "ndg-10", "-o", str(target), stdout=StringIO())
    exported = parse_yaml(target.read_text())
    assert exported["slug"] == "ndg-10" and len(exported["standards"]) == 10
    assert read_framework_file(target.read_text()).slug == "ndg-10"
    listing = StringIO()
    call_command("framework", "list", stdout=listing)
    assert "caf-health 2026-27 (current)" in listing.getvalue()


def test_the_command_loads_an_oscal_catalog(db: None) -> None:
    out = StringIO()
    call_command(
        "framework", "import", "--oscal", "--slug", "care-controls", str(DATA / "oscal-catalog.json"), stdout=out
    )
    framework = Framework.objects.get(slug="care-controls")
    assert framework.source == "oscal-catalog" and framework.version == "2.1"
    child = Item.objects.get(framework=framework, reference="AC-1(1)")
    assert child.parent is not None and child.parent.reference == "AC-1" and child.depth == 2


def test_the_national_team_loads_a_file_on_the_page(world: World) -> None:
    client = signed_in(world.national)
    upload = SimpleUploadedFile("bad.yaml", BAD.encode(), content_type="application/x-yaml")
    response = client.post("/toolkit/frameworks/", {"file": upload, "file_format": "yaml", "make_current": "on"})
    html = response.content.decode()
    assert response.status_code == 400
    assert "The file has 1 mistake: nothing was loaded" in html
    assert "standards[0].assertions[0].items[1].answer_type: unknown value &#39;yesno&#39;" in html
    assert not Framework.objects.exists()
    good = SimpleUploadedFile("c.json", (DATA / "oscal-catalog.json").read_bytes(), content_type="application/json")
    response = client.post(
        "/toolkit/frameworks/", {"file": good, "file_format": "oscal", "slug": "care-controls", "make_current": "on"}
    )
    assert response.status_code == 302
    assert Framework.objects.filter(slug="care-controls").exists()
    page = client.get("/toolkit/frameworks/care-controls/2.1/").content.decode()
    assert "Access rules" in page
    yaml_text = client.get("/toolkit/frameworks/care-controls/2.1/?format=yaml").content.decode()
    assert "slug: care-controls" in yaml_text


def test_only_the_national_team_loads_frameworks(world: World) -> None:
    assert signed_in(world.lead_a).get("/toolkit/frameworks/").status_code == 403


def test_a_broken_file_names_the_line(db: None) -> None:
    with pytest.raises(FrameworkFileError) as caught:
        read_framework_file("slug: [oops\n")
    assert caught.value.errors[0].startswith("line 2")
