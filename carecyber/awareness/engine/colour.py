"""Colours and WCAG 2.2 contrast: a brand colour is used as a background for white text.

When white text on the chosen colour does not reach AA (4.5:1 for normal text),
the colour is darkened, keeping its hue, until it does; the caller tells the lead.
"""

from __future__ import annotations

import colorsys
import re
from dataclasses import dataclass

HEX_RE = re.compile(r"^#[0-9a-fA-F]{6}$")
WHITE = (255, 255, 255)
INK = (33, 43, 50)  # NHS.UK text colour, used on white panels
AA_NORMAL = 4.5

RGB = tuple[int, int, int]


class ColourError(ValueError):
    """A colour that cannot be read."""


def parse_hex(value: str) -> RGB:
    text = value.strip()
    if len(text) == 4 and text.startswith("#"):  # #abc shorthand
        text = "#" + "".join(c * 2 for c in text[1:])
    if not HEX_RE.match(text):
        raise ColourError(f"Enter the colour as a hex code like #005EB8, not {value.strip()[:20]!r}")
    return int(text[1:3], 16), int(text[3:5], 16), int(text[5:7], 16)


def to_hex(rgb: RGB) -> str:
    return "#{:02X}{:02X}{:02X}".format(*rgb)


def _channel(c: int) -> float:
    s = c / 255
    return s / 12.92 if s <= 0.04045 else ((s + 0.055) / 1.055) ** 2.4


def relative_luminance(rgb: RGB) -> float:
    r, g, b = (_channel(c) for c in rgb)
    return 0.2126 * r + 0.7152 * g + 0.0722 * b


def contrast_ratio(a: RGB, b: RGB) -> float:
    la, lb = sorted((relative_luminance(a), relative_luminance(b)), reverse=True)
    return (la + 0.05) / (lb + 0.05)


@dataclass(frozen=True)
class BrandColour:
    requested: RGB
    used: RGB

    @property
    def adjusted(self) -> bool:
        return self.requested != self.used

    @property
    def requested_hex(self) -> str:
        return to_hex(self.requested)

    @property
    def used_hex(self) -> str:
        return to_hex(self.used)

    @property
    def contrast(self) -> float:
        return contrast_ratio(self.used, WHITE)

    def explanation(self) -> str:
        """A sentence for the lead: why the colour changed, or an empty string."""
        if not self.adjusted:
            return ""
        before = contrast_ratio(self.requested, WHITE)
        return (
            f"White text on {self.requested_hex} has a contrast of {before:.1f} to 1, below the 4.5 to 1 that "
            f"people with low vision need (WCAG AA). The materials use {self.used_hex}, a darker shade of the "
            f"same colour ({self.contrast:.1f} to 1)."
        )


def accessible_brand_colour(value: str, *, minimum: float = AA_NORMAL) -> BrandColour:
    """The requested colour, or the lightest darker shade of it that white text passes AA on."""
    requested = parse_hex(value)
    if contrast_ratio(requested, WHITE) >= minimum:
        return BrandColour(requested, requested)
    h, lightness, s = colorsys.rgb_to_hls(*(c / 255 for c in requested))
    low, high = 0.0, lightness
    best = (0, 0, 0)
    for _ in range(30):  # bisect on lightness: the largest lightness that still passes
        mid = (low + high) / 2
        candidate = _rgb(colorsys.hls_to_rgb(h, mid, s))
        if contrast_ratio(candidate, WHITE) >= minimum:
            best, low = candidate, mid
        else:
            high = mid
    return BrandColour(requested, best)


def _rgb(values: tuple[float, float, float]) -> RGB:
    r, g, b = (max(0, min(255, round(v * 255))) for v in values)
    return r, g, b


def tint(rgb: RGB, amount: float) -> RGB:
    """Mix towards white (amount 0 = the colour, 1 = white): for decoration, never behind text."""
    r, g, b = (round(c + (255 - c) * amount) for c in rgb)
    return r, g, b
