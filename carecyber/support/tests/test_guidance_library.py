"""The guidance library: loaded from files with versions kept, searchable, each article dated, open to all."""

from __future__ import annotations

from pathlib import Path

import pytest
from django.core.management import CommandError, call_command
from django.test import Client

from carecyber.conftest import World, signed_in
from carecyber.core.actor import Actor
from carecyber.core.models import AuditEvent
from carecyber.support.content.frontmatter import ContentError
from carecyber.support.models import Article, ArticleRevision
from carecyber.support.services.guidance import guidance_load
from carecyber.support.tests.conftest import article_text

pytestmark = pytest.mark.django_db

SYSTEM = Actor.system("test")


def _write(folder: Path, slug: str, **kwargs: object) -> None:
    (folder / f"{slug}.md").write_text(article_text(slug, **kwargs), encoding="utf-8")


def test_the_shipped_library_is_loaded_on_migrate_with_all_ten_standards() -> None:
    slugs = set(Article.objects.values_list("slug", flat=True))
    assert {f"nds-{n}" for n in range(1, 11)} <= slugs
    assert {
        "getting-started",
        "backups",
        "updates",
        "passwords-and-two-factor",
        "email-safety",
        "devices",
        "paper-records",
        "it-suppliers",
    } <= slugs
    assert sorted(Article.objects.filter(kind="standard").values_list("standard", flat=True)) == list(range(1, 11))


def test_loading_the_same_files_again_changes_nothing_and_audits_nothing(shipped_guidance_dir: Path) -> None:
    before = AuditEvent.objects.filter(action="guidance.loaded").count()
    report = guidance_load(actor=SYSTEM, folder=shipped_guidance_dir)
    assert not report.changed and len(report.unchanged) >= 18
    assert AuditEvent.objects.filter(action="guidance.loaded").count() == before


def test_a_new_version_is_stored_and_the_old_one_kept(guidance_dir: Path) -> None:
    Article.objects.all().delete()
    _write(guidance_dir, "backups", body="Copy your files.")
    guidance_load(actor=SYSTEM, folder=guidance_dir)
    _write(guidance_dir, "backups", version=2, body="Copy your files every night.")
    report = guidance_load(actor=SYSTEM, folder=guidance_dir)
    assert report.updated == ["backups"]
    article = Article.objects.get(slug="backups")
    assert article.version == 2 and "every night" in article.body_html
    assert list(ArticleRevision.objects.filter(article=article).values_list("version", flat=True)) == [2, 1]
    assert AuditEvent.objects.filter(action="guidance.loaded").exists()


def test_changed_text_without_a_higher_version_is_refused_and_nothing_changes(guidance_dir: Path) -> None:
    Article.objects.all().delete()
    _write(guidance_dir, "backups", body="Copy your files.")
    _write(guidance_dir, "updates", body="Turn on updates.")
    guidance_load(actor=SYSTEM, folder=guidance_dir)
    _write(guidance_dir, "backups", body="Copy your files twice.")  # same version 1
    _write(guidance_dir, "updates", version=2, body="Turn on automatic updates.")  # fine on its own
    with pytest.raises(ContentError, match=r"backups\.md: the text changed but the version is 1: raise it to 2"):
        guidance_load(actor=SYSTEM, folder=guidance_dir)
    assert Article.objects.get(slug="updates").version == 1  # all or nothing
    assert "twice" not in Article.objects.get(slug="backups").body_markdown


def test_a_review_without_changes_updates_the_dates_only(guidance_dir: Path) -> None:
    Article.objects.all().delete()
    _write(guidance_dir, "backups")
    guidance_load(actor=SYSTEM, folder=guidance_dir)
    _write(guidance_dir, "backups", reviewed="2027-10-01", review_due="2028-10-01")
    assert guidance_load(actor=SYSTEM, folder=guidance_dir).reviewed == ["backups"]
    article = Article.objects.get(slug="backups")
    assert (article.version, str(article.review_due)) == (1, "2028-10-01")


