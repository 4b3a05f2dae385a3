"""Courses as files: read a course folder, check every part of it, and render its lessons to safe HTML.

A course folder holds `course.yaml` (title, version, audience, the modules in
order), one folder per module with `module.yaml` (lessons and the quiz) and
the lessons as Markdown, and `images/` for the pictures the lessons show.
Everything is checked before anything is used: one clear message per problem,
naming the file, and nothing is returned unless the whole course is sound.
"""

from __future__ import annotations

import hashlib
import io
import re
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

import markdown
import nh3
import yaml
from PIL import Image, UnidentifiedImageError

AUDIENCES = {
    "all_staff": "All staff",
    "it_security": "IT and security staff",
    "ig_lead": "Information governance leads",
    "manager": "Managers",
}
QUESTION_KINDS = {"single", "multiple", "scenario"}
MIN_QUESTIONS = 5
MAX_COURSE_BYTES = 20 * 1024 * 1024
MAX_IMAGE_BYTES = 2 * 1024 * 1024
MAX_IMAGE_WIDTH = 1600
SLUG_RE = re.compile(r"^[a-z0-9]+(?:-[a-z0-9]+)*$")
IMAGE_NAME_RE = re.compile(r"^[a-z0-9][a-z0-9-]*\.(png|jpg|jpeg|gif|webp)$")
_IMAGE_REF_RE = re.compile(r"!\[([^\]]*)\]\(([^)\s]+)\)")
_LINK_RE = re.compile(r"(?<!!)\[[^\]]*\]\(([^)\s]+)\)")

ALLOWED_TAGS = {
    "p",
    "h2",
    "h3",
    "h4",
    "ul",
    "ol",
    "li",
    "strong",
    "em",
    "a",
    "img",
    "blockquote",
    "br",
    "hr",
    "table",
    "thead",
    "tbody",
    "tr",
    "th",
    "td",
    "code",
    "figure",
    "figcaption",
}
ALLOWED_ATTRIBUTES = {"a": {"href"}, "img": {"src", "alt", "width", "height"}, "th": {"scope"}}
CLASSES = {
    "ul": {"class": "nhsuk-list nhsuk-list--bullet"},
    "ol": {"class": "nhsuk-list nhsuk-list--number"},
    "table": {"class": "nhsuk-table"},
    "img": {"class": "cc-lesson__image"},
}


class ContentError(ValueError):
    """A course that cannot be used, with every problem found (each names its file)."""

    def __init__(self, problems: list[str]) -> None:
        self.problems = problems
        super().__init__("; ".join(problems))


@dataclass(frozen=True)
class OptionSpec:
    key: str
    text: str
    correct: bool
    feedback: str


@dataclass(frozen=True)
class QuestionSpec:
    key: str
    kind: str
    prompt: str
    options: tuple[OptionSpec, ...]
    scenario: str = ""


@dataclass(frozen=True)
class QuizSpec:
    pass_mark: int
    questions: tuple[QuestionSpec, ...]


@dataclass(frozen=True)
class LessonSpec:
    slug: str
    title: str
    markdown: str
    minutes: int


@dataclass(frozen=True)
class ModuleSpec:
    slug: str
    title: str
    summary: str
    lessons: tuple[LessonSpec, ...]
    quiz: QuizSpec


@dataclass(frozen=True)
class ImageSpec:
    name: str
    content_type: str
    data: bytes
    width: int
    height: int


@dataclass(frozen=True)
class CourseSpec:
    slug: str
    title: str
    summary: str
    version: int
    core: bool
    audiences: tuple[str, ...]
    validity_months: int
    modules: tuple[ModuleSpec, ...]
    images: dict[str, ImageSpec] = field(default_factory=dict)
    content_hash: str = ""


class _Problems:
    def __init__(self, root: Path) -> None:
        self.root = root
        self.items: list[str] = []

    def add(self, where: Path | str, message: str) -> None:
        name = where.relative_to(self.root).as_posix() if isinstance(where, Path) else where
        self.items.append(f"{name}: {message}")


