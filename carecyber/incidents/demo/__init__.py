"""Demo incidents (small and national scale).

`load_demo(world)` is what `carecyber demo --scale small` calls: three real
cases at the small demo's organisations, made through the services (see
`load.load_small_incidents`).
"""

from __future__ import annotations

from typing import TYPE_CHECKING

if TYPE_CHECKING:
    from carecyber.core.demo.small import DemoWorld


def load_demo(world: DemoWorld) -> None:
    from carecyber.incidents.demo.load import load_small_incidents

    load_small_incidents()
