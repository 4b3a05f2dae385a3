from carecyber.assessments.models.assessment import Answer, Assessment, Comment, EvidenceFile
from carecyber.assessments.models.framework import Assertion, Framework, FrameworkKind, Item, Standard
from carecyber.assessments.models.operations import PeerItemFigures, PeerStandardFigures, ReminderKind, ReminderSent
from carecyber.assessments.models.plan import ActionProgress, ImprovementPlan, PlanAction, PlanState
from carecyber.assessments.models.publication import (
    Certificate,
    CertificateKind,
    OrganisationStatus,
    Publication,
    PublicationImmutableError,
)
from carecyber.assessments.models.review import (
    AuditFinding,
    AuditState,
    FindingRating,
    IndependentAudit,
    Reliance,
    RiskLevel,
)

__all__ = [
    "ActionProgress",
    "Answer",
    "Assertion",
    "Assessment",
    "AuditFinding",
    "AuditState",
    "Certificate",
    "CertificateKind",
    "Comment",
    "EvidenceFile",
    "FindingRating",
    "Framework",
    "FrameworkKind",
    "ImprovementPlan",
    "IndependentAudit",
    "Item",
    "OrganisationStatus",
    "PeerItemFigures",
    "PeerStandardFigures",
    "PlanAction",
    "PlanState",
    "Publication",
    "PublicationImmutableError",
    "Reliance",
    "ReminderKind",
    "ReminderSent",
    "RiskLevel",
    "Standard",
]
