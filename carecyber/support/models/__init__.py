from carecyber.support.models.events import Event, EventAudience, EventKind, EventRegistration
from carecyber.support.models.guidance import Article, ArticleKind, ArticleRevision
from carecyber.support.models.helpline import (
    OPEN_STATUSES,
    MessageKind,
    Ticket,
    TicketAttachment,
    TicketMessage,
    TicketStatus,
)
from carecyber.support.models.partners import (
    CoverageException,
    CoverageRule,
    GroupMessage,
    GroupMessageDelivery,
    GroupMessageStatus,
    MessagePreference,
)
from carecyber.support.models.policies import IssuedPolicy, PolicyAnswers, PolicyTemplate

__all__ = [
    "OPEN_STATUSES",
    "Article",
    "ArticleKind",
    "ArticleRevision",
    "CoverageException",
    "CoverageRule",
    "Event",
    "EventAudience",
    "EventKind",
    "EventRegistration",
    "GroupMessage",
    "GroupMessageDelivery",
    "GroupMessageStatus",
    "IssuedPolicy",
    "MessageKind",
    "MessagePreference",
    "PolicyAnswers",
    "PolicyTemplate",
    "Ticket",
    "TicketAttachment",
    "TicketMessage",
    "TicketStatus",
]