def test_an_article_whose_file_is_removed_is_withdrawn_and_explains_itself(guidance_dir: Path) -> None:
    Article.objects.all().delete()
    _write(guidance_dir, "backups")
    _write(guidance_dir, "updates")
    guidance_load(actor=SYSTEM, folder=guidance_dir)
    (guidance_dir / "updates.md").unlink()
    assert guidance_load(actor=SYSTEM, folder=guidance_dir).withdrawn == ["updates"]
    response = Client().get("/support/guidance/updates")
    assert response.status_code == 410
    assert "no longer publish" in response.content.decode()
    assert "Updates" not in Client().get("/support/guidance/").content.decode()


def test_the_command_reports_problems_and_loads_nothing(guidance_dir: Path) -> None:
    (guidance_dir / "broken.md").write_text("no header here", encoding="utf-8")
    with pytest.raises(CommandError, match=r"nothing was loaded:\nbroken\.md: the file must start"):
        call_command("guidance", "load", "--folder", str(guidance_dir))


def test_the_command_check_changes_nothing(guidance_dir: Path) -> None:
    Article.objects.all().delete()
    _write(guidance_dir, "backups")
    from io import StringIO

    out = StringIO()
    call_command("guidance", "check", "--folder", str(guidance_dir), stdout=out)
    assert "would change: 1 created" in out.getvalue()
    assert not Article.objects.exists()


def test_anyone_can_read_the_library_without_signing_in() -> None:
    html = Client().get("/support/guidance/").content.decode()
    assert "Getting started with the toolkit" in html
    assert "The ten standards" in html and "Everyday basics" in html
    assert 'href="/support/guidance/nds-7"' in html


def test_an_article_shows_its_version_and_review_date() -> None:
    html = Client().get("/support/guidance/nds-3").content.decode()
    assert "Standard 3: Training" in html
    assert "Version 1." in html
    assert "Next review due by 20 November 2027" in html


def test_an_article_links_to_related_guidance_both_ways() -> None:
    standard = Client().get("/support/guidance/nds-7").content.decode()
    assert 'href="/support/guidance/backups"' in standard
    basics = Client().get("/support/guidance/backups").content.decode()
    assert 'href="/support/guidance/nds-7"' in basics


def test_an_older_version_can_be_read(guidance_dir: Path) -> None:
    Article.objects.all().delete()
    _write(guidance_dir, "backups", body="Old advice.")
    guidance_load(actor=SYSTEM, folder=guidance_dir)
    _write(guidance_dir, "backups", version=2, body="New advice.")
    guidance_load(actor=SYSTEM, folder=guidance_dir)
    html = Client().get("/support/guidance/backups?version=1").content.decode()
    assert "Old advice." in html and "You are reading version 1" in html
    assert "New advice." in Client().get("/support/guidance/backups").content.decode()


def test_an_unknown_article_is_404() -> None:
    assert Client().get("/support/guidance/no-such-thing").status_code == 404


@pytest.mark.parametrize(
    ("query", "first"),
    [
        ("backups", "Backups"),
        ("two-factor", "Passwords and two-factor sign-in"),
        ("scam email", "Email safety and scam emails"),
        ("shredding", "Paper records"),
        ("unsupported windows", "Standard 8: Unsupported systems"),
    ],
)
def test_search_finds_the_most_relevant_article_first(query: str, first: str) -> None:
    html = Client().get("/support/guidance/", {"q": query}).content.decode()
    assert "Search results" in html
    titles = [chunk.split("</a>")[0].split(">")[-1] for chunk in html.split('<h2 class="nhsuk-heading-s')[1:]]
    assert titles and titles[0] == first


def test_search_with_no_match_says_what_to_try() -> None:
    html = Client().get("/support/guidance/", {"q": "zebra crossing"}).content.decode()
    assert "0 articles found" in html and "Try fewer or different words" in html


def test_search_input_is_escaped_and_capped() -> None:
    response = Client().get("/support/guidance/", {"q": "<script>alert(1)</script>" + "x" * 500})
    html = response.content.decode()
    assert response.status_code == 200
    assert "<script>alert(1)" not in html and "&lt;script&gt;" in html


def test_signed_in_staff_find_guidance_in_the_navigation_and_on_their_home(world: World) -> None:
    html = signed_in(world.staff_b).get("/").content.decode()
    assert 'href="/support/guidance/"' in html
    assert "Guidance" in html
