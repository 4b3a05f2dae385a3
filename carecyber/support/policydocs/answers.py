"""The short form a security lead fills in once, and the rules every answer must follow.

Answers are plain text. Markup (< or >), template braces and control
characters are refused, never stripped, so what the person typed is kept for
them to correct and nothing they did not mean ends up in a policy.
"""

from __future__ import annotations

import re
import unicodedata
from collections.abc import Mapping
from dataclasses import dataclass


@dataclass(frozen=True)
class AnswerField:
    name: str
    label: str
    hint: str
    max_length: int
    missing: str
    multiline: bool = False
    max_lines: int = 1


ANSWER_FIELDS: tuple[AnswerField, ...] = (
    AnswerField(
        "organisation_name",
        "Organisation name",
        "As it should appear on your policies.",
        200,
        "Enter your organisation's name",
    ),
    AnswerField(
        "address",
        "Address",
        "The address of your main office, on up to 6 lines.",
        400,
        "Enter your address",
        multiline=True,
        max_lines=6,
    ),
    AnswerField(
        "siro_name",
        "Senior information risk owner",
        "The senior person in charge of information risk, with their job title. "
        "For example: Ann Smith, Registered Manager.",
        150,
        "Enter the name of your senior information risk owner",
    ),
    AnswerField(
        "dpo_name",
        "Data protection officer",
        "Their name, and how to contact them. For example: Raj Patel, dpo@example.org.",
        150,
        "Enter the name of your data protection officer",
    ),
    AnswerField(
        "caldicott_guardian",
        "Caldicott guardian",
        "The person who makes sure details about care are used in the right way.",
        150,
        "Enter the name of your Caldicott guardian",
    ),
    AnswerField(
        "it_provider",
        "IT provider",
        "The company that looks after your computers. If you have none, say who does it, for example: the manager.",
        200,
        "Enter your IT provider, or who looks after your IT",
    ),
    AnswerField(
        "helpdesk_contact",
        "IT helpdesk contact",
        "The phone number or email address staff use to get IT help.",
        200,
        "Enter how staff get IT help",
    ),
    AnswerField(
        "backup_arrangements",
        "Backup arrangements",
        "What is backed up, how often, where to, and who checks it. For example: the care app company backs up "
        "care records every night; our IT provider backs up the office laptop to the cloud every day.",
        1000,
        "Describe your backup arrangements",
        multiline=True,
        max_lines=15,
    ),
)
ANSWER_NAMES: tuple[str, ...] = tuple(f.name for f in ANSWER_FIELDS)
# Filled in by the platform when a policy is issued, not by the person.
DOCUMENT_FIELDS: tuple[str, ...] = ("policy_title", "policy_version", "issued_on", "review_by")
KNOWN_PLACEHOLDERS: frozenset[str] = frozenset(ANSWER_NAMES) | frozenset(DOCUMENT_FIELDS)

_CONTROL_RE = re.compile(r"[\x00-\x08\x0b-\x1f\x7f-\x9f\u200b-\u200f\u202a-\u202e\u2066-\u2069]")


def clean_answer(field: AnswerField, raw: object) -> tuple[str, list[str]]:
    """(cleaned value, problems). Problems are sentences that say what to do."""
    if raw is None:
        raw = ""
    if not isinstance(raw, str):
        return "", [f"{field.label}: enter text"]
    value = unicodedata.normalize("NFC", raw.replace("\r\n", "\n").replace("\r", "\n"))
    lines = [line.strip() for line in value.split("\n")]
    value = "\n".join(lines).strip() if field.multiline else " ".join(line for line in lines if line)
    problems: list[str] = []
    if not value:
        problems.append(field.missing)
    if len(value) > field.max_length:
        problems.append(f"{field.label} must be {field.max_length} characters or fewer (it has {len(value)})")
    if "<" in value or ">" in value:
        problems.append(f"{field.label}: remove the < and > signs. Answers are plain text, not web code")
    if "{{" in value or "}}" in value:
        problems.append(f"{field.label}: remove the double braces {{{{ and }}}}")
    if _CONTROL_RE.search(value.replace("\t", " ")):
        problems.append(f"{field.label}: remove the hidden control characters (try typing it again)")
    if field.multiline and value.count("\n") + 1 > field.max_lines:
        problems.append(f"{field.label} must fit on {field.max_lines} lines or fewer")
    return value, problems


def clean_answers(
    raw: Mapping[str, object], *, allow_unknown: bool = False
) -> tuple[dict[str, str], dict[str, list[str]]]:
    """Every answer cleaned, and the problems keyed by field name (empty when all is well)."""
    cleaned: dict[str, str] = {}
    errors: dict[str, list[str]] = {}
    for field in ANSWER_FIELDS:
        value, problems = clean_answer(field, raw.get(field.name))
        cleaned[field.name] = value
        if problems:
            errors[field.name] = problems
    unknown = sorted(set(raw) - set(ANSWER_NAMES))
    if unknown and not allow_unknown:
        errors["__all__"] = [f"Unknown answer: {name}. The answers are: {', '.join(ANSWER_NAMES)}" for name in unknown]
    return cleaned, errors
