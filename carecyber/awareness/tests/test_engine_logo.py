"""Logos: PNG and SVG become a safe, re-encoded PNG; hostile files are refused with clear messages."""

from __future__ import annotations

import io

import pytest
from PIL import Image

from carecyber.awareness.engine.logo import MAX_SIDE, LogoError, sanitise_logo
from carecyber.awareness.tests.helpers import SVG_LOGO, png_bytes, png_claiming


def _image(data: bytes) -> Image.Image:
    image = Image.open(io.BytesIO(data))
    image.load()
    return image


def test_a_png_is_re_encoded_trimmed_and_shrunk() -> None:
    source = Image.new("RGBA", (3000, 1500), (0, 0, 0, 0))
    source.paste((0, 94, 184, 255), (500, 500, 2500, 1000))
    buffer = io.BytesIO()
    source.save(buffer, format="PNG", pnginfo=None)
    out = _image(sanitise_logo(buffer.getvalue()))
    assert out.format == "PNG" and out.mode == "RGBA"
    assert max(out.size) == MAX_SIDE
    assert out.size == (1024, 256)  # the transparent margin was trimmed


def test_png_metadata_does_not_survive() -> None:
    from PIL.PngImagePlugin import PngInfo

    info = PngInfo()
    info.add_text("Comment", "<script>alert(1)</script>")
    buffer = io.BytesIO()
    Image.new("RGB", (50, 50), (200, 0, 0)).save(buffer, format="PNG", pnginfo=info)
    out = sanitise_logo(buffer.getvalue())
    assert b"script" not in out


def test_a_clean_svg_is_rasterised_and_editor_metadata_dropped() -> None:
    out = _image(sanitise_logo(SVG_LOGO))
    assert abs(out.width - 1024) <= 2 and abs(out.height - 341) <= 2
    assert out.getpixel((5, 170))[:3] == (0x7C, 0x28, 0x55)  # the brand rectangle was drawn
    assert not sanitise_logo(SVG_LOGO).startswith(b"<")


@pytest.mark.parametrize(
    ("svg", "message"),
    [
        (
            b'<svg xmlns="http://www.w3.org/2000/svg" width="9" height="9"><script>alert(1)</script></svg>',
            "contains a script",
        ),
        (b'<svg xmlns="http://www.w3.org/2000/svg" width="9" height="9" onload="alert(1)"/>', "“onload” attribute"),
        (
            b'<svg xmlns="http://www.w3.org/2000/svg" xmlns:xlink="http://www.w3.org/1999/xlink" width="9" height="9">'
            b'<image xlink:href="https://tracker.example/p.png" width="9" height="9"/></svg>',
            "embedded or linked picture",
        ),
        (
            b'<svg xmlns="http://www.w3.org/2000/svg" xmlns:xlink="http://www.w3.org/1999/xlink" width="9" height="9">'
            b'<use xlink:href="https://evil.example/sprite.svg#logo"/></svg>',
            "refers to another file or web address",
        ),
        (
            b'<svg xmlns="http://www.w3.org/2000/svg" width="9" height="9"><use href="file:///etc/passwd"/></svg>',
            "refers to another file",
        ),
        (
            b'<svg xmlns="http://www.w3.org/2000/svg" width="9" height="9">'
            b"<style>@import url(https://evil.example/x.css);</style></svg>",
            "styles load something from outside",
        ),
        (
            b'<svg xmlns="http://www.w3.org/2000/svg" width="9" height="9">'
            b'<rect width="9" height="9" style="fill:url(https://evil.example/)"/></svg>',
            "refers to something outside the file",
        ),
        (
            b'<svg xmlns="http://www.w3.org/2000/svg" width="9" height="9">'
            b"<foreignObject><p>hi</p></foreignObject></svg>",
            "foreignObject",
        ),
        (
            b'<?xml version="1.0"?><!DOCTYPE svg [<!ENTITY lol "lol"><!ENTITY lol2 "&lol;&lol;&lol;">]>'
            b'<svg xmlns="http://www.w3.org/2000/svg" width="9" height="9"><text>&lol2;</text></svg>',
            "declares a document type or entities",
        ),
        (
            b'<?xml version="1.0"?><!DOCTYPE svg [<!ENTITY xxe SYSTEM "file:///etc/passwd">]>'
            b'<svg xmlns="http://www.w3.org/2000/svg" width="9" height="9"><text>&xxe;</text></svg>',
            "declares a document type or entities",
        ),
        (b'<svg xmlns="http://www.w3.org/2000/svg" width="900000" height="900000"/>', "far larger than any logo"),
        (b'<svg xmlns="http://www.w3.org/2000/svg"><rect width="9" height="9"/></svg>', "has no size"),
        (b'<svg xmlns="http://www.w3.org/2000/svg" width="2000" height="10"/>', "too long and thin"),
        (b"<svg xmlns='http://www.w3.org/2000/svg' width='9' height='9'><rect", "not well-formed"),
        (b'<svg:html xmlns:svg="http://example.test/"/>', "not an SVG picture"),
    ],
)
def test_hostile_svgs_are_refused_with_a_reason(svg: bytes, message: str) -> None:
    with pytest.raises(LogoError, match=message):
        sanitise_logo(svg)


def test_an_svg_with_too_many_parts_is_refused() -> None:
    shapes = b"".join(b'<rect width="1" height="1"/>' for _ in range(6000))
    with pytest.raises(LogoError, match="more than 5,000 parts"):
        sanitise_logo(b'<svg xmlns="http://www.w3.org/2000/svg" width="9" height="9">' + shapes + b"</svg>")


def test_nested_repeats_that_explode_are_refused() -> None:
    svg = (
        b'<svg xmlns="http://www.w3.org/2000/svg" width="9" height="9"><defs>'
        b'<g id="a"><rect width="1" height="1"/></g>'
        b'<g id="b"><use href="#a"/><use href="#a"/></g>'
        b'<g id="c"><use href="#b"/><use href="#b"/></g></defs><use href="#c"/></svg>'
    )
    with pytest.raises(LogoError, match="repeats shapes inside repeated shapes"):
        sanitise_logo(svg)


def test_a_decompression_bomb_is_refused_before_decoding() -> None:
    with pytest.raises(LogoError, match=r"decompression bomb|far larger than a logo"):
        sanitise_logo(png_claiming(60_000, 60_000))


def test_huge_dimensions_below_pillows_own_limit_are_refused_too() -> None:
    with pytest.raises(LogoError, match="12,000 × 1,500 pixels"):
        sanitise_logo(png_claiming(12_000, 1_500))


@pytest.mark.parametrize(
    ("data", "message"),
    [
        (b"\xff\xd8\xff\xe0\x00\x10JFIF", "a JPEG photo"),
        (b"GIF89a....", "a GIF"),
        (b"%PDF-1.7", "a PDF"),
        (b"<!DOCTYPE html><html></html>", "a web page"),
        (b"", "empty"),
        (b"\x89PNG\r\n\x1a\nnot really", "damaged or incomplete"),
        (b"x" * (3 * 1024 * 1024), "2 MB or less"),
    ],
)
def test_other_files_get_a_clear_message(data: bytes, message: str) -> None:
    with pytest.raises(LogoError, match=message):
        sanitise_logo(data)


def test_a_fully_transparent_logo_is_refused() -> None:
    with pytest.raises(LogoError, match="completely transparent"):
        sanitise_logo(png_bytes(100, 100, (0, 0, 0, 0)))
