"""The pure content engine: headers, safe HTML, plain text and search ranking (no database)."""

from __future__ import annotations

import pytest

from carecyber.support.content.articles import parse_article
from carecyber.support.content.frontmatter import ContentError, split
from carecyber.support.content.render import to_html, to_text
from carecyber.support.content.search import Candidate, query_terms, rank, stem

HEADER = """---
slug: backups
title: Backups
summary: Keep a spare copy.
kind: basics
version: 1
reviewed: 2026-11-20
review_due: 2027-11-20
---
"""


def test_header_and_body_are_split_with_the_body_line_number() -> None:
    doc = split("---\ntitle: A\n---\nHello\n", name="a.md")
    assert doc.meta == {"title": "A"}
    assert doc.body == "Hello\n"
    assert doc.body_first_line == 4


@pytest.mark.parametrize(
    ("text", "message"),
    [
        ("Hello", "must start with a '---' line"),
        ("---\ntitle: A\nHello", "no closing '---'"),
        ("---\n- a list\n---\nbody", "set of 'name: value' lines"),
        ("---\ntitle: [unclosed\n---\nbody", "cannot be read"),
    ],
)
def test_a_broken_header_is_refused_with_the_file_name(text: str, message: str) -> None:
    with pytest.raises(ContentError, match=message) as exc:
        split(text, name="broken.md")
    assert str(exc.value).startswith("broken.md:")


def test_script_and_inline_handlers_never_survive_rendering() -> None:
    html = to_html('Hi <script>alert(1)</script> <a href="javascript:alert(1)" onclick="x()">link</a> <img src=x>')
    assert "<script" not in html and "javascript:" not in html and "onclick" not in html and "<img" not in html
    assert "link</a>" in html


def test_headings_start_at_level_two_and_lists_get_design_system_classes() -> None:
    html = to_html("# Top\n\n## Part\n\n- one\n- two\n\n1. first\n")
    assert "<h1" not in html and "<h2>Top</h2>" in html
    assert '<ul class="nhsuk-list nhsuk-list--bullet">' in html
    assert '<ol class="nhsuk-list nhsuk-list--number">' in html


def test_plain_text_drops_markdown_marks_and_ends_blocks_as_sentences() -> None:
    text = to_text("## Keep it safe\n\nUse **three** words.\n\n- Lock it\n- Back it up\n")
    assert "**" not in text and "#" not in text
    assert text.splitlines() == ["Keep it safe.", "Use three words.", "Lock it.", "Back it up."]


def test_an_article_is_parsed_with_its_dates_and_version() -> None:
    article = parse_article(HEADER + "Copy your files.\n", name="backups.md")
    assert (article.slug, article.version, str(article.review_due)) == ("backups", 1, "2027-11-20")
    assert article.body_text == "Copy your files."


@pytest.mark.parametrize(
    ("change", "message"),
    [
        (("slug: backups", "slug: Back Ups"), "lower-case words joined by hyphens"),
        (("slug: backups", "slug: updates"), "must match the file name"),
        (("kind: basics", "kind: other"), "kind must be one of"),
        (("kind: basics", "kind: standard"), "needs 'standard' set to a number from 1 to 10"),
        (("version: 1", "version: one"), "'version' must be a int"),
        (("review_due: 2027-11-20", "review_due: 2026-01-01"), "must be after reviewed"),
        (("version: 1", "version: 1\nauthor: me"), "unknown header field"),
        (("version: 1", "version: 1\nrelated_standards: [12]"), "standard numbers from 1 to 10"),
    ],
)
def test_bad_article_headers_are_refused_clearly(change: tuple[str, str], message: str) -> None:
    with pytest.raises(ContentError, match=message):
        parse_article(HEADER.replace(*change) + "Text.\n", name="backups.md")


def test_the_content_hash_changes_with_the_text_only() -> None:
    a = parse_article(HEADER + "Copy your files.\n", name="backups.md")
    b = parse_article(HEADER.replace("version: 1", "version: 2") + "Copy your files.\n", name="backups.md")
    c = parse_article(HEADER + "Copy your files twice.\n", name="backups.md")
    assert a.content_hash == b.content_hash != c.content_hash


def test_query_terms_drop_common_words_and_stem_plurals() -> None:
    assert query_terms("How do I back up my backups?") == ["back", "up", "backup"]
    assert stem("passwords") == "password" and stem("policies") == "policy" and stem("updating") == "updat"


def test_ranking_puts_title_matches_first_and_needs_every_word() -> None:
    backups = Candidate("backups", "Backups", "Keep a spare copy", "Copy your files to a safe place.")
    continuity = Candidate("nds-7", "Continuity planning", "Plan for outages", "Test that your backups restore.")
    passwords = Candidate("passwords", "Passwords", "Three random words", "Use a password manager.")
    ranked = [c.key for c, _ in rank([continuity, passwords, backups], "backups")]
    assert ranked == ["backups", "nds-7"]
    assert [c.key for c, _ in rank([backups, continuity], "backups restore")] == ["nds-7"]
    assert rank([backups], "the and of") == []
