"""Text that fits: wrap words to a width and find the largest font size at which a stack fits a box.

Every width is measured with the real font (Liberation Sans, shipped in `fonts/`,
SIL Open Font License 1.1), so what is laid out here is what Pillow draws.
"""

from __future__ import annotations

from collections.abc import Callable, Sequence
from dataclasses import dataclass
from enum import StrEnum
from functools import cache
from pathlib import Path

from PIL import ImageFont

FONT_DIR = Path(__file__).resolve().parent / "fonts"
LINE_SPACING = 1.22  # distance between baselines, in ems
_BREAK_AFTER = "@.-/_"


class Weight(StrEnum):
    REGULAR = "regular"
    BOLD = "bold"


FONT_FILES = {
    Weight.REGULAR: FONT_DIR / "LiberationSans-Regular.ttf",
    Weight.BOLD: FONT_DIR / "LiberationSans-Bold.ttf",
}


class TextDoesNotFit(ValueError):
    """The text cannot be set at a legible size in the space the format has."""

    def __init__(self, role: str, text: str, message: str) -> None:
        super().__init__(message)
        self.role = role
        self.text = text


@cache
def font(weight: Weight, size: int) -> ImageFont.FreeTypeFont:
    """A loaded font. Cached because the same few sizes are loaded thousands of times per pack;
    fonts are immutable, so sharing them is safe."""
    return ImageFont.truetype(str(FONT_FILES[weight]), size)


Box = tuple[int, int, int, int]  # left, top, right, bottom
_REFERENCE_SIZE = 400


@cache
def _reference_width(weight: Weight, word: str) -> float:
    """A word's width at a large size; scaled down it estimates the width at any size (hinting aside,
    which `wrap` corrects by measuring each finished line). Cached: the same words recur constantly."""
    return font(weight, _REFERENCE_SIZE).getlength(word)


def estimator(weight: Weight, size: int) -> Callable[[str], float]:
    return lambda word: _reference_width(weight, word) * size / _REFERENCE_SIZE


def wrap(
    text: str, measure: Callable[[str], float], width: float, estimate: Callable[[str], float] | None = None
) -> list[str] | None:
    """Greedy word wrap. None when even one character is wider than `width`.

    Words are measured once each and lines estimated as words plus spaces (fast);
    every finished line is then measured whole, and a line that kerning made too
    wide gives its last word to the next line, so the result is exact.
    """
    widths: dict[str, float] = {}
    guess = estimate or measure

    def word_width(word: str) -> float:
        if word not in widths:
            widths[word] = guess(word)
        return widths[word]

    space = guess(" ") if text.strip() else 0.0
    lines: list[str] = []
    for paragraph in text.split("\n"):
        words: list[str] = []
        for word in paragraph.split():
            guessed = word_width(word)
            if guessed <= width and (estimate is None or guessed < width * 0.95 or measure(word) <= width):
                words.append(word)
                continue
            pieces = _break_word(word, measure, width)
            if not pieces:
                return None
            words.extend(pieces)
        current: list[str] = []
        current_width = 0.0
        for word in words:
            extra = word_width(word) + (space if current else 0.0)
            if current and current_width + extra > width:
                lines.append(" ".join(current))
                current, current_width = [word], word_width(word)
            else:
                current.append(word)
                current_width += extra
        if current:
            lines.append(" ".join(current))
    return _settle(lines, measure, width)


def _settle(lines: list[str], measure: Callable[[str], float], width: float) -> list[str]:
    """Measure each line whole; move the last word on when the estimate was a little short."""
    out: list[str] = []
    queue = list(lines)
    while queue:
        line = queue.pop(0)
        words = line.split(" ")
        carried: list[str] = []
        while len(words) > 1 and measure(" ".join(words)) > width:
            carried.insert(0, words.pop())
        out.append(" ".join(words))
        if carried:
            if queue:
                queue[0] = " ".join([*carried, queue[0]])
            else:
                queue.append(" ".join(carried))
    return out


