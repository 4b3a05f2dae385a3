"""A filled policy as an HTML fragment, for the preview on the policy's page. Every piece of text is escaped."""

from __future__ import annotations

from markupsafe import Markup, escape

from carecyber.support.policydocs.document import FilledPolicy
from carecyber.support.policydocs.template import Heading, Line, ListBlock, Paragraph, Table


def _line(line: Line) -> Markup:
    parts = []
    for span in line:
        text = Markup("<br>").join(escape(part) for part in span.text.split("\n"))
        parts.append(Markup("<strong>{}</strong>").format(text) if span.bold else text)
    return Markup("").join(parts)


def write_html(policy: FilledPolicy) -> Markup:
    out: list[Markup] = []
    for block in policy.blocks:
        if isinstance(block, Heading):
            tag = "h2" if block.level == 2 else "h3"
            out.append(Markup(f"<{tag}>{{}}</{tag}>").format(_line(block.text)))
        elif isinstance(block, Paragraph):
            out.append(Markup("<p>{}</p>").format(_line(block.text)))
        elif isinstance(block, ListBlock):
            tag, kind = ("ol", "number") if block.ordered else ("ul", "bullet")
            items = Markup("").join(Markup("<li>{}</li>").format(_line(item)) for item in block.items)
            out.append(Markup(f'<{tag} class="nhsuk-list nhsuk-list--{kind}">{{}}</{tag}>').format(items))
        elif isinstance(block, Table):
            head = Markup("").join(
                Markup('<th scope="col" class="nhsuk-table__header">{}</th>').format(_line(c)) for c in block.header
            )
            rows = Markup("").join(
                Markup('<tr class="nhsuk-table__row">{}</tr>').format(
                    Markup("").join(Markup('<td class="nhsuk-table__cell">{}</td>').format(_line(c)) for c in row)
                )
                for row in block.rows
            )
            out.append(
                Markup(
                    '<table class="nhsuk-table"><thead class="nhsuk-table__head"><tr>{}</tr></thead>'
                    '<tbody class="nhsuk-table__body">{}</tbody></table>'
                ).format(head, rows)
            )
    return Markup("\n").join(out)
