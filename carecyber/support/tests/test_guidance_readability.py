"""Every article we ship reads at a reading age of 11 or under, measured with textstat."""

from __future__ import annotations

import re
from pathlib import Path

import pytest

from carecyber.support.content.articles import read_articles
from carecyber.support.services.guidance import GUIDANCE_DIR
from carecyber.support.tests.readability import reading_age

ARTICLES = read_articles(GUIDANCE_DIR)
MAX_READING_AGE = 11.0
MAX_SENTENCE_WORDS = 25


def test_the_reading_age_measure_tells_plain_from_dense_text() -> None:
    plain = "Lock the door. Keep the key safe. Tell your manager if you lose it."
    dense = (
        "Organisational accountability necessitates comprehensive documentation of information governance "
        "responsibilities, incorporating contractual confidentiality obligations and systematic authorisation."
    )
    assert reading_age(plain) < 9 < MAX_READING_AGE < reading_age(dense)


@pytest.mark.parametrize("article", ARTICLES, ids=[a.slug for a in ARTICLES])
def test_each_article_has_a_reading_age_of_at_most_11(article: object) -> None:
    age = reading_age(article.body_text)  # type: ignore[attr-defined]
    assert age <= MAX_READING_AGE, f"{article.slug}: reading age {age:.1f}"  # type: ignore[attr-defined]


@pytest.mark.parametrize("article", ARTICLES, ids=[a.slug for a in ARTICLES])
def test_no_sentence_is_too_long(article: object) -> None:
    sentences = re.split(r"(?<=[.!?])\s+", article.body_text.replace("\n", " "))  # type: ignore[attr-defined]
    longest = max(sentences, key=lambda s: len(s.split()))
    assert len(longest.split()) <= MAX_SENTENCE_WORDS, longest


def test_there_is_one_article_per_standard_named_nds_n() -> None:
    standards = {a.standard: a.slug for a in ARTICLES if a.kind == "standard"}
    assert standards == {n: f"nds-{n}" for n in range(1, 11)}


def test_the_library_has_getting_started_and_the_everyday_basics() -> None:
    slugs = {a.slug for a in ARTICLES}
    assert "getting-started" in slugs
    assert {
        "backups",
        "updates",
        "passwords-and-two-factor",
        "email-safety",
        "devices",
        "paper-records",
        "it-suppliers",
    } <= slugs


def test_every_file_in_the_folder_is_an_article() -> None:
    assert {p.stem for p in Path(GUIDANCE_DIR).glob("*.md")} == {a.slug for a in ARTICLES}
