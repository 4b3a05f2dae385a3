"""Brand colours meet WCAG AA for white text; a too-light colour is darkened and explained."""

from __future__ import annotations

import pytest
from hypothesis import given
from hypothesis import strategies as st

from carecyber.awareness.engine.colour import (
    WHITE,
    ColourError,
    accessible_brand_colour,
    contrast_ratio,
    parse_hex,
    to_hex,
)


def test_known_contrast_ratios() -> None:
    assert contrast_ratio((0, 0, 0), WHITE) == pytest.approx(21.0)
    assert contrast_ratio(WHITE, WHITE) == pytest.approx(1.0)
    assert contrast_ratio(parse_hex("#005EB8"), WHITE) == pytest.approx(6.38, abs=0.05)  # NHS blue


def test_a_dark_enough_colour_is_kept() -> None:
    colour = accessible_brand_colour("#005eb8")
    assert not colour.adjusted
    assert colour.used_hex == "#005EB8"
    assert colour.explanation() == ""


def test_a_too_light_colour_is_darkened_keeping_its_hue_and_the_lead_is_told() -> None:
    colour = accessible_brand_colour("#FFEB3B")
    assert colour.adjusted
    assert colour.contrast >= 4.5
    assert colour.contrast < 4.8  # the lightest shade that passes, not black
    r, g, b = colour.used
    assert r >= g > b  # still a yellow-brown, not grey
    assert "#FFEB3B" in colour.explanation() and colour.used_hex in colour.explanation()
    assert "4.5 to 1" in colour.explanation()


@pytest.mark.parametrize("bad", ["blue", "#12345", "#GGGGGG", "", "005EB8 ", "rgb(0,0,0)"])
def test_colours_that_cannot_be_read_get_a_clear_message(bad: str) -> None:
    with pytest.raises(ColourError, match="hex code like #005EB8"):
        accessible_brand_colour(bad)


def test_shorthand_hex_is_accepted() -> None:
    assert to_hex(parse_hex("#fff")) == "#FFFFFF"


@given(st.tuples(st.integers(0, 255), st.integers(0, 255), st.integers(0, 255)))
def test_every_colour_ends_up_accessible(rgb: tuple[int, int, int]) -> None:
    colour = accessible_brand_colour(to_hex(rgb))
    assert contrast_ratio(colour.used, WHITE) >= 4.5
