"""Turn an uploaded logo into a safe PNG, or refuse it with a message a lead can act on.

PNG: the header is read first and huge dimensions are refused before a single
pixel is decoded (decompression bombs); the image is then decoded, shrunk to at
most MAX_SIDE pixels and re-encoded, so nothing of the original file survives.

SVG: parsed with defusedxml (no DTDs, no entities), checked against an
allow-list of elements and attributes (no scripts, event handlers, external
references, embedded images, foreign content or filters), re-serialised from
the checked tree and rasterised by resvg with no resource directory and no
system fonts. The SVG itself is never stored or served.
"""

from __future__ import annotations

import io
import re
import warnings
from xml.etree.ElementTree import Element, tostring

import defusedxml.ElementTree as SafeET  # type: ignore[import-untyped]  # defusedxml ships no type hints
from defusedxml import DefusedXmlException
from PIL import Image, UnidentifiedImageError

MAX_UPLOAD_BYTES = 2 * 1024 * 1024
MAX_SVG_BYTES = 512 * 1024
MAX_PIXELS = 25_000_000  # declared width × height of a PNG we agree to decode
MAX_DIMENSION = 10_000
MAX_SIDE = 1024  # the stored logo's longest side
MAX_ASPECT = 12.0
MAX_SVG_ELEMENTS = 5_000
MAX_SVG_DEPTH = 40
MAX_SVG_USES = 200

SVG_NS = "http://www.w3.org/2000/svg"
XLINK_NS = "http://www.w3.org/1999/xlink"
PNG_MAGIC = b"\x89PNG\r\n\x1a\n"

ALLOWED_ELEMENTS = frozenset(
    {
        "svg", "g", "path", "rect", "circle", "ellipse", "line", "polyline", "polygon", "text", "tspan",
        "defs", "linearGradient", "radialGradient", "stop", "clipPath", "mask", "title", "desc", "use",
        "symbol", "style", "metadata",
    }
)  # fmt: skip
REFUSED_ELEMENTS = {
    "script": "it contains a script",
    "foreignObject": "it contains embedded web content (foreignObject)",
    "image": "it contains an embedded or linked picture; export the logo as shapes only, or upload a PNG",
    "iframe": "it contains embedded web content",
    "a": "it contains a link",
    "animate": "it contains animation",
    "animateTransform": "it contains animation",
    "animateMotion": "it contains animation",
    "set": "it contains animation",
    "filter": "it uses filter effects; export it without effects, or upload a PNG",
    "feImage": "it uses filter effects that load pictures",
    "pattern": "it uses patterns; export it without them, or upload a PNG",
    "font": "it embeds a font",
    "font-face": "it embeds a font",
}
_URL_IN_CSS = re.compile(r"url\s*\(\s*['\"]?\s*(?!#)", re.IGNORECASE)
_CSS_IMPORT = re.compile(r"@import|expression\s*\(|javascript:", re.IGNORECASE)
_LENGTH = re.compile(r"^\s*([0-9]*\.?[0-9]+(?:e[+-]?[0-9]+)?)\s*(px|pt|mm|cm|in)?\s*$", re.IGNORECASE)


class LogoError(ValueError):
    """The file cannot be used as a logo; the message says why and what to do."""


def _local(tag: str) -> tuple[str, str]:
    if tag.startswith("{"):
        ns, _, name = tag[1:].partition("}")
        return ns, name
    return "", tag


def sanitise_logo(data: bytes, *, filename: str = "") -> bytes:
    """A safe PNG (RGBA, at most MAX_SIDE pixels on its longest side) from an uploaded PNG or SVG."""
    if not data:
        raise LogoError("The file is empty. Choose the logo file again.")
    if len(data) > MAX_UPLOAD_BYTES:
        raise LogoError(f"The file is {len(data) / 1_048_576:.1f} MB. Upload a logo of 2 MB or less.")
    if data.startswith(PNG_MAGIC):
        return _from_png(data)
    head = data[:1024].lstrip(b"\xef\xbb\xbf \t\r\n").lower()
    if head.startswith((b"<?xml", b"<svg", b"<!--", b"<!doctype svg")):
        return _from_svg(data)
    kind = _sniff(data)
    raise LogoError(f"The file is {kind}. Upload the logo as a PNG or an SVG file.")


def _sniff(data: bytes) -> str:
    if data.startswith(b"\xff\xd8\xff"):
        return "a JPEG photo"
    if data.startswith((b"GIF87a", b"GIF89a")):
        return "a GIF"
    if data.startswith(b"%PDF"):
        return "a PDF"
    if data.startswith(b"PK"):
        return "a ZIP archive or an Office document"
    if data[:4] == b"RIFF" and data[8:12] == b"WEBP":
        return "a WebP image"
    if data.lstrip().lower().startswith((b"<html", b"<!doctype html")):
        return "a web page"
    return "not a picture we can read"


