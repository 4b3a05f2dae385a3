"""Where the sender wants the conversation to go: a personal webmail address in the text that is not the sender's.

Romance and advance-fee scams are sent from whatever account or hacked mailbox the scammer can use that day, and
ask for the reply at a personal webmail address of their own ("I'll send you my photo, write at anna84@gmail.com"),
so the conversation goes on where no filter, and no blocked sender, follows it. A colleague asks for replies to
the address they write from. Quoted replies and forward headers name other people's addresses all the time, so
only the email's own words count, and only an address written just after a word that asks you to write to it.
"""

from __future__ import annotations

import re

from ..config import words_of
from ..context import Context
from ..domains import ADDRESS_PATTERN, mailbox_of, spellings_without_accents
from ..types import Reason

# Someone else's words: a quoted line ("> ..."), or the line that introduces a quote ("Ann <ann@x> wrote:").
_QUOTED_LINE = re.compile(r"^\s*>|\b(?:wrote|writes|schrieb|a écrit|escribió|escreveu|ha scritto)\b", re.IGNORECASE)
_TEXT_LIMIT = 20_000
_CUE_CHARS = 60  # how far before the address a word asking you to write to it may stand
_CUE_WORDS = 8


def check_contact_elsewhere(ctx: Context) -> list[Reason]:
    rules = ctx.rules
    message = ctx.message
    if not message.from_.address:
        return []
    own = {mailbox_of(message.from_.address), *(mailbox_of(a.address) for a in message.reply_to)}
    own.update(mailbox_of(a) for a in ctx.recipient_addresses)
    text = ctx.text[:_TEXT_LIMIT]
    if "@" not in text:
        return []
    names = _name_parts(message.from_.display)
    # A person writing from an account in their own name who gives another account in that name ("email me at
    # home: annlee1970@gmail.com") is one person with two accounts. A scammer's "Anna" writes from whatever
    # mailbox was at hand (support@ a hacked shop), whose name has nothing to do with hers.
    writes_as_self = _names_address(names, message.from_.address)
    for found in ADDRESS_PATTERN.finditer(text):
        address = found.group(0).rstrip(".-")
        if address.rpartition("@")[2].lower() not in rules.freemail_domains or mailbox_of(address) in own:
            continue
        if writes_as_self and _names_address(names, address):
            continue
        before = text[max(0, found.start() - _CUE_CHARS) : found.start()]
        line_start = text.rfind("\n", 0, found.start()) + 1
        line_end = text.find("\n", found.end())
        line = text[line_start : line_end if line_end >= 0 else len(text)]
        if before.rstrip().endswith(("<", "=", "/")) or _QUOTED_LINE.search(line):
            continue  # a name and address in a header or quote ("Ann Lee <ann@gmail.com>"), or part of a link
        cue = set(words_of(before)[-_CUE_WORDS:])
        if not rules.contact_words & cue or rules.sent_to_words & cue:
            continue  # no invitation to write, or a footer naming the address the email was sent to
        return [
            ctx.reason(
                "contact_elsewhere",
                f"The email asks you to write to {address}, a personal webmail account that is not the address it "
                f"was sent from ({message.from_.address}). Scammers move the conversation to an account of their "
                "own, away from the one that could be traced or blocked.",
            )
        ]
    return []


def _name_parts(display: str) -> set[str]:
    """The words of a display name, without accents, of three letters or more ("Zoë Lee-Hart": zoe, lee, hart;
    "Jürgen": jurgen and juergen, as people write it both ways in an address)."""
    return {
        part
        for spelling in spellings_without_accents(display)
        for part in re.findall(r"[a-z]+", spelling)
        if len(part) >= 3
    }


def _names_address(names: set[str], address: str) -> bool:
    """True when the address's mailbox name contains one of the person's names (ann.lee, alee, annlee1970)."""
    local = re.sub(r"[^a-z]", "", address.rpartition("@")[0].lower())
    return bool(local) and any(name in local for name in names)