def _yaml(path: Path, problems: _Problems) -> dict[str, Any]:
    if not path.is_file():
        problems.add(path, "this file is missing")
        return {}
    try:
        data = yaml.safe_load(path.read_text(encoding="utf-8"))
    except (yaml.YAMLError, UnicodeDecodeError) as exc:
        mark = getattr(exc, "problem_mark", None)
        where = f" at line {mark.line + 1}" if mark is not None else ""
        problems.add(path, f"not valid YAML{where} ({str(exc).splitlines()[0]}); put text holding ': ' in quotes")
        return {}
    if not isinstance(data, dict):
        problems.add(path, "must be a mapping of fields, like `title: ...`")
        return {}
    return data


def _text(data: dict[str, Any], name: str, where: Path, problems: _Problems, *, required: bool = True) -> str:
    value = data.get(name, "")
    if value is None:
        value = ""
    if not isinstance(value, str):
        problems.add(where, f"`{name}` must be text")
        return ""
    if required and not value.strip():
        problems.add(where, f"`{name}` is missing")
    return value.strip()


def _int(
    data: dict[str, Any], name: str, where: Path, problems: _Problems, *, low: int, high: int, default: int
) -> int:
    value = data.get(name, default)
    if isinstance(value, bool) or not isinstance(value, int) or not low <= value <= high:
        problems.add(where, f"`{name}` must be a whole number from {low} to {high}")
        return default
    return int(value)


def _slug(value: Any, where: Path, problems: _Problems, what: str) -> str:
    if not isinstance(value, str) or not SLUG_RE.match(value) or len(value) > 80:
        problems.add(where, f"{what} {value!r} must be lower-case letters, digits and hyphens, like `phishing-signs`")
        return ""
    return value


def _quiz(data: Any, where: Path, problems: _Problems) -> QuizSpec:
    if not isinstance(data, dict):
        problems.add(where, "`quiz` is missing: every module ends with a quiz")
        return QuizSpec(pass_mark=80, questions=())
    pass_mark = _int(data, "pass_mark", where, problems, low=1, high=100, default=80)
    raw_questions = data.get("questions")
    if not isinstance(raw_questions, list):
        problems.add(where, "`quiz.questions` must be a list")
        return QuizSpec(pass_mark=pass_mark, questions=())
    if len(raw_questions) < MIN_QUESTIONS:
        problems.add(where, f"the quiz has {len(raw_questions)} questions: it needs at least {MIN_QUESTIONS}")
    questions: list[QuestionSpec] = []
    keys: set[str] = set()
    for n, raw in enumerate(raw_questions, 1):
        label = f"question {n}"
        if not isinstance(raw, dict):
            problems.add(where, f"{label} must be a mapping")
            continue
        key = str(raw.get("key") or f"q{n}")
        if key in keys:
            problems.add(where, f"{label}: the key {key!r} is used twice")
        keys.add(key)
        kind = raw.get("kind", "single")
        if kind not in QUESTION_KINDS:
            problems.add(where, f"{label}: `kind` must be single, multiple or scenario, not {kind!r}")
            kind = "single"
        prompt = str(raw.get("prompt") or "").strip()
        if not prompt:
            problems.add(where, f"{label}: `prompt` is missing")
        scenario = str(raw.get("scenario") or "").strip()
        if kind == "scenario" and not scenario:
            problems.add(where, f"{label}: a scenario question needs `scenario` text")
        options: list[OptionSpec] = []
        raw_options = raw.get("options")
        if not isinstance(raw_options, list) or len(raw_options) < 2:
            problems.add(where, f"{label}: give at least two `options`")
            raw_options = []
        for k, option in enumerate(raw_options):
            if not isinstance(option, dict):
                problems.add(where, f"{label}, option {k + 1}: must be a mapping with text, correct and feedback")
                continue
            text = str(option.get("text") or "").strip()
            feedback = str(option.get("feedback") or "").strip()
            if not text:
                problems.add(where, f"{label}, option {k + 1}: `text` is missing")
            if not feedback:
                problems.add(where, f"{label}, option {k + 1}: `feedback` is missing (every option explains itself)")
            options.append(
                OptionSpec(key=chr(ord("a") + k), text=text, correct=option.get("correct") is True, feedback=feedback)
            )
        correct = sum(o.correct for o in options)
        if options and kind in {"single", "scenario"} and correct != 1:
            problems.add(where, f"{label}: a {kind} question has exactly one correct option, not {correct}")
        if options and kind == "multiple" and correct < 1:
            problems.add(where, f"{label}: mark at least one option as correct")
        questions.append(QuestionSpec(key=key, kind=kind, prompt=prompt, options=tuple(options), scenario=scenario))
    return QuizSpec(pass_mark=pass_mark, questions=tuple(questions))


