"""Draw the pictures of the core course (run once; the PNGs are kept with the course).

`python -m carecyber.training.content.make_images` redraws them. The pictures
are made here rather than found elsewhere, so every part of the course is ours.
"""

from __future__ import annotations

from pathlib import Path

from PIL import Image, ImageDraw, ImageFont

HERE = Path(__file__).resolve().parent / "core-cyber-security" / "images"
FONT = "/usr/share/fonts/truetype/dejavu/DejaVuSans.ttf"
BOLD = "/usr/share/fonts/truetype/dejavu/DejaVuSans-Bold.ttf"
NHS_BLUE = (0, 94, 184)
RED = (212, 53, 28)
GREY = (66, 84, 98)
PALE = (240, 244, 245)


def _font(size: int, bold: bool = False) -> ImageFont.FreeTypeFont:
    return ImageFont.truetype(BOLD if bold else FONT, size)


def _badge(draw: ImageDraw.ImageDraw, x: int, y: int, n: int) -> None:
    draw.ellipse((x, y, x + 40, y + 40), fill=RED)
    draw.text((x + 20, y + 20), str(n), font=_font(22, True), fill="white", anchor="mm")


def phishing_signs() -> Image.Image:
    img = Image.new("RGB", (1000, 700), "white")
    d = ImageDraw.Draw(img)
    d.rectangle((40, 30, 960, 670), outline=GREY, width=2)
    d.rectangle((40, 30, 960, 130), fill=PALE)
    d.text((70, 50), "From: NHS Payrol <payroll.update7731@freemail.example>", font=_font(22), fill=GREY)
    d.text((70, 88), "Subject: URGENT: confirm you're bank details today", font=_font(22, True), fill=(11, 12, 12))
    d.rectangle((70, 160, 250, 220), fill=(70, 140, 230))
    d.text((160, 190), "NHS", font=_font(34, True), fill=(250, 250, 210), anchor="mm")
    body = [
        "Dear staff member,",
        "",
        "We was unable to pay your salary this month. You must",
        "confirm your details within 2 hours or your account will",
        "be closed.",
    ]
    for k, line in enumerate(body):
        d.text((70, 250 + k * 36), line, font=_font(24), fill=(11, 12, 12))
    d.rectangle((70, 450, 470, 500), fill=NHS_BLUE)
    d.text((270, 475), "Confirm my details", font=_font(24, True), fill="white", anchor="mm")
    d.rectangle((70, 520, 900, 560), outline=GREY, width=1, fill=PALE)
    d.text((84, 528), "Link goes to: http://nhs-payroll.example-login.biz/verify", font=_font(20), fill=GREY)
    for n, (x, y) in enumerate([(905, 45), (905, 85), (265, 170), (780, 325), (485, 455)], 1):
        _badge(d, x, y, n)
    first = "1 an odd sender address    2 urgency, and a spelling mistake    3 wrong branding"
    d.text((70, 590), first, font=_font(19), fill=RED)
    d.text((70, 622), "4 poor grammar    5 a link that goes somewhere out of place", font=_font(19), fill=RED)
    return img


def lock_your_screen() -> Image.Image:
    img = Image.new("RGB", (900, 300), "white")
    d = ImageDraw.Draw(img)
    keys = [("Q", 60), ("W", 170), ("⊞", 280), ("L", 520), ("K", 630), ("P", 740)]
    for label, x in keys:
        picked = label in {"⊞", "L"}
        d.rounded_rectangle(
            (x, 80, x + 100, 180),
            radius=14,
            outline=RED if picked else GREY,
            width=6 if picked else 2,
            fill=PALE if picked else "white",
        )
        d.text((x + 50, 130), label, font=_font(44, True), fill=(11, 12, 12), anchor="mm")
    d.text((450, 240), "Windows key + L locks the screen", font=_font(30, True), fill=NHS_BLUE, anchor="mm")
    d.text((450, 40), "Press both together", font=_font(24), fill=GREY, anchor="mm")
    return img


def main() -> None:
    HERE.mkdir(parents=True, exist_ok=True)
    phishing_signs().save(HERE / "phishing-signs.png", optimize=True)
    lock_your_screen().save(HERE / "lock-your-screen.png", optimize=True)


if __name__ == "__main__":
    main()
