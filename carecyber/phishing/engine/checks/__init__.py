"""The signals: each check reads the context and returns the reasons that fired."""

from __future__ import annotations

from collections.abc import Callable

from ..context import Context
from ..types import Reason
from .attachments import check_attachments
from .auth import check_authentication
from .contact import check_contact_elsewhere
from .families import (
    check_form_asks_password,
    check_invitation_links,
    check_link_carries_address,
    check_qr_code,
    check_thread_lookalike,
    check_webmail_request,
)
from .hidden import check_hidden_filler
from .language import check_language
from .links import check_links, check_links_elsewhere
from .lures import check_file_not_attached, check_form_fields_link, check_recipient_name
from .sender import check_sender

Check = Callable[[Context], list[Reason]]

CHECKS: tuple[Check, ...] = (
    check_authentication,
    check_sender,
    check_links,
    check_links_elsewhere,
    check_attachments,
    check_language,
    check_contact_elsewhere,
    check_hidden_filler,
    check_file_not_attached,
    check_recipient_name,
    check_form_fields_link,
    check_webmail_request,
    check_qr_code,
    check_invitation_links,
    check_thread_lookalike,
    check_link_carries_address,
    check_form_asks_password,
)

__all__ = ["CHECKS", "Check"]
