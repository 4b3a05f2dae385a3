"""Course folders are checked before use: one clear message per problem; lessons are sanitised."""

from __future__ import annotations

import shutil
from pathlib import Path

import pytest
import yaml

from carecyber.training.content import CONTENT_DIR
from carecyber.training.engine.content import ContentError, load_course, render_lesson


def _copy(tmp_path: Path, name: str = "advanced-access") -> Path:
    target = tmp_path / name
    shutil.copytree(CONTENT_DIR / name, target)
    return target


def _problems(folder: Path) -> str:
    with pytest.raises(ContentError) as caught:
        load_course(folder)
    return "\n".join(caught.value.problems)


def _edit_module(folder: Path, change: object) -> None:
    path = next(folder.glob("modules/*/module.yaml"))
    data = yaml.safe_load(path.read_text())
    change(data)  # type: ignore[operator]
    path.write_text(yaml.safe_dump(data))


def test_a_missing_course_file_is_named(tmp_path: Path) -> None:
    folder = _copy(tmp_path)
    (folder / "course.yaml").unlink()
    assert "course.yaml: this file is missing" in _problems(folder)


def test_bad_yaml_says_where(tmp_path: Path) -> None:
    folder = _copy(tmp_path)
    (folder / "course.yaml").write_text("title: [unclosed\n")
    assert "course.yaml: not valid YAML at line" in _problems(folder)


def test_a_single_choice_question_needs_exactly_one_right_answer(tmp_path: Path) -> None:
    folder = _copy(tmp_path)

    def two_right(data: dict) -> None:  # type: ignore[type-arg]
        for option in data["quiz"]["questions"][0]["options"]:
            option["correct"] = True

    _edit_module(folder, two_right)
    assert "question 1: a single question has exactly one correct option, not 3" in _problems(folder)


def test_every_option_needs_feedback_and_a_quiz_needs_five_questions(tmp_path: Path) -> None:
    folder = _copy(tmp_path)

    def damage(data: dict) -> None:  # type: ignore[type-arg]
        data["quiz"]["questions"] = data["quiz"]["questions"][:3]
        data["quiz"]["questions"][0]["options"][1]["feedback"] = ""

    _edit_module(folder, damage)
    found = _problems(folder)
    assert "the quiz has 3 questions: it needs at least 5" in found
    assert "question 1, option 2: `feedback` is missing" in found


def test_lessons_refuse_html_images_without_alt_text_and_unsafe_links(tmp_path: Path) -> None:
    folder = _copy(tmp_path)
    lesson = next(folder.glob("modules/*/*.md"))
    lesson.write_text(
        "# A top heading\n\n<script>alert(1)</script>\n\n![](images/nope.png)\n\n[click](javascript:alert(1))\n"
    )
    found = _problems(folder)
    assert "start headings at `##`" in found
    assert "write Markdown, not HTML tags" in found
    assert "the image images/nope.png needs a description" in found
    assert "is not in this course's images/ folder" in found
    assert "links must start with https:// or mailto:" in found


def test_a_broken_image_is_refused(tmp_path: Path) -> None:
    folder = _copy(tmp_path, "core-cyber-security")
    (folder / "images" / "phishing-signs.png").write_bytes(b"not a picture")
    assert "images/phishing-signs.png: not a picture we can read" in _problems(folder)


def test_links_to_files_outside_the_folder_are_refused(tmp_path: Path) -> None:
    folder = _copy(tmp_path)
    (folder / "modules" / "access" / "evil.md").symlink_to("/etc/passwd")
    assert "links to other files are not allowed" in _problems(folder)


def test_rendering_sanitises_whatever_gets_through() -> None:
    html = render_lesson(
        "Hello <img src=x onerror=alert(1)> [a](https://example.test) ![alt](images/pic.png)\n\n- one\n- two",
        image_base="/training/images/c/",
    )
    assert "onerror" not in html and "<script" not in html
    assert 'href="https://example.test"' in html and 'rel="noopener noreferrer"' in html
    assert 'src="/training/images/c/pic.png"' in html and 'alt="alt"' in html and "cc-lesson__image" in html
    assert '<ul class="nhsuk-list nhsuk-list--bullet">' in html


def test_the_content_hash_changes_with_any_file(tmp_path: Path) -> None:
    folder = _copy(tmp_path)
    first = load_course(folder).content_hash
    lesson = next(folder.glob("modules/*/*.md"))
    lesson.write_text(lesson.read_text() + "\nOne more sentence.\n")
    assert load_course(folder).content_hash != first
