"""Read a CSV of completions exported from another learning system, and check every row before any is used.

Columns (a header row, in any order): email, course (our course slug),
completed_on (YYYY-MM-DD or DD/MM/YYYY), and optionally score (0–100) and
reference (the other system's id for the record).
"""

from __future__ import annotations

import csv
import io
import re
from collections.abc import Callable
from dataclasses import dataclass
from datetime import date, datetime

REQUIRED = ("email", "course", "completed_on")
OPTIONAL = ("score", "reference")
MAX_ROWS = 50_000
MAX_PROBLEMS = 50
EMAIL_RE = re.compile(r"^[^@\s]+@[^@\s]+\.[^@\s]+$")


class CsvError(ValueError):
    def __init__(self, problems: list[str]) -> None:
        self.problems = problems[:MAX_PROBLEMS]
        more = len(problems) - len(self.problems)
        if more > 0:
            self.problems.append(f"…and {more:,} more problems")
        super().__init__("; ".join(self.problems))


@dataclass(frozen=True)
class CompletionRow:
    line: int
    email: str
    course: str
    completed_on: date
    score: int | None
    reference: str


def _date(value: str) -> date | None:
    for pattern in ("%Y-%m-%d", "%d/%m/%Y"):
        try:
            return datetime.strptime(value, pattern).date()
        except ValueError:
            continue
    return None


def parse(data: bytes, *, today: date, known_course: Callable[[str], bool]) -> list[CompletionRow]:
    try:
        text = data.decode("utf-8-sig")
    except UnicodeDecodeError:
        raise CsvError(["The file is not UTF-8 text. Save it as 'CSV UTF-8' and try again."]) from None
    reader = csv.DictReader(io.StringIO(text))
    header = [h.strip().lower() for h in (reader.fieldnames or [])]
    missing = [c for c in REQUIRED if c not in header]
    if missing:
        raise CsvError([f"The first row must name the columns; missing: {', '.join(missing)}."])
    reader.fieldnames = header
    problems: list[str] = []
    rows: list[CompletionRow] = []
    seen: set[tuple[str, str, date]] = set()
    for number, raw in enumerate(reader, start=2):
        if number - 1 > MAX_ROWS:
            raise CsvError([f"The file has more than {MAX_ROWS:,} rows; split it into smaller files."])
        if None in raw:
            problems.append(f"Row {number}: more values than columns")
            continue
        values = {k: (v or "").strip() for k, v in raw.items() if k}
        if not any(values.values()):
            continue
        email = values.get("email", "").lower()
        course = values.get("course", "")
        completed = _date(values.get("completed_on", ""))
        score_text = values.get("score", "")
        score: int | None = None
        row_problems = []
        if not EMAIL_RE.match(email):
            row_problems.append(f"{values.get('email')!r} is not an email address")
        if not course or not known_course(course):
            row_problems.append(f"there is no course {course!r}")
        if completed is None:
            row_problems.append(f"{values.get('completed_on')!r} is not a date like 2026-03-31")
        elif completed > today:
            row_problems.append(f"{completed:%Y-%m-%d} is in the future")
        if score_text:
            if score_text.isdigit() and 0 <= int(score_text) <= 100:
                score = int(score_text)
            else:
                row_problems.append(f"the score {score_text!r} must be a whole number from 0 to 100")
        if row_problems:
            problems.append(f"Row {number}: " + "; ".join(row_problems))
            continue
        assert completed is not None
        key = (email, course, completed)
        if key in seen:
            problems.append(f"Row {number}: the same completion appears twice")
            continue
        seen.add(key)
        rows.append(CompletionRow(number, email, course, completed, score, values.get("reference", "")[:200]))
    if problems:
        raise CsvError(problems)
    if not rows:
        raise CsvError(["The file has no completions in it."])
    return rows
