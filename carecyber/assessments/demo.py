"""The toolkit in the small demo: every demo person finds something real to do.

- Rosewood Care Home has published at Standards Met; its care worker has a question to answer.
- Riverside Medical Practice published with two gaps and an agreed improvement plan: Approaching Standards.
- Northfield's trust is part-way through the outcome-based assessment, with a Cyber Essentials Plus
  certificate, and Alex Morgan auditing it (one finding so far); Jo Williams has an outcome to answer.
- Brightwater Home Care has started; the South West partner sees it at risk.
"""

from __future__ import annotations

from datetime import date, timedelta
from typing import TYPE_CHECKING, Any

from carecyber.assessments.engine.items import AnswerType, ItemRule
from carecyber.assessments.models import Answer, Assessment, Framework, Item
from carecyber.assessments.services.assessments import answer_assign, answers_import, assessment_start, today_local
from carecyber.assessments.services.audits import audit_assign, finding_add
from carecyber.assessments.services.benchmarks import benchmarks_refresh
from carecyber.assessments.services.evidence import evidence_add
from carecyber.assessments.services.frameworks import install_shipped_frameworks
from carecyber.assessments.services.plans import plan_action_set, plan_decide, plan_for, plan_sign_off
from carecyber.assessments.services.status import certificate_add, publication_publish
from carecyber.core.actor import Actor
from carecyber.core.models import Membership, Organisation, User

if TYPE_CHECKING:
    from carecyber.core.demo.small import DemoWorld


def example_value(rule: ItemRule, *, meets: bool, today: date) -> Any:
    """A plausible answer that meets the item (or, with meets=False, answers it without meeting it)."""
    kind = rule.answer_type
    if kind == AnswerType.YES_NO:
        return "yes" if rule.met_when_yes == meets else "no"
    if kind == AnswerType.TEXT:
        return "The registered manager, named in our data protection policy"
    if kind == AnswerType.NUMBER:
        return 4
    if kind == AnswerType.PERCENTAGE:
        return 97 if meets else 62
    if kind == AnswerType.DATE:
        return (today - timedelta(days=75)).isoformat()
    if kind == AnswerType.CHOICE:
        return next((c.value for c in rule.choices if c.meets == meets), rule.choices[0].value)
    if kind == AnswerType.ACHIEVEMENT:
        return "achieved" if meets else "partially_achieved"
    return None


def _pdf(title: str, organisation: Organisation) -> bytes:
    """A one-page PDF with two lines of text (written by hand: the demo should load in seconds)."""

    def text(value: str) -> str:
        return value.replace("\\", "\\\\").replace("(", "\\(").replace(")", "\\)")

    line = f"{organisation.name} ({organisation.code}): example evidence for the CareCyber demo."
    stream = f"BT /F1 16 Tf 72 760 Td ({text(title)}) Tj 0 -28 Td /F1 11 Tf ({text(line)}) Tj ET".encode("latin-1")
    objects = [
        b"<< /Type /Catalog /Pages 2 0 R >>",
        b"<< /Type /Pages /Kids [3 0 R] /Count 1 >>",
        b"<< /Type /Page /Parent 2 0 R /MediaBox [0 0 595 842] /Contents 4 0 R"
        b" /Resources << /Font << /F1 5 0 R >> >> >>",
        b"<< /Length %d >>\nstream\n" % len(stream) + stream + b"\nendstream",
        b"<< /Type /Font /Subtype /Type1 /BaseFont /Helvetica >>",
    ]
    out = bytearray(b"%PDF-1.4\n")
    offsets = []
    for number, body in enumerate(objects, start=1):
        offsets.append(len(out))
        out += b"%d 0 obj\n" % number + body + b"\nendobj\n"
    xref = len(out)
    out += b"xref\n0 %d\n0000000000 65535 f \n" % (len(objects) + 1)
    out += b"".join(b"%010d 00000 n \n" % offset for offset in offsets)
    out += b"trailer\n<< /Size %d /Root 1 0 R >>\nstartxref\n%d\n%%%%EOF\n" % (len(objects) + 1, xref)
    return bytes(out)


def _actor(user: User, organisation: Organisation) -> Actor:
    return Actor(user=user, membership=Membership.objects.get(user=user, organisation=organisation))


