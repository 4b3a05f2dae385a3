"""Split a content file into its YAML header and its Markdown body."""

from __future__ import annotations

from dataclasses import dataclass
from typing import Any

import yaml


class ContentError(ValueError):
    """A content file that cannot be loaded; the message names the file and what to fix."""


@dataclass(frozen=True)
class Document:
    meta: dict[str, Any]
    body: str
    body_first_line: int  # the line number (1-based) where the body starts, for error messages


def split(text: str, *, name: str) -> Document:
    """`---` YAML `---` then the body. A file without a header is refused, never guessed at."""
    lines = text.replace("\r\n", "\n").split("\n")
    if not lines or lines[0].strip() != "---":
        raise ContentError(f"{name}: the file must start with a '---' line and a YAML header")
    try:
        end = next(i for i in range(1, len(lines)) if lines[i].strip() == "---")
    except StopIteration:
        raise ContentError(f"{name}: the YAML header has no closing '---' line") from None
    try:
        meta = yaml.safe_load("\n".join(lines[1:end])) or {}
    except yaml.YAMLError as exc:
        raise ContentError(f"{name}: the YAML header cannot be read ({exc})") from None
    if not isinstance(meta, dict):
        raise ContentError(f"{name}: the YAML header must be a set of 'name: value' lines")
    return Document(meta=meta, body="\n".join(lines[end + 1 :]).strip("\n") + "\n", body_first_line=end + 2)


def require(meta: dict[str, Any], key: str, kind: type | tuple[type, ...], *, name: str) -> Any:
    """A header value of the expected type, or a ContentError naming it."""
    if key not in meta:
        raise ContentError(f"{name}: the header needs '{key}'")
    value = meta[key]
    if not isinstance(value, kind) or (isinstance(value, bool) and kind is int):
        expected = kind.__name__ if isinstance(kind, type) else " or ".join(k.__name__ for k in kind)
        raise ContentError(f"{name}: '{key}' must be a {expected}, not {value!r}")
    return value
