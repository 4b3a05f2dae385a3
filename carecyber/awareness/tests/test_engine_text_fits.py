"""Text is sized and wrapped to fit every format: nothing clipped, nothing overlapping.

Every format × theme × copy variant × brand is laid out and the box of every
line is measured with the real font. A sample is then drawn, and the pixels the
text changed are checked to lie inside the measured boxes, so the measurements
are what is really on the image.
"""

from __future__ import annotations

import itertools

import pytest
from PIL import ImageChops, ImageDraw

from carecyber.awareness.engine.content import Brand, copy_for, load_themes
from carecyber.awareness.engine.formats import FORMATS
from carecyber.awareness.engine.logo import open_logo
from carecyber.awareness.engine.render import DrawnBox, layout, planned_boxes, render
from carecyber.awareness.engine.text import Box, TextDoesNotFit, TextSpec, fit_stack, wrap
from carecyber.awareness.tests.helpers import BRANDS


def _inside(inner: Box, outer: Box) -> bool:
    return inner[0] >= outer[0] and inner[1] >= outer[1] and inner[2] <= outer[2] and inner[3] <= outer[3]


def _overlap(a: Box, b: Box) -> bool:
    return a[0] < b[2] and b[0] < a[2] and a[1] < b[3] and b[1] < a[3]


def _problems(width: int, height: int, regions: dict[str, Box], boxes: list[DrawnBox]) -> list[str]:
    found = []
    canvas = (0, 0, width, height)
    for b in boxes:
        if not _inside(b.box, canvas):
            found.append(f"{b.role} {b.text!r} is clipped by the edge: {b.box}")
        elif not _inside(b.box, regions[b.region]):
            found.append(f"{b.role} {b.text!r} spills out of the {b.region}: {b.box} not in {regions[b.region]}")
    for a, b in itertools.combinations(boxes, 2):
        if _overlap(a.box, b.box):
            found.append(f"{a.role} {a.text!r} overlaps {b.role} {b.text!r}")
    return found


@pytest.mark.parametrize("brand_name", list(BRANDS))
def test_every_format_theme_and_variant_fits_without_clipping_or_overlap(brand_name: str) -> None:
    brand = BRANDS[brand_name]
    logo = open_logo(brand.logo_png)
    problems: list[str] = []
    checked = 0
    for theme in load_themes().values():
        for variant in range(len(theme.variants)):
            copy = copy_for(theme, variant, brand)
            for fmt in FORMATS:
                plan = layout(fmt, brand, copy, logo)
                boxes = planned_boxes(plan)
                if plan.logo_box is not None:
                    boxes.append(DrawnBox("logo", "", plan.logo_box, "footer"))
                if plan.icon_box is not None:
                    boxes.append(DrawnBox("icon", "", plan.icon_box, "main"))
                assert any(b.role == "headline" for b in boxes), f"{fmt.label} has no headline"
                problems += [
                    f"{theme.key}/{variant}/{fmt.key}: {p}"
                    for p in _problems(fmt.width, fmt.height, plan.regions, boxes)
                ]
                checked += 1
    assert checked == len(load_themes()) * 3 * len(FORMATS)
    assert problems == []


@pytest.mark.parametrize("brand_name", ["plain", "long name, tall logo"])
def test_drawn_text_stays_inside_the_measured_boxes(brand_name: str) -> None:
    brand = BRANDS[brand_name]
    logo = open_logo(brand.logo_png)
    theme = load_themes()["phishing"]
    copy = copy_for(theme, 1, brand)
    for fmt in FORMATS:
        if fmt.width * fmt.height > 2_500_000:
            continue  # the same layout code at a larger scale; keeps the test quick
        with_text = render(fmt, brand, copy, logo)
        without = render(fmt, brand, copy, logo, draw_text=False)
        text_boxes = [b for b in with_text.boxes if b.role not in {"logo", "icon"}]
        assert _problems(fmt.width, fmt.height, with_text.regions, with_text.boxes) == []
        changed = ImageChops.difference(with_text.image, without.image).convert("L").point(lambda v: 255 if v else 0)
        assert changed.getbbox() is not None, f"{fmt.label}: no text was drawn"
        draw = ImageDraw.Draw(changed)
        for b in text_boxes:
            draw.rectangle((b.box[0], b.box[1], b.box[2] - 1, b.box[3] - 1), fill=0)
        assert changed.getbbox() is None, f"{fmt.label}: text drawn outside its measured box at {changed.getbbox()}"


def test_stories_keep_everything_in_the_central_safe_area() -> None:
    story = next(f for f in FORMATS if f.key == "social-1080x1920")
    for brand in BRANDS.values():
        copy = copy_for(load_themes()["phishing"], 0, brand)
        plan = layout(story, brand, copy, open_logo(brand.logo_png))
        boxes = [b.box for b in planned_boxes(plan)] + [b for b in (plan.logo_box, plan.icon_box) if b]
        assert all(b[1] >= 250 and b[3] <= 1920 - 250 for b in boxes)


def test_every_image_says_the_organisation_name_or_shows_its_logo() -> None:
    for brand in BRANDS.values():
        logo = open_logo(brand.logo_png)
        copy = copy_for(load_themes()["passwords"], 0, brand)
        for fmt in FORMATS:
            plan = layout(fmt, brand, copy, logo)
            named = any(p.role == "organisation_name" for _, p, _ in plan.texts)
            assert named or plan.logo_box is not None, fmt.label


def test_a_name_that_cannot_fit_gets_a_clear_message() -> None:
    brand = Brand.create(name="Supercalifragilistic" * 12, colour="#005EB8", report_to="a@b.test")
    copy = copy_for(load_themes()["phishing"], 0, brand)
    small = next(f for f in FORMATS if f.key == "banner-320x50")
    with pytest.raises(TextDoesNotFit) as caught:
        layout(small, brand, copy, None)
    assert "too long to fit on the Web banner 320×50" in str(caught.value)
    assert "Shorten it" in str(caught.value)


def test_wrapping_breaks_long_addresses_after_punctuation() -> None:
    measure = len  # one unit per character
    lines = wrap("Report to information.governance@example-trust.nhs.uk now", measure, 24)
    assert lines is not None
    assert all(len(line) <= 24 for line in lines)
    assert "".join(lines).replace(" ", "") == "Reporttoinformation.governance@example-trust.nhs.uknow"
    assert any(line.endswith(("@", ".", "-")) for line in lines)


def test_the_stack_uses_the_largest_size_that_fits() -> None:
    placed = fit_stack([TextSpec("headline", "Lock your screen")], (0, 0, 600, 200), max_size=300)
    size = placed[0].size
    with pytest.raises(TextDoesNotFit):
        fit_stack([TextSpec("headline", "Lock your screen", min_px=size + 1)], (0, 0, 600, 200), max_size=size + 1)
