"""Shared test data for the awareness tests: brands, logos and hostile files."""

from __future__ import annotations

import io
import struct
import zlib

from PIL import Image

from carecyber.awareness.engine.content import Brand


def png_bytes(width: int = 400, height: int = 160, colour: tuple[int, int, int, int] = (0, 94, 184, 255)) -> bytes:
    image = Image.new("RGBA", (width, height), colour)
    out = io.BytesIO()
    image.save(out, format="PNG")
    return out.getvalue()


def png_claiming(width: int, height: int) -> bytes:
    """A tiny file whose header claims a huge picture: a decompression bomb."""

    def chunk(kind: bytes, data: bytes) -> bytes:
        return struct.pack(">I", len(data)) + kind + data + struct.pack(">I", zlib.crc32(kind + data) & 0xFFFFFFFF)

    header = struct.pack(">IIBBBBB", width, height, 8, 2, 0, 0, 0)
    body = zlib.compress(b"\x00" * (width * 3 + 1) * 4, 9)
    return b"\x89PNG\r\n\x1a\n" + chunk(b"IHDR", header) + chunk(b"IDAT", body) + chunk(b"IEND", b"")


SVG_LOGO = (
    b'<?xml version="1.0" encoding="UTF-8"?>\n'
    b'<svg xmlns="http://www.w3.org/2000/svg" xmlns:inkscape="http://www.inkscape.org/namespaces/inkscape" '
    b'width="240" height="80" viewBox="0 0 240 80" inkscape:version="1.3">'
    b'<metadata><rdf:RDF xmlns:rdf="http://www.w3.org/1999/02/22-rdf-syntax-ns#"/></metadata>'
    b'<rect width="240" height="80" rx="12" fill="#7c2855"/>'
    b'<circle cx="40" cy="40" r="24" fill="#ffffff"/>'
    b'<text x="80" y="52" font-family="sans-serif" font-size="32" fill="#ffffff">Birch</text></svg>'
)

BRANDS = {
    "plain": Brand.create(
        name="Alder Hospitals NHS Foundation Trust",
        colour="#005EB8",
        report_to="report.phishing@alder-hospitals.nhs.uk",
        helpdesk="0161 496 0123",
    ),
    "light colour, wide logo": Brand.create(
        name="Birch Care Home",
        colour="#FFEB3B",
        report_to="manager@birchcare.test",
        helpdesk="",
        logo_png=png_bytes(900, 200),
    ),
    "long name, tall logo": Brand.create(
        name="The Very Long Named Community and Mental Health Services Partnership NHS Foundation Trust",
        colour="#330072",
        report_to="information.governance.cyber@verylongnamedpartnership.nhs.uk",
        helpdesk="+44 (0)1632 960 000 ext. 4567",
        logo_png=png_bytes(200, 400),
    ),
}
