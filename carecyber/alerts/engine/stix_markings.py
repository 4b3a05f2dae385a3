"""The TLP 2.0 marking definitions of STIX 2.1, with their official identifiers, and the older TLP 1.0 ones.

The TLP 2.0 objects are published by OASIS (cti-stix-common-objects) as
marking definitions carrying the TLP 2.0 property extension; the identifiers
below are theirs and must never change (tests pin them).
"""

from __future__ import annotations

from typing import Any

TLP_EXTENSION_ID = "extension-definition--60a3c5c5-0d10-413e-aab3-9e08dde9e88d"
TLP_2_CREATED = "2022-10-01T00:00:00.000Z"
TLP_2_MARKING_IDS: dict[str, str] = {
    "clear": "marking-definition--94868c89-83c2-464b-929b-a1a8aa3c8487",
    "green": "marking-definition--bab4a63c-aed9-4cf5-a766-dfca5abac2bb",
    "amber": "marking-definition--55d920b0-5e8b-4f79-9ee9-91f868d9b421",
    "amber+strict": "marking-definition--939a9414-2ddd-4d32-a0cd-375ea402b003",
    "red": "marking-definition--e828b379-4e03-4974-9ac4-e53a884c97c1",
}
# STIX 2.1's predefined TLP 1.0 markings, read on import as their TLP 2.0 level.
TLP_1_MARKING_IDS: dict[str, str] = {
    "marking-definition--613f2e26-407d-48c7-9eca-b8e91df99dc9": "clear",
    "marking-definition--34098fce-860f-48ae-8e50-ebd3cc5e41da": "green",
    "marking-definition--f88d31f6-486f-44da-b317-01333bde0b82": "amber",
    "marking-definition--5e57c739-391a-4eb3-b6be-7d15ca92d5ed": "red",
}
TLP_BY_MARKING_ID: dict[str, str] = {**{v: k for k, v in TLP_2_MARKING_IDS.items()}, **TLP_1_MARKING_IDS}
TLP_ORDER = ("clear", "green", "amber", "amber+strict", "red")


def stricter(a: str, b: str) -> str:
    return a if TLP_ORDER.index(a) >= TLP_ORDER.index(b) else b


def tlp_marking_definition(level: str) -> dict[str, Any]:
    """The published marking-definition object for a TLP 2.0 level."""
    return {
        "type": "marking-definition",
        "spec_version": "2.1",
        "id": TLP_2_MARKING_IDS[level],
        "created": TLP_2_CREATED,
        "name": f"TLP:{level.upper()}",
        "extensions": {TLP_EXTENSION_ID: {"extension_type": "property-extension", "tlp_2_0": level}},
    }
