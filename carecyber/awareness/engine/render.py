"""Draw one campaign image: the organisation's colour, the theme's words, its logo and name.

`layout` decides where everything goes for a format (pure arithmetic and font
measurement); `render` draws it and reports the box of every line it drew, as
Pillow measured it, so a test can check nothing is clipped or overlapping.
"""

from __future__ import annotations

import io
from dataclasses import dataclass, field, replace

from PIL import Image, ImageDraw

from carecyber.awareness.engine.colour import INK, WHITE, tint
from carecyber.awareness.engine.content import Brand, Copy
from carecyber.awareness.engine.formats import Format
from carecyber.awareness.engine.icons import draw_icon
from carecyber.awareness.engine.text import Box, PlacedText, TextDoesNotFit, TextSpec, Weight, fit_stack, font

PNG_COMPRESS_LEVEL = 6


@dataclass(frozen=True)
class DrawnBox:
    """Where something was drawn. `region` is the area it must stay inside."""

    role: str
    text: str
    box: Box
    region: str


@dataclass
class Layout:
    format: Format
    regions: dict[str, Box]
    texts: list[tuple[str, PlacedText, tuple[int, int, int]]]  # region, text, colour
    logo_box: Box | None = None
    icon_box: Box | None = None
    notes: list[str] = field(default_factory=list)

    def shown_text(self) -> list[str]:
        return [" ".join(line.text for line in placed.lines) for _, placed, _ in self.texts]


@dataclass
class Rendered:
    format: Format
    image: Image.Image
    boxes: list[DrawnBox]
    regions: dict[str, Box]
    alt: str

    def png(self) -> bytes:
        out = io.BytesIO()
        self.image.save(out, format="PNG", compress_level=PNG_COMPRESS_LEVEL)
        return out.getvalue()


def _logo_size(logo: Image.Image | None, box_w: int, box_h: int) -> tuple[int, int]:
    if logo is None or box_w <= 0 or box_h <= 0:
        return 0, 0
    scale = min(box_w / logo.width, box_h / logo.height)
    return max(1, int(logo.width * scale)), max(1, int(logo.height * scale))


def _class(fmt: Format) -> str:
    if fmt.ratio >= 3:
        return "strip"
    if fmt.ratio <= 0.62:
        return "tall"
    if fmt.ratio < 1.45:
        return "square"
    return "landscape"


def _min_px(fmt: Format, base: float) -> int:
    """The smallest text that is still readable where this format is seen."""
    m = min(fmt.width, fmt.height)
    if fmt.kind.value == "banner":
        return max(10, round(base * 11))
    return max(12, round(m * 0.021 * base))


def _copy_specs(copy: Copy, fmt: Format, *, body: bool = True) -> list[TextSpec]:
    small = _min_px(fmt, 1.0)
    specs = [TextSpec("headline", copy.headline, Weight.BOLD, 1.0, min_px=max(small, _min_px(fmt, 1.3)), max_lines=4)]
    if body:
        specs.append(TextSpec("body", copy.body, Weight.REGULAR, 0.46, min_px=small, max_lines=8))
    specs.append(TextSpec("action", copy.action, Weight.BOLD, 0.40, min_px=small, max_lines=6))
    return specs


def _fit_with_optional(
    specs: list[TextSpec], box: Box, *, optional: tuple[str, ...], **kwargs: object
) -> list[PlacedText]:
    """Fit the stack; if it cannot, leave out optional blocks (the body first) before giving up."""
    remaining = list(specs)
    while True:
        try:
            return fit_stack(remaining, box, **kwargs)  # type: ignore[arg-type]  # keyword options of fit_stack
        except TextDoesNotFit:
            droppable = [s for s in remaining if s.role in optional]
            if not droppable:
                raise
            remaining.remove(droppable[0])


def layout(fmt: Format, brand: Brand, copy: Copy, logo: Image.Image | None) -> Layout:
    """Where each element of `fmt` goes. Raises TextDoesNotFit with a message for the lead.

    Formats with a safe area (stories) are laid out inside it; the rows above
    and below keep only the background colour."""
    if fmt.safe_top or fmt.safe_bottom:
        inner = replace(fmt, height=fmt.height - fmt.safe_top - fmt.safe_bottom, safe_top=0, safe_bottom=0)
        plan = _layout(inner, brand, copy, logo)
        return _shifted(plan, fmt, fmt.safe_top)
    return _layout(fmt, brand, copy, logo)


