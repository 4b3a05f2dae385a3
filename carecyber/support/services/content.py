"""Load everything that ships as content (guidance and policy templates) in one go."""

from __future__ import annotations

from carecyber.core.actor import Actor
from carecyber.support.services.guidance import guidance_load
from carecyber.support.services.policies import policy_templates_load


def content_load_all(*, reason: str) -> None:
    actor = Actor.system(f"content load ({reason})")
    guidance_load(actor=actor)
    policy_templates_load(actor=actor)
