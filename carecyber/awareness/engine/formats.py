"""Every image a pack holds: screensavers, web banners and social media graphics, by size."""

from __future__ import annotations

from dataclasses import dataclass
from enum import StrEnum


class Kind(StrEnum):
    SCREENSAVER = "screensaver"
    BANNER = "banner"
    SOCIAL = "social"


KIND_LABELS = {Kind.SCREENSAVER: "Screensaver", Kind.BANNER: "Web banner", Kind.SOCIAL: "Social media graphic"}
KIND_FOLDERS = {Kind.SCREENSAVER: "screensavers", Kind.BANNER: "banners", Kind.SOCIAL: "social"}


@dataclass(frozen=True)
class Format:
    kind: Kind
    width: int
    height: int
    use: str  # where it goes, in a few words
    safe_top: int = 0  # rows the platform covers with its own controls: nothing of ours goes there
    safe_bottom: int = 0

    @property
    def key(self) -> str:
        return f"{self.kind.value}-{self.width}x{self.height}"

    @property
    def size(self) -> str:
        return f"{self.width}×{self.height}"

    @property
    def label(self) -> str:
        return f"{KIND_LABELS[self.kind]} {self.size} ({self.use})"

    @property
    def ratio(self) -> float:
        return self.width / self.height


FORMATS: tuple[Format, ...] = (
    Format(Kind.SCREENSAVER, 1920, 1080, "full HD screens"),
    Format(Kind.SCREENSAVER, 2560, 1440, "QHD screens"),
    Format(Kind.SCREENSAVER, 3840, 2160, "4K screens"),
    Format(Kind.SCREENSAVER, 1366, 768, "laptops"),
    Format(Kind.SCREENSAVER, 1280, 1024, "older square-ish monitors"),
    Format(Kind.BANNER, 728, 90, "leaderboard"),
    Format(Kind.BANNER, 300, 250, "medium rectangle"),
    Format(Kind.BANNER, 160, 600, "skyscraper"),
    Format(Kind.BANNER, 300, 600, "half page"),
    Format(Kind.BANNER, 320, 50, "mobile banner"),
    Format(Kind.SOCIAL, 1200, 675, "X"),
    Format(Kind.SOCIAL, 1200, 627, "LinkedIn"),
    Format(Kind.SOCIAL, 1080, 1080, "Instagram square"),
    Format(Kind.SOCIAL, 1080, 1920, "stories", safe_top=250, safe_bottom=250),  # text in the central 1080×1420
)

FORMATS_BY_KEY = {f.key: f for f in FORMATS}