def _from_png(data: bytes) -> bytes:
    try:
        with warnings.catch_warnings():
            warnings.simplefilter("error", Image.DecompressionBombWarning)
            with Image.open(io.BytesIO(data), formats=["PNG"]) as probe:
                width, height = probe.size  # read from the header only
                _check_dimensions(width, height)
                probe.load()
                image = probe.convert("RGBA")
    except LogoError:
        raise
    except (Image.DecompressionBombError, Image.DecompressionBombWarning):
        raise LogoError(
            "The picture says it is far larger than a logo needs to be, which is how a “decompression bomb” "
            "attack looks. Export the logo at a normal size, such as 1,000 pixels wide, and upload it again."
        ) from None
    except (UnidentifiedImageError, OSError, ValueError, SyntaxError):
        raise LogoError(
            "The PNG file is damaged or incomplete. Export the logo again and upload the new file."
        ) from None
    return _finish(image)


def _check_dimensions(width: int, height: int) -> None:
    if width <= 0 or height <= 0:
        raise LogoError("The picture has no size. Export the logo again and upload the new file.")
    if width > MAX_DIMENSION or height > MAX_DIMENSION or width * height > MAX_PIXELS:
        raise LogoError(
            f"The picture is {width:,} × {height:,} pixels, far larger than a logo needs to be (at most "
            f"{MAX_DIMENSION:,} pixels on a side). Export it at a normal size, such as 1,000 pixels wide."
        )
    if max(width, height) / min(width, height) > MAX_ASPECT:
        raise LogoError(
            f"The picture is {width:,} × {height:,} pixels: too long and thin to show clearly on the materials. "
            "Use a version of the logo that is closer to square or a wide rectangle."
        )


def _finish(image: Image.Image) -> bytes:
    bbox = image.getchannel("A").getbbox()
    if bbox is None:
        raise LogoError("The logo is completely transparent, so nothing would show. Check the file and try again.")
    image = image.crop(bbox)  # trim empty margins so the logo fills its space
    image.thumbnail((MAX_SIDE, MAX_SIDE), Image.Resampling.LANCZOS)
    out = io.BytesIO()
    image.save(out, format="PNG", optimize=True)
    return out.getvalue()


def _from_svg(data: bytes) -> bytes:
    if len(data) > MAX_SVG_BYTES:
        raise LogoError(f"The SVG file is {len(data) // 1024:,} KB. Simplify it, or upload a logo of 512 KB or less.")
    try:
        root = SafeET.fromstring(data, forbid_dtd=True, forbid_entities=True, forbid_external=True)
    except DefusedXmlException:
        raise LogoError(
            "The SVG file declares a document type or entities, which can be used to attack the server. "
            "Save it again as a plain SVG (in Inkscape: Save as ▸ Plain SVG) and upload that."
        ) from None
    except SafeET.ParseError:
        raise LogoError("The SVG file is not well-formed XML. Export the logo again and upload the new file.") from None
    ns, name = _local(root.tag)
    if name != "svg" or ns not in {SVG_NS, ""}:
        raise LogoError("The file is XML but not an SVG picture. Upload the logo as a PNG or an SVG file.")
    clean = _clean_svg(root)
    width, height = _svg_size(clean)
    scale = MAX_SIDE / max(width, height)
    try:
        import resvg_py

        png = resvg_py.svg_to_bytes(
            svg_string=tostring(clean, encoding="unicode"),
            width=max(1, round(width * scale)),
            height=max(1, round(height * scale)),
            skip_system_fonts=True,
            font_files=[str(f) for f in _font_files()],
            resources_dir=None,
        )
    except Exception as exc:  # resvg reports any failure as a generic exception
        raise LogoError(f"The SVG could not be drawn ({str(exc)[:80]}). Export it again, or upload a PNG.") from None
    with Image.open(io.BytesIO(bytes(png)), formats=["PNG"]) as drawn:
        return _finish(drawn.convert("RGBA"))


def _font_files() -> list[object]:
    from carecyber.awareness.engine.text import FONT_FILES

    return list(FONT_FILES.values())


