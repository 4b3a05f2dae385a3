"""A pack: every listed size, a poster, copy in HTML and text, alt text for every image, one ZIP."""

from __future__ import annotations

import io
import json
import time
import zipfile

import pytest
from PIL import Image

from carecyber.awareness.engine.content import Brand, copy_for, load_themes
from carecyber.awareness.engine.copy import copy_set
from carecyber.awareness.engine.formats import FORMATS
from carecyber.awareness.engine.pack import build_pack, check_fit, resolve_themes
from carecyber.awareness.tests.helpers import BRANDS

ISSUE_SIZES = {
    "screensaver": {(1920, 1080), (2560, 1440), (3840, 2160), (1366, 768), (1280, 1024)},
    "banner": {(728, 90), (300, 250), (160, 600), (300, 600), (320, 50)},
    "social": {(1200, 675), (1200, 627), (1080, 1080), (1080, 1920)},
}


@pytest.fixture(scope="module")
def pack():  # type: ignore[no-untyped-def]
    return build_pack(BRANDS["light colour, wide logo"], ["phishing", "passwords"], variant=1)


def test_the_pack_has_every_size_the_issue_lists_for_each_theme(pack) -> None:  # type: ignore[no-untyped-def]
    with zipfile.ZipFile(io.BytesIO(pack.zip_bytes)) as zf:
        names = zf.namelist()
        for theme in ("phishing", "passwords"):
            for kind, sizes in ISSUE_SIZES.items():
                found = {(f.width, f.height) for f in pack.files if f.theme == theme and f.kind == kind}
                assert found == sizes
            for f in pack.files:
                if f.media_type == "image/png":
                    with Image.open(io.BytesIO(zf.read(f.path))) as image:
                        assert image.size == (f.width, f.height)
        assert sum(n.endswith(".png") for n in names) == 2 * len(FORMATS)
        assert sum(n.endswith("poster-a4.pdf") for n in names) == 2
        assert any(n.endswith("alt-text.csv") for n in names)
        manifest = json.loads(zf.read(next(n for n in names if n.endswith("manifest.json"))))
        assert len(manifest) == len(pack.files)


def test_every_image_has_alt_text_saying_what_it_says(pack) -> None:  # type: ignore[no-untyped-def]
    images = [f for f in pack.files if f.media_type == "image/png"]
    assert images
    for f in images:
        assert f.alt.startswith("Birch Care Home: ")
        assert len(f.alt) > 30
    with zipfile.ZipFile(io.BytesIO(pack.zip_bytes)) as zf:
        csv_text = zf.read(next(n for n in zf.namelist() if n.endswith("alt-text.csv"))).decode()
    assert csv_text.count("\n") == len(images) + 1


def test_the_poster_is_an_a4_pdf_with_the_words_as_text(pack) -> None:  # type: ignore[no-untyped-def]
    with zipfile.ZipFile(io.BytesIO(pack.zip_bytes)) as zf:
        pdf = zf.read(next(n for n in zf.namelist() if n.endswith("phishing-poster-a4.pdf")))
    assert pdf.startswith(b"%PDF-")
    assert b"/MediaBox [0 0 595.28 841.89]" in pdf
    assert b"LiberationSans" in pdf


def test_the_copy_is_escaped_and_plain(pack) -> None:  # type: ignore[no-untyped-def]
    brand = Brand.create(name="Oak & <Ash> Surgery", colour="#005EB8", report_to="it@oak.test", helpdesk="01632 960000")
    texts = copy_set(copy_for(load_themes()["phishing"], 0, brand), brand)
    assert "Oak &amp; &lt;Ash&gt; Surgery" in texts.newsletter_html
    assert "<Ash>" not in texts.newsletter_html
    for html in (texts.newsletter_html, texts.bulletin_html, texts.intranet_html):
        assert "style=" not in html and "<script" not in html
    assert "Oak & <Ash> Surgery" in texts.newsletter_text
    assert "it@oak.test" in texts.newsletter_text


def test_a_too_light_colour_is_noted_in_the_pack(pack) -> None:  # type: ignore[no-untyped-def]
    assert any("#FFEB3B" in note for note in pack.notes)
    with zipfile.ZipFile(io.BytesIO(pack.zip_bytes)) as zf:
        readme = zf.read(next(n for n in zf.namelist() if n.endswith("README.txt"))).decode()
    assert "#FFEB3B" in readme and "SIL Open Font License" in readme


def test_the_same_input_gives_the_same_zip() -> None:
    brand = BRANDS["plain"]
    first = build_pack(brand, ["tailgating"], variant=0, formats=FORMATS[5:8])
    time.sleep(1.1)  # across a second boundary: nothing in the pack may carry the time it was built
    second = build_pack(brand, ["tailgating"], variant=0, formats=FORMATS[5:8])
    assert first.zip_bytes == second.zip_bytes


def test_unknown_themes_are_refused() -> None:
    with pytest.raises(ValueError, match="Unknown theme ransomware"):
        resolve_themes(["phishing", "ransomware"])
    with pytest.raises(ValueError, match="at least one theme"):
        resolve_themes([])


def test_every_theme_has_several_variants_and_tips() -> None:
    themes = load_themes()
    assert set(themes) == {
        "phishing", "passwords", "tailgating", "locked_screens", "social_engineering", "handling_data", "reporting",
    }  # fmt: skip
    for theme in themes.values():
        assert len(theme.variants) >= 3
        assert len({v.headline for v in theme.variants}) == len(theme.variants)
        assert len(theme.tips) >= 4


def test_check_fit_finds_words_that_cannot_fit_before_anything_is_drawn() -> None:
    assert check_fit(BRANDS["plain"]) == []
    too_long = Brand.create(
        name="Alder", colour="#005EB8", report_to="a." * 60 + "example@alder.test", helpdesk="0161 496 0123" * 4
    )
    problems = check_fit(too_long, resolve_themes(["reporting"]))
    assert problems and all("Shorten" in p for p in problems)
