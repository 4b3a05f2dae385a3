"""Categories and playbooks are data files: complete, consistent, and in plain English."""

from __future__ import annotations

import re

import pytest

from carecyber.incidents.engine.catalogue import CatalogueError, catalogue, parse


def test_the_categories_people_recognise_are_all_there() -> None:
    keys = catalogue().category_keys
    for key in (
        "wrong_person", "misdirected_email", "lost_or_stolen", "unauthorised_access", "unauthorised_change",
        "malware", "systems_down", "ransomware", "fire_flood_power", "near_miss", "phishing_credentials",
    ):  # fmt: skip
        assert key in keys
    groups = {g.key for g, cats in catalogue().by_group() if cats}
    assert groups == {"confidentiality", "integrity", "availability", "near_miss"}


def test_the_issue_playbooks_exist_and_each_adds_tasks() -> None:
    for key in ("ransomware", "phishing_credentials", "lost_device", "misdirected_email", "unauthorised_access"):
        book = catalogue().playbook(key)
        assert len(book.tasks) >= 4
        assert all(task.title and task.due_hours >= 0 for task in book.tasks)


def test_the_words_are_easy_to_read() -> None:
    texts = [c.label + ". " + c.hint for c in catalogue().categories]
    texts += [t.title + ". " + t.detail for p in catalogue().playbooks for t in p.tasks]
    # Short sentences and short words (textstat's formulas need a download this machine cannot make).
    sentences = [s for t in texts for s in re.split(r"[.!?]\s+", t) if s.strip()]
    words = [w for s in sentences for w in re.findall(r"[A-Za-z']+", s)]
    assert len(words) / len(sentences) < 14, "sentences are too long"
    long_words = [w for w in words if len(w) > 12]
    assert len(long_words) / len(words) < 0.02, f"too many long words: {long_words}"


def test_inconsistent_data_is_refused() -> None:
    groups = {"groups": [{"key": "g", "label": "G"}]}
    playbooks = {"playbooks": [{"key": "p", "title": "P", "summary": "S", "tasks": [{"title": "T", "due_hours": 1}]}]}
    category = {"key": "c", "group": "g", "label": "C", "playbook": "p"}
    assert parse({**groups, "categories": [category]}, playbooks).category("c").playbook == "p"
    with pytest.raises(CatalogueError, match="unknown playbook"):
        parse({**groups, "categories": [{**category, "playbook": "missing"}]}, playbooks)
    with pytest.raises(CatalogueError, match="unknown group"):
        parse({**groups, "categories": [{**category, "group": "nope"}]}, playbooks)
    with pytest.raises(CatalogueError, match="appears twice"):
        parse({**groups, "categories": [category, category]}, playbooks)