def _answer(
    actor: Actor,
    assessment: Assessment,
    *,
    unmet: set[str] = frozenset(),  # type: ignore[assignment]  # a default that is never changed
    share: float = 1.0,
    today: date,
) -> None:
    rows = list(Answer.objects.filter(assessment=assessment).select_related("item").order_by("item__position"))
    keep = rows[: int(len(rows) * share)]
    values = {}
    for row in keep:
        if row.item.answer_type == AnswerType.DOCUMENT:
            if row.item.reference not in unmet:
                evidence_add(
                    actor=actor,
                    organisation=assessment.organisation,
                    item_reference=row.item.reference,
                    file_name=f"{row.item.reference} evidence.pdf",
                    content_type="application/pdf",
                    data=_pdf(f"Evidence for {row.item.reference}", assessment.organisation),
                )
            continue
        value = example_value(row.item.rule(), meets=row.item.reference not in unmet, today=today)
        if value is not None:
            values[row.item.reference] = value
    answers_import(actor=actor, assessment=assessment, values=values, today=today)


def load_demo(world: DemoWorld) -> None:
    today = today_local()
    system = Actor.system("demo data")
    install_shipped_frameworks(actor=system)
    ndg = Framework.objects.get(slug="ndg-10", is_current=True)
    caf = Framework.objects.get(slug="caf-health", is_current=True)
    orgs, people = world.organisations, world.people

    # Rosewood Care Home: complete and published at Standards Met.
    rosewood = orgs["VRC01"]
    grace = _actor(people["grace.adeyemi@rosewoodcare.test"], rosewood)
    care_home = assessment_start(actor=grace, organisation=rosewood, framework=ndg)
    _answer(grace, care_home, today=today)
    publication_publish(actor=grace, assessment=care_home, two_factor_verified=True)
    optional = Answer.objects.select_related("item", "assessment").get(assessment=care_home, item__reference="2.2.4")
    answers_import(actor=grace, assessment=care_home, values={"2.2.4": None}, today=today)
    optional.refresh_from_db()
    answer_assign(
        actor=grace, answer=optional, assignee=people["tom.baker@rosewoodcare.test"], expected_version=optional.version
    )

    # Riverside Medical Practice: two gaps, a plan signed off and agreed, so Approaching Standards.
    riverside = orgs["P81001"]
    lee = _actor(people["lee.chen@riverside-practice.nhs.test"], riverside)
    practice = assessment_start(actor=lee, organisation=riverside, framework=ndg)
    gaps = {"4.3.2", "8.3.1"}
    _answer(lee, practice, unmet=gaps, today=today)
    publication_publish(actor=lee, assessment=practice, two_factor_verified=True)
    plan = plan_for(actor=lee, assessment=practice)
    for ref, action, owner, days in (
        ("4.3.2", "Turn on two-factor sign-in for email and remote access for every account.", "Lee Chen", 45),
        ("8.3.1", "Ask the IT supplier to install security updates within 14 days and report monthly.", "Lee Chen", 90),
    ):
        item = Item.objects.get(framework=ndg, reference=ref)
        plan_action_set(
            actor=lee, plan=plan, item=item, action=action, owner=owner, due_on=today + timedelta(days=days)
        )
    plan_sign_off(actor=lee, plan=plan, siro_name="Dr Amina Shah", siro_job_title="Senior partner")
    national = Actor(
        user=people["nadia.okafor@carecyber.test"],
        membership=Membership.objects.get(user=people["nadia.okafor@carecyber.test"]),
    )
    plan_decide(actor=national, plan=plan, agree=True, note="Thank you: a clear plan with realistic dates.")

    # Northfield: the outcome-based assessment, part-way; a certificate; an audit under way.
    northfield = orgs["RNF"]
    sam = _actor(people["sam.patel@northfield.nhs.test"], northfield)
    trust = assessment_start(actor=sam, organisation=northfield, framework=caf)
    _answer(sam, trust, unmet={"B4.d", "C1.e"}, share=0.6, today=today)
    certificate_add(
        actor=sam,
        organisation=northfield,
        kind="cyber_essentials_plus",
        number="CEP-2026-004471",
        issued_on=today - timedelta(days=120),
        expires_on=today + timedelta(days=245),
    )
    outcome = Answer.objects.select_related("item", "assessment").get(assessment=trust, item__reference="B6.b")
    answer_assign(
        actor=sam, answer=outcome, assignee=people["jo.williams@northfield.nhs.test"], expected_version=outcome.version
    )
    auditor = people["alex.morgan@audit.test"]
    audit = audit_assign(actor=sam, assessment=trust, auditor=auditor)
    finding_add(
        actor=_actor(auditor, northfield),
        audit=audit,
        item=Item.objects.get(framework=caf, reference="A3.a"),
        rating="partly",
        assessed_level="partially_achieved",
        finding="The asset list covers clinical systems but not the building management network.",
        recommendation="Add the building management and medical device networks to the inventory.",
    )

    # Brightwater Home Care: just started (no lead in the demo; the platform starts it for the partner's view).
    brightwater = orgs["VBH02"]
    home_care = assessment_start(actor=system, organisation=brightwater, framework=ndg)
    _answer(system, home_care, share=0.25, today=today)

    benchmarks_refresh(today=today)