def _check_markdown(text: str, where: Path, problems: _Problems, images: set[str]) -> None:
    if re.search(r"^#\s", text, re.MULTILINE):
        problems.add(where, "start headings at `##`: the lesson title is the page's only top heading")
    if re.search(r"<\s*[a-zA-Z]", text):
        problems.add(where, "write Markdown, not HTML tags")
    for alt, target in _IMAGE_REF_RE.findall(text):
        if not alt.strip():
            problems.add(where, f"the image {target} needs a description in its [alt text]")
        if not target.startswith("images/") or target.removeprefix("images/") not in images:
            problems.add(where, f"the image {target} is not in this course's images/ folder")
    for target in _LINK_RE.findall(text):
        if not target.startswith(("https://", "mailto:", "#")):
            problems.add(where, f"links must start with https:// or mailto:, not {target}")


def _image(path: Path, problems: _Problems) -> ImageSpec | None:
    if not IMAGE_NAME_RE.match(path.name):
        problems.add(path, "image names are lower-case letters, digits and hyphens, ending .png, .jpg, .gif or .webp")
        return None
    if path.stat().st_size > MAX_IMAGE_BYTES:
        problems.add(path, f"larger than {MAX_IMAGE_BYTES // (1024 * 1024)} MB")
        return None
    try:
        with Image.open(path) as img:
            img.load()
            picture = img.convert("RGBA") if img.mode in {"P", "LA", "RGBA"} else img.convert("RGB")
    except (UnidentifiedImageError, OSError, Image.DecompressionBombError):
        problems.add(path, "not a picture we can read")
        return None
    if picture.width > MAX_IMAGE_WIDTH:
        picture = picture.resize((MAX_IMAGE_WIDTH, round(picture.height * MAX_IMAGE_WIDTH / picture.width)))
    out = io.BytesIO()
    picture.save(out, format="PNG", optimize=True)  # re-encoded: nothing of the original file is served
    name = path.stem + ".png"
    return ImageSpec(
        name=name, content_type="image/png", data=out.getvalue(), width=picture.width, height=picture.height
    )


def render_lesson(text: str, *, image_base: str) -> str:
    """Markdown to HTML that can sit inside our page: images point at `image_base`, everything else is sanitised."""

    def point(match: re.Match[str]) -> str:
        alt, target = match.group(1), match.group(2)
        name = Path(target).stem + ".png" if target.startswith("images/") else target
        return f"![{alt}]({image_base}{name})"

    html = markdown.markdown(_IMAGE_REF_RE.sub(point, text), extensions=["tables"], output_format="html")
    return nh3.clean(
        html,
        tags=ALLOWED_TAGS,
        attributes=ALLOWED_ATTRIBUTES,
        url_schemes={"https", "mailto"},
        set_tag_attribute_values=CLASSES,
        link_rel="noopener noreferrer",
    )


def _hash(root: Path) -> str:
    digest = hashlib.sha256()
    for path in sorted(p for p in root.rglob("*") if p.is_file()):
        digest.update(path.relative_to(root).as_posix().encode() + b"\0")
        digest.update(path.read_bytes())
    return digest.hexdigest()


