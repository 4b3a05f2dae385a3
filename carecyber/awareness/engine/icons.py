"""Simple line drawings for each theme, drawn with Pillow shapes so they scale to any size.

They are decoration: the text carries the message, and the alt text says what it says.
"""

from __future__ import annotations

from collections.abc import Callable

from PIL import ImageDraw

from carecyber.awareness.engine.colour import RGB
from carecyber.awareness.engine.text import Box

Painter = Callable[[ImageDraw.ImageDraw, Box, RGB, int], None]


def _envelope(d: ImageDraw.ImageDraw, b: Box, c: RGB, w: int) -> None:
    x0, y0, x1, y1 = b
    top = y0 + (y1 - y0) // 5
    bottom = y1 - (y1 - y0) // 5
    d.rectangle((x0, top, x1, bottom), outline=c, width=w)
    mid = (x0 + x1) // 2
    d.line((x0, top, mid, (top + bottom) // 2 + w, x1, top), fill=c, width=w, joint="curve")
    # a hook: phishing
    hx, hy = x1 - (x1 - x0) // 6, bottom - (bottom - top) // 4
    r = (x1 - x0) // 10
    d.arc((hx - r, hy - r, hx + r, hy + r), 0, 200, fill=c, width=w)


def _padlock(d: ImageDraw.ImageDraw, b: Box, c: RGB, w: int) -> None:
    x0, y0, x1, y1 = b
    width = x1 - x0
    body_top = y0 + (y1 - y0) * 45 // 100
    d.rounded_rectangle((x0 + width // 8, body_top, x1 - width // 8, y1), radius=width // 12, outline=c, width=w)
    d.arc((x0 + width // 4, y0, x1 - width // 4, body_top + (body_top - y0)), 180, 360, fill=c, width=w)
    d.line(
        (x0 + width // 4 + w // 2, body_top - (body_top - y0) // 6, x0 + width // 4 + w // 2, body_top), fill=c, width=w
    )
    d.line(
        (x1 - width // 4 - w // 2, body_top - (body_top - y0) // 6, x1 - width // 4 - w // 2, body_top), fill=c, width=w
    )
    cx, cy = (x0 + x1) // 2, (body_top + y1) // 2
    d.ellipse((cx - w, cy - w, cx + w, cy + w), fill=c)


def _door(d: ImageDraw.ImageDraw, b: Box, c: RGB, w: int) -> None:
    x0, y0, x1, y1 = b
    width = x1 - x0
    d.rectangle((x0 + width // 5, y0, x1 - width // 5, y1), outline=c, width=w)
    d.ellipse((x1 - width // 3 - w, (y0 + y1) // 2 - w, x1 - width // 3 + w, (y0 + y1) // 2 + w), fill=c)
    # two people: one following the other
    for dx in (0, width // 7):
        px = x0 + width // 10 + dx
        d.ellipse((px - w * 2, y1 - (y1 - y0) // 2, px + w * 2, y1 - (y1 - y0) // 2 + w * 4), outline=c, width=w)


def _screen(d: ImageDraw.ImageDraw, b: Box, c: RGB, w: int) -> None:
    x0, y0, x1, y1 = b
    height = y1 - y0
    d.rounded_rectangle((x0, y0 + height // 8, x1, y1 - height // 4), radius=w * 2, outline=c, width=w)
    d.line(((x0 + x1) // 2, y1 - height // 4, (x0 + x1) // 2, y1 - height // 10), fill=c, width=w)
    d.line((x0 + (x1 - x0) // 4, y1 - height // 10, x1 - (x1 - x0) // 4, y1 - height // 10), fill=c, width=w)
    inner = (x0 + (x1 - x0) * 38 // 100, y0 + height * 30 // 100, x1 - (x1 - x0) * 38 // 100, y1 - height * 35 // 100)
    _padlock(d, inner, c, max(1, w * 2 // 3))


def _speech(d: ImageDraw.ImageDraw, b: Box, c: RGB, w: int) -> None:
    x0, y0, x1, y1 = b
    width, height = x1 - x0, y1 - y0
    d.rounded_rectangle(
        (x0, y0 + height // 8, x1 - width // 5, y0 + height * 60 // 100), radius=width // 10, outline=c, width=w
    )
    d.line(
        (
            x0 + width // 6,
            y0 + height * 60 // 100,
            x0 + width // 8,
            y0 + height * 75 // 100,
            x0 + width // 3,
            y0 + height * 60 // 100,
        ),
        fill=c,
        width=w,
        joint="curve",
    )
    d.rounded_rectangle(
        (x0 + width // 4, y0 + height * 45 // 100, x1, y1 - height // 8), radius=width // 10, outline=c, width=w
    )
    qx, qy = x0 + width * 62 // 100, y0 + height * 68 // 100
    d.text((qx, qy), "?", fill=c, anchor="mm", font_size=max(8, height // 5))


def _folder(d: ImageDraw.ImageDraw, b: Box, c: RGB, w: int) -> None:
    x0, y0, x1, y1 = b
    width, height = x1 - x0, y1 - y0
    top = y0 + height // 5
    d.line((x0, top, x0 + width * 35 // 100, top, x0 + width * 42 // 100, top + height // 10), fill=c, width=w)
    d.rectangle((x0, top + height // 10, x1, y1 - height // 10), outline=c, width=w)
    d.line((x0, top, x0, top + height // 10), fill=c, width=w)
    for i in range(3):
        ly = top + height * (28 + i * 14) // 100
        d.line((x0 + width // 6, ly, x1 - width // 6, ly), fill=c, width=max(1, w // 2))


def _megaphone(d: ImageDraw.ImageDraw, b: Box, c: RGB, w: int) -> None:
    x0, y0, x1, y1 = b
    width, height = x1 - x0, y1 - y0
    cy = (y0 + y1) // 2
    d.polygon(
        [
            (x0 + width // 8, cy - height // 10),
            (x0 + width * 6 // 10, cy - height * 3 // 10),
            (x0 + width * 6 // 10, cy + height * 3 // 10),
            (x0 + width // 8, cy + height // 10),
        ],
        outline=c,
        width=w,
    )
    d.line((x0 + width // 4, cy + height // 10, x0 + width * 3 // 10, cy + height * 3 // 10), fill=c, width=w)
    for i in range(1, 4):
        r = width * i // 12
        d.arc(
            (x0 + width * 6 // 10 - r, cy - r, x0 + width * 6 // 10 + r + width // 10, cy + r), -40, 40, fill=c, width=w
        )


PAINTERS: dict[str, Painter] = {
    "envelope": _envelope,
    "padlock": _padlock,
    "door": _door,
    "screen": _screen,
    "speech": _speech,
    "folder": _folder,
    "megaphone": _megaphone,
}


def draw_icon(draw: ImageDraw.ImageDraw, name: str, box: Box, colour: RGB) -> None:
    size = min(box[2] - box[0], box[3] - box[1])
    PAINTERS[name](draw, box, colour, max(2, size // 22))