def _break_word(word: str, measure: Callable[[str], float], width: float) -> list[str]:
    pieces: list[str] = []
    rest = word
    while rest:
        if measure(rest) <= width:
            pieces.append(rest)
            break
        fit = 0
        preferred = 0
        for i in range(1, len(rest) + 1):
            if measure(rest[:i]) > width:
                break
            fit = i
            if rest[i - 1] in _BREAK_AFTER:
                preferred = i
        if fit == 0:
            return []
        cut = preferred if preferred >= max(1, fit // 2) else fit
        pieces.append(rest[:cut])
        rest = rest[cut:]
    return pieces


@dataclass(frozen=True)
class TextSpec:
    """One block of text in a stack: its size is `scale` × the stack's headline size, never below `min_px`."""

    role: str
    text: str
    weight: Weight = Weight.REGULAR
    scale: float = 1.0
    min_px: int = 10
    max_lines: int = 8


@dataclass(frozen=True)
class PlacedLine:
    text: str
    x: int
    y: int  # top of the line box (Pillow anchor "la": left, ascender)
    size: int
    weight: Weight


@dataclass(frozen=True)
class PlacedText:
    role: str
    size: int
    lines: tuple[PlacedLine, ...]


def _height(lines: int, size: int) -> int:
    """Height of `lines` lines: baseline steps between them, plus one line's ascent and descent."""
    if lines == 0:
        return 0
    ascent, descent = font(Weight.REGULAR, size).getmetrics()
    return round((lines - 1) * size * LINE_SPACING) + ascent + descent


def _layout(specs: Sequence[TextSpec], width: int, headline: int) -> list[tuple[TextSpec, int, list[str]]] | None:
    out = []
    for spec in specs:
        size = max(spec.min_px, round(headline * spec.scale))
        face = font(spec.weight, size)
        lines = wrap(spec.text, face.getlength, width, estimator(spec.weight, size))
        if lines is None or len(lines) > spec.max_lines:
            return None
        out.append((spec, size, lines))
    return out


def _stack_height(layout: list[tuple[TextSpec, int, list[str]]], gap: float) -> int:
    blocks = [_height(len(lines), size) for _, size, lines in layout if lines]
    sizes = [size for _, size, lines in layout if lines]
    gaps = sum(round(gap * s) for s in sizes[1:])
    return sum(blocks) + gaps


def fit_stack(
    specs: Sequence[TextSpec],
    box: Box,
    *,
    max_size: int,
    gap: float = 0.6,
    valign: str = "middle",
    align: str = "left",
    context: str = "",
) -> list[PlacedText]:
    """Place the blocks top to bottom in `box` at the largest headline size that fits (at most `max_size`).

    Raises TextDoesNotFit, naming the block that would not fit even at its smallest legible size.
    """
    left, top, right, bottom = box
    width, height = right - left, bottom - top
    specs = [s for s in specs if s.text.strip()]
    smallest = max(1, min(max(s.min_px, 1) for s in specs)) if specs else 1
    lo, hi, best = 1, max(1, max_size), None
    while lo <= hi:
        mid = (lo + hi) // 2
        layout = _layout(specs, width, mid)
        if layout is not None and _stack_height(layout, gap) <= height:
            best, lo = layout, mid + 1
        else:
            hi = mid - 1
    if best is None:
        raise _explain(specs, width, height, gap, smallest, context)
    used = _stack_height(best, gap)
    y = top + (height - used) // 2 if valign == "middle" else (bottom - used if valign == "bottom" else top)
    placed: list[PlacedText] = []
    for i, (spec, size, lines) in enumerate(best):
        if i and lines:
            y += round(gap * size)
        face = font(spec.weight, size)
        rows = []
        for n, line in enumerate(lines):
            line_width = face.getlength(line)
            x = left + (round((width - line_width) / 2) if align == "center" else 0)
            rows.append(PlacedLine(line, x, y + round(n * size * LINE_SPACING), size, spec.weight))
        placed.append(PlacedText(spec.role, size, tuple(rows)))
        y += _height(len(lines), size)
    return placed


def _explain(
    specs: Sequence[TextSpec], width: int, height: int, gap: float, smallest: int, context: str
) -> TextDoesNotFit:
    where = f" on the {context}" if context else ""
    for spec in specs:
        size = spec.min_px
        face = font(spec.weight, size)
        lines = wrap(spec.text, face.getlength, width)
        if lines is None or len(lines) > spec.max_lines or _height(len(lines), size) > height:
            return TextDoesNotFit(
                spec.role,
                spec.text,
                f"The {spec.role.replace('_', ' ')} “{_short(spec.text)}” is too long to fit{where}, even at the "
                f"smallest size people can read ({size} pixels). Shorten it.",
            )
    return TextDoesNotFit(
        specs[0].role if specs else "text",
        " ".join(s.text for s in specs),
        f"Together the texts are too long to fit{where} at a size people can read. Shorten the longest of them.",
    )


def _short(text: str, limit: int = 60) -> str:
    return text if len(text) <= limit else text[: limit - 1] + "…"