def load_course(root: Path) -> CourseSpec:
    """Read and check a whole course folder; raises ContentError listing every problem."""
    root = root.resolve()
    problems = _Problems(root)
    if not root.is_dir():
        raise ContentError([f"{root}: not a folder"])
    files = [p for p in root.rglob("*") if p.is_file() or p.is_symlink()]
    if any(p.is_symlink() for p in files):
        raise ContentError([f"{root.name}: links to other files are not allowed in a course folder"])
    if sum(p.stat().st_size for p in files) > MAX_COURSE_BYTES:
        raise ContentError([f"{root.name}: larger than {MAX_COURSE_BYTES // (1024 * 1024)} MB"])
    course_file = root / "course.yaml"
    data = _yaml(course_file, problems)
    if not data:
        raise ContentError(problems.items)
    slug = _slug(data.get("slug"), course_file, problems, "the course slug")
    title = _text(data, "title", course_file, problems)
    summary = _text(data, "summary", course_file, problems)
    version = _int(data, "version", course_file, problems, low=1, high=10_000, default=1)
    validity = _int(data, "validity_months", course_file, problems, low=1, high=60, default=12)
    core = data.get("core", False) is True
    audiences = data.get("audience")
    if not isinstance(audiences, list) or not audiences or any(a not in AUDIENCES for a in audiences):
        problems.add(course_file, f"`audience` must be a list drawn from {', '.join(AUDIENCES)}")
        audiences = []
    if core and "all_staff" not in audiences:
        problems.add(course_file, "the core course is for all staff: its audience must include all_staff")

    images: dict[str, ImageSpec] = {}
    image_dir = root / "images"
    if image_dir.is_dir():
        for path in sorted(image_dir.iterdir()):
            spec = _image(path, problems) if path.is_file() else None
            if spec is not None:
                images[path.name] = spec

    modules: list[ModuleSpec] = []
    module_names = data.get("modules")
    if not isinstance(module_names, list) or not module_names:
        problems.add(course_file, "`modules` must list the module folders in order")
        module_names = []
    seen_modules: set[str] = set()
    for folder_name in module_names:
        folder = root / "modules" / str(folder_name)
        module_file = folder / "module.yaml"
        if not folder.is_dir() or ".." in str(folder_name) or "/" in str(folder_name):
            problems.add(course_file, f"the module folder modules/{folder_name} is missing")
            continue
        mdata = _yaml(module_file, problems)
        if not mdata:
            continue
        mslug = _slug(mdata.get("slug"), module_file, problems, "the module slug")
        if mslug in seen_modules:
            problems.add(module_file, f"the module slug {mslug} is used twice")
        seen_modules.add(mslug)
        lessons: list[LessonSpec] = []
        raw_lessons = mdata.get("lessons")
        if not isinstance(raw_lessons, list) or not raw_lessons:
            problems.add(module_file, "`lessons` must list at least one lesson")
            raw_lessons = []
        seen_lessons: set[str] = set()
        for raw in raw_lessons:
            if not isinstance(raw, dict):
                problems.add(module_file, "each lesson is a mapping with slug, title and file")
                continue
            lslug = _slug(raw.get("slug"), module_file, problems, "the lesson slug")
            if lslug in seen_lessons:
                problems.add(module_file, f"the lesson slug {lslug} is used twice")
            seen_lessons.add(lslug)
            ltitle = _text(raw, "title", module_file, problems)
            minutes = _int(raw, "minutes", module_file, problems, low=1, high=120, default=5)
            lesson_path = folder / str(raw.get("file") or "")
            if not raw.get("file") or not lesson_path.is_file() or lesson_path.resolve().parent != folder.resolve():
                problems.add(module_file, f"the lesson file {raw.get('file')!r} is missing")
                continue
            try:
                text = lesson_path.read_text(encoding="utf-8")
            except UnicodeDecodeError:
                problems.add(lesson_path, "not UTF-8 text")
                continue
            if not text.strip():
                problems.add(lesson_path, "the lesson is empty")
            _check_markdown(text, lesson_path, problems, set(images) | {Path(n).stem + ".png" for n in images})
            lessons.append(LessonSpec(slug=lslug, title=ltitle, markdown=text, minutes=minutes))
        quiz = _quiz(mdata.get("quiz"), module_file, problems)
        modules.append(
            ModuleSpec(
                slug=mslug,
                title=_text(mdata, "title", module_file, problems),
                summary=_text(mdata, "summary", module_file, problems),
                lessons=tuple(lessons),
                quiz=quiz,
            )
        )
    if problems.items:
        raise ContentError(problems.items)
    return CourseSpec(
        slug=slug,
        title=title,
        summary=summary,
        version=version,
        core=core,
        audiences=tuple(str(a) for a in audiences),
        validity_months=validity,
        modules=tuple(modules),
        images={spec.name: spec for spec in images.values()},
        content_hash=_hash(root),
    )
