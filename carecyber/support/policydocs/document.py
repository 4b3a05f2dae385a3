"""A template filled in with one organisation's answers: what the writers turn into files."""

from __future__ import annotations

from collections.abc import Mapping
from dataclasses import dataclass, replace
from datetime import date

from carecyber.support.policydocs.template import (
    PLACEHOLDER_RE,
    Block,
    Heading,
    Line,
    ListBlock,
    Paragraph,
    PolicyTemplate,
    Span,
    Table,
)

REVIEW_NOTICE_DAYS = 30  # how long before its review date a policy is offered again for review


class MissingAnswerError(ValueError):
    """A value the template needs was not given (the caller checks answers first; this is the backstop)."""


@dataclass(frozen=True)
class FilledPolicy:
    slug: str
    title: str
    organisation_name: str
    version: int
    template_version: int
    issued_on: date
    review_by: date
    blocks: tuple[Block, ...]

    @property
    def footer(self) -> str:
        return f"Version {self.version}. Issued {day_words(self.issued_on)}. Review by {day_words(self.review_by)}."

    def file_stem(self) -> str:
        return f"{self.slug}-v{self.version}"


def day_words(value: date) -> str:
    return f"{value.day} {value:%B %Y}"


def _fill_line(line: Line, values: Mapping[str, str]) -> Line:
    def substitute(text: str) -> str:
        def one(match: object) -> str:
            name = match.group(1).strip()  # type: ignore[attr-defined]  # an re.Match
            if name not in values:
                raise MissingAnswerError(f"no value for {{{{ {name} }}}}")
            return values[name]

        # One pass: a value that happens to contain braces is never read again as a placeholder.
        return PLACEHOLDER_RE.sub(one, text)

    return tuple(replace(span, text=substitute(span.text)) for span in line)


def _fill_block(block: Block, values: Mapping[str, str]) -> Block:
    if isinstance(block, Heading):
        return Heading(block.level, _fill_line(block.text, values))
    if isinstance(block, Paragraph):
        return Paragraph(_fill_line(block.text, values))
    if isinstance(block, ListBlock):
        return ListBlock(block.ordered, tuple(_fill_line(item, values) for item in block.items))
    return Table(
        tuple(_fill_line(cell, values) for cell in block.header),
        tuple(tuple(_fill_line(cell, values) for cell in row) for row in block.rows),
    )


def add_months(start: date, months: int) -> date:
    month_index = start.month - 1 + months
    year, month = start.year + month_index // 12, month_index % 12 + 1
    for day in (start.day, 30, 29, 28):
        try:
            return date(year, month, day)
        except ValueError:
            continue
    raise AssertionError("unreachable: every month has 28 days")


def fill(template: PolicyTemplate, answers: Mapping[str, str], *, version: int, issued_on: date) -> FilledPolicy:
    review_by = add_months(issued_on, template.review_months)
    values = {
        **answers,
        "policy_title": template.title,
        "policy_version": str(version),
        "issued_on": day_words(issued_on),
        "review_by": day_words(review_by),
    }
    return FilledPolicy(
        slug=template.slug,
        title=template.title,
        organisation_name=answers["organisation_name"],
        version=version,
        template_version=template.version,
        issued_on=issued_on,
        review_by=review_by,
        blocks=tuple(_fill_block(b, values) for b in template.blocks),
    )


def plain_text(line: Line) -> str:
    return "".join(span.text for span in line)


__all__ = ["FilledPolicy", "MissingAnswerError", "Span", "add_months", "day_words", "fill", "plain_text"]