def _shifted(plan: Layout, fmt: Format, dy: int) -> Layout:
    def box(b: Box) -> Box:
        return (b[0], b[1] + dy, b[2], b[3] + dy)

    texts = [
        (region, PlacedText(p.role, p.size, tuple(replace(line, y=line.y + dy) for line in p.lines)), colour)
        for region, p, colour in plan.texts
    ]
    return Layout(
        fmt,
        {name: box(b) for name, b in plan.regions.items()},
        texts,
        box(plan.logo_box) if plan.logo_box else None,
        box(plan.icon_box) if plan.icon_box else None,
        plan.notes,
    )


def _layout(fmt: Format, brand: Brand, copy: Copy, logo: Image.Image | None) -> Layout:
    w, h = fmt.width, fmt.height
    kind = _class(fmt)
    context = fmt.label
    if kind == "strip":
        return _strip(fmt, brand, copy, logo, context)
    m = min(w, h)
    pad = max(8, round(m * 0.07))
    footer_h = {"tall": min(round(w * 0.34), round(h * 0.13)), "square": round(h * 0.17), "landscape": round(h * 0.16)}[
        kind
    ]
    footer: Box = (0, h - footer_h, w, h)
    main: Box = (0, 0, w, h - footer_h)
    regions = {"main": main, "footer": footer}
    result = Layout(fmt, regions, [])
    # footer: logo and organisation name on white
    result.logo_box, name_box = _identity(
        footer, logo, pad=max(4, round(footer_h * 0.16)), stacked=w < 400 and kind == "tall"
    )
    if name_box is not None:
        name_min = _min_px(fmt, 0.9)
        placed = fit_stack(
            [TextSpec("organisation_name", brand.name, Weight.BOLD, 1.0, min_px=name_min, max_lines=2)],
            name_box,
            max_size=max(name_min, round(footer_h * 0.3)),
            context=context,
        )
        result.texts.extend(("footer", p, INK) for p in placed)
    main_h = main[3] - main[1]
    text_box: Box
    if kind == "landscape":
        side = min(round(main_h * 0.62), round(w * 0.28))
        icon_left = w - pad - side
        result.icon_box = (icon_left, (main_h - side) // 2, icon_left + side, (main_h - side) // 2 + side)
        text_box = (pad, pad, icon_left - pad, main[3] - pad)
        max_size = round(main_h * 0.15)
    elif kind == "tall":
        side = min(round(w * 0.42), round(main_h * 0.2))
        result.icon_box = (pad, pad, pad + side, pad + side)
        text_box = (pad, pad + side + pad, w - pad, main[3] - pad)
        max_size = round(w * 0.17)
    else:
        if m >= 600:
            side = round(main_h * 0.2)
            result.icon_box = (pad, pad, pad + side, pad + side)
            text_box = (pad, pad + side + pad // 2, w - pad, main[3] - pad)
        else:
            text_box = (pad, pad, w - pad, main[3] - pad)
        max_size = round(min(w, main_h) * 0.12)
    placed = _fit_with_optional(
        _copy_specs(copy, fmt), text_box, optional=("body",), max_size=max_size, context=context, valign="middle"
    )
    result.texts.extend(("main", p, WHITE) for p in placed)
    if len(placed) < 3:
        result.notes.append(f"The body text was left out of the {fmt.label}: it has no room for it.")
    return result


def _identity(footer: Box, logo: Image.Image | None, *, pad: int, stacked: bool) -> tuple[Box | None, Box | None]:
    """Boxes for the logo and the organisation's name inside the footer."""
    x0, y0, x1, y1 = footer
    inner_h = y1 - y0 - 2 * pad
    if logo is None:
        return None, (x0 + pad, y0 + pad, x1 - pad, y1 - pad)
    if stacked:  # narrow formats: the logo alone, centred (the name is in the alt text and the logo)
        lw, lh = _logo_size(logo, x1 - x0 - 2 * pad, inner_h)
        lx, ly = (x0 + x1 - lw) // 2, y0 + (y1 - y0 - lh) // 2
        return (lx, ly, lx + lw, ly + lh), None
    lw, lh = _logo_size(logo, min(round(inner_h * 3), (x1 - x0) // 3), inner_h)
    lx, ly = x0 + pad, y0 + (y1 - y0 - lh) // 2
    return (lx, ly, lx + lw, ly + lh), (lx + lw + pad, y0 + pad, x1 - pad, y1 - pad)


def _strip(fmt: Format, brand: Brand, copy: Copy, logo: Image.Image | None, context: str) -> Layout:
    w, h = fmt.width, fmt.height
    pad = max(4, round(h * 0.1))
    inner_h = h - 2 * pad
    result = Layout(fmt, {}, [])
    if logo is not None:
        lw, lh = _logo_size(logo, round(inner_h * 2.5), inner_h)
        panel_w = lw + 2 * pad
        result.logo_box = (pad, (h - lh) // 2, pad + lw, (h - lh) // 2 + lh)
    else:
        panel_w = round(w * (0.3 if w < 500 else 0.24))
        placed = fit_stack(
            [TextSpec("organisation_name", brand.name, Weight.BOLD, 1.0, min_px=9, max_lines=3)],
            (pad, pad, panel_w - pad, h - pad),
            max_size=round(h * 0.28),
            context=context,
        )
        result.texts.extend(("footer", p, INK) for p in placed)
    result.regions = {"footer": (0, 0, panel_w, h), "main": (panel_w, 0, w, h)}
    text_box: Box = (panel_w + pad * 2, pad, w - pad * 2, h - pad)
    if h < 70:
        specs = [TextSpec("headline", copy.short, Weight.BOLD, 1.0, min_px=10, max_lines=2)]
    else:
        specs = [
            TextSpec("headline", copy.headline, Weight.BOLD, 1.0, min_px=12, max_lines=2),
            TextSpec("action", copy.action, Weight.BOLD, 0.55, min_px=10, max_lines=1),
        ]
    placed_main = fit_stack(specs, text_box, max_size=round(h * 0.4), gap=0.3, context=context)
    result.texts.extend(("main", p, WHITE) for p in placed_main)
    return result


def planned_boxes(plan: Layout) -> list[DrawnBox]:
    """The box of every line of text as the font measures it, without drawing (fast, for checking every format)."""
    boxes = []
    for region, placed, _ in plan.texts:
        for line in placed.lines:
            x0, y0, x1, y1 = font(line.weight, line.size).getbbox(line.text, anchor="la")
            box = (line.x + int(x0), line.y + int(y0), line.x + int(x1), line.y + int(y1))
            boxes.append(DrawnBox(placed.role, line.text, box, region))
    return boxes


def render(
    fmt: Format, brand: Brand, copy: Copy, logo: Image.Image | None = None, *, draw_text: bool = True
) -> Rendered:
    """Draw the image. `draw_text=False` draws everything but the words (a test compares the two)."""
    plan = layout(fmt, brand, copy, logo)
    colour = brand.colour.used
    image = Image.new("RGB", (fmt.width, fmt.height), colour)
    draw = ImageDraw.Draw(image)
    draw.rectangle(plan.regions["footer"], fill=WHITE)
    boxes: list[DrawnBox] = []
    if plan.icon_box is not None:
        x0, y0, x1, y1 = plan.icon_box
        grow = (x1 - x0) // 8
        draw.ellipse((x0 - grow, y0 - grow, x1 + grow, y1 + grow), fill=tint(colour, 0.12))
        inset = (x1 - x0) // 6
        draw_icon(draw, copy.theme.icon, (x0 + inset, y0 + inset, x1 - inset, y1 - inset), WHITE)
        boxes.append(DrawnBox("icon", "", (x0 - grow, y0 - grow, x1 + grow, y1 + grow), "main"))
    if plan.logo_box is not None and logo is not None:
        lx0, ly0, lx1, ly1 = plan.logo_box
        scaled = logo.resize((lx1 - lx0, ly1 - ly0), Image.Resampling.LANCZOS)
        image.paste(scaled, (lx0, ly0), scaled if scaled.mode == "RGBA" else None)
        boxes.append(DrawnBox("logo", "", plan.logo_box, "footer"))
    for region, placed, fill in plan.texts:
        for line in placed.lines:
            face = font(line.weight, line.size)
            if draw_text:
                draw.text((line.x, line.y), line.text, font=face, fill=fill, anchor="la")
            bbox = draw.textbbox((line.x, line.y), line.text, font=face, anchor="la")
            boxes.append(
                DrawnBox(placed.role, line.text, (int(bbox[0]), int(bbox[1]), int(bbox[2]), int(bbox[3])), region)
            )
    return Rendered(fmt, image, boxes, plan.regions, alt_text(fmt, brand, plan))


def alt_text(fmt: Format, brand: Brand, plan: Layout) -> str:
    """What the image says, in reading order, for people who cannot see it."""
    words = {placed.role: " ".join(line.text for line in placed.lines) for _, placed, _ in plan.texts}
    parts = [words[role] for role in ("headline", "body", "action") if role in words]
    sentence = " ".join(p if p.endswith((".", "?", "!")) else p + "." for p in parts)
    return f"{brand.name}: {sentence}"