def _clean_svg(root: Element) -> Element:
    """Check every element and attribute; drop editor metadata in other namespaces; refuse anything risky."""
    count = 0
    uses = 0
    ids_with_use: set[str] = set()
    use_targets: list[str] = []

    def visit(node: Element, depth: int) -> Element | None:
        nonlocal count, uses
        count += 1
        if count > MAX_SVG_ELEMENTS:
            raise LogoError(f"The SVG has more than {MAX_SVG_ELEMENTS:,} parts. Simplify it, or upload a PNG.")
        if depth > MAX_SVG_DEPTH:
            raise LogoError("The SVG is nested too deeply to draw safely. Simplify it, or upload a PNG.")
        ns, name = _local(node.tag)
        if ns not in {SVG_NS, ""}:
            return None  # Inkscape, Illustrator and RDF metadata: not drawn, so dropped
        if name in REFUSED_ELEMENTS:
            raise LogoError(f"This SVG cannot be used: {REFUSED_ELEMENTS[name]}.")
        if name not in ALLOWED_ELEMENTS:
            raise LogoError(f"This SVG cannot be used: it contains a <{name}> element we do not allow. Upload a PNG.")
        kept = Element(f"{{{SVG_NS}}}{name}")
        for key, value in node.attrib.items():
            attr_ns, attr = _local(key)
            low = attr.lower()
            if low.startswith("on"):
                raise LogoError(f"This SVG cannot be used: it contains a script in its “{attr}” attribute.")
            if attr == "href" and attr_ns in {"", XLINK_NS}:
                if not value.strip().startswith("#"):
                    raise LogoError(
                        "This SVG cannot be used: it refers to another file or web address "
                        f"({value.strip()[:60]}). Logos must be self-contained."
                    )
                if name == "use":
                    use_targets.append(value.strip()[1:])
                kept.set(f"{{{XLINK_NS}}}href" if attr_ns else "href", value)
                continue
            if attr_ns not in {"", SVG_NS}:
                continue  # editor attributes (inkscape:label, sodipodi:...)
            if "javascript:" in value.lower() or _URL_IN_CSS.search(value) or _CSS_IMPORT.search(value):
                raise LogoError(
                    f"This SVG cannot be used: its “{attr}” attribute refers to something outside the file."
                )
            kept.set(attr, value)
        if name == "use":
            uses += 1
            if uses > MAX_SVG_USES:
                raise LogoError("The SVG repeats shapes too many times to draw safely. Simplify it, or upload a PNG.")
        if name == "style":
            css = node.text or ""
            if _URL_IN_CSS.search(css) or _CSS_IMPORT.search(css):
                raise LogoError("This SVG cannot be used: its styles load something from outside the file.")
            kept.text = css
        elif name in {"text", "tspan", "title", "desc"}:
            kept.text = node.text
        for child in node:
            cleaned = visit(child, depth + 1)
            if cleaned is not None:
                cleaned.tail = child.tail  # text between tspans
                kept.append(cleaned)
        if any(_local(c.tag)[1] == "use" for c in node.iter()) and node.get("id"):
            ids_with_use.add(node.get("id", ""))
        return kept

    cleaned = visit(root, 0)
    assert cleaned is not None
    if any(target in ids_with_use for target in use_targets):
        raise LogoError("The SVG repeats shapes inside repeated shapes, which can make it impossibly slow to draw.")
    return cleaned


def _svg_size(root: Element) -> tuple[float, float]:
    """The picture's size from width/height, or from its viewBox; refused when absurd."""
    box = root.get("viewBox") or root.get("viewbox")
    vb: tuple[float, float] | None = None
    if box:
        parts = re.split(r"[\s,]+", box.strip())
        try:
            nums = [float(p) for p in parts]
        except ValueError:
            nums = []
        if len(nums) == 4 and nums[2] > 0 and nums[3] > 0:
            vb = (nums[2], nums[3])
    width = _length(root.get("width"))
    height = _length(root.get("height"))
    if width is None or height is None:
        if vb is None:
            raise LogoError("The SVG has no size (no width, height or viewBox). Export it again with a size set.")
        width, height = (
            (width or vb[0] * (height / vb[1] if height else 1)),
            (height or vb[1] * (width / vb[0] if width else 1)),
        )
    if width <= 0 or height <= 0:
        raise LogoError("The SVG has no size (no width, height or viewBox). Export it again with a size set.")
    if width > 100_000 or height > 100_000:
        raise LogoError(
            f"The SVG says it is {width:,.0f} × {height:,.0f} units, far larger than any logo. "
            "Export it at a normal size."
        )
    if max(width, height) / min(width, height) > MAX_ASPECT:
        raise LogoError(
            "The SVG is too long and thin to show clearly on the materials. Use a squarer version of the logo."
        )
    return width, height


def _length(value: str | None) -> float | None:
    if not value or value.strip().endswith("%"):
        return None
    match = _LENGTH.match(value)
    if not match:
        return None
    factor = {"pt": 4 / 3, "mm": 96 / 25.4, "cm": 96 / 2.54, "in": 96.0}.get((match.group(2) or "").lower(), 1.0)
    return float(match.group(1)) * factor


def open_logo(png: bytes | None) -> Image.Image | None:
    """The stored logo, decoded once per pack (it was re-encoded by `sanitise_logo`)."""
    if not png:
        return None
    with Image.open(io.BytesIO(png), formats=["PNG"]) as image:
        return image.convert("RGBA")
