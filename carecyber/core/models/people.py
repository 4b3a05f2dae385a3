"""People and their memberships: who belongs where, in which role."""

from __future__ import annotations

from typing import TYPE_CHECKING, Any, ClassVar

from django.contrib.auth.base_user import AbstractBaseUser, BaseUserManager
from django.db import models
from django.db.models import Q
from django.utils import timezone

from carecyber.core.models.organisations import Organisation, SupportPartner
from carecyber.core.roles import ORGANISATION_ROLES, TWO_FACTOR_ROLES, Role
from carecyber.core.tenancy import TenantModel, TenantQuerySet

if TYPE_CHECKING:
    from carecyber.core.actor import Actor

__all__ = ["Membership", "Role", "User"]


class UserManager(BaseUserManager["User"]):
    def create_user(self, email: str, password: str | None = None, **fields: Any) -> User:
        user = self.model(email=self.normalize_email(email).lower(), **fields)
        if password:
            user.set_password(password)
        else:
            user.set_unusable_password()
        user.save(using=self._db)
        return user

    def visible_to(self, actor: Actor) -> models.QuerySet[User]:
        """People with a membership the actor may see (the person themself always)."""
        memberships = Membership.objects.visible_to(actor).values("user_id")
        own = Q(pk=actor.user.pk) if actor.user is not None else Q(pk__in=[])
        return self.get_queryset().filter(Q(pk__in=memberships) | own)


class User(AbstractBaseUser):
    """A person. Email is the login; names feed the password checker's personal words."""

    email = models.EmailField(unique=True)
    full_name = models.CharField(max_length=150)
    is_active = models.BooleanField(default=True)
    date_joined = models.DateTimeField(default=timezone.now)

    objects = UserManager()

    USERNAME_FIELD = "email"
    EMAIL_FIELD = "email"
    REQUIRED_FIELDS: ClassVar[list[str]] = ["full_name"]

    class Meta:
        ordering = ["full_name", "email"]

    def __str__(self) -> str:
        return self.full_name or self.email

    @property
    def requires_two_factor(self) -> bool:
        return self.memberships.filter(role__in=TWO_FACTOR_ROLES).exists()


class Membership(TenantModel):
    """A person's place in an organisation, a support partner or the national team."""

    user = models.ForeignKey(User, on_delete=models.CASCADE, related_name="memberships")
    role = models.CharField(max_length=20, choices=Role.choices)
    organisation = models.ForeignKey(
        Organisation, null=True, blank=True, on_delete=models.CASCADE, related_name="memberships"
    )
    support_partner = models.ForeignKey(
        SupportPartner, null=True, blank=True, on_delete=models.CASCADE, related_name="memberships"
    )
    team = models.CharField(max_length=100, blank=True)
    job_title = models.CharField(max_length=100, blank=True)
    created_at = models.DateTimeField(auto_now_add=True)

    objects = TenantQuerySet["Membership"].as_manager()

    class Meta:
        ordering = ["user__full_name"]
        constraints = [
            models.UniqueConstraint(
                fields=["user", "organisation"],
                condition=Q(organisation__isnull=False),
                name="membership_one_per_organisation",
            ),
            models.UniqueConstraint(
                fields=["user", "support_partner"],
                condition=Q(support_partner__isnull=False),
                name="membership_one_per_partner",
            ),
            models.UniqueConstraint(fields=["user"], condition=Q(role="national"), name="membership_one_national"),
            models.CheckConstraint(
                name="membership_role_matches_place",
                condition=(
                    Q(role__in=sorted(ORGANISATION_ROLES), organisation__isnull=False, support_partner__isnull=True)
                    | Q(role=Role.SUPPORT_PARTNER, organisation__isnull=True, support_partner__isnull=False)
                    | Q(role=Role.NATIONAL, organisation__isnull=True, support_partner__isnull=True)
                ),
            ),
        ]
        indexes = [models.Index(fields=["organisation", "role"], name="membership_org_role")]

    def __str__(self) -> str:
        return f"{self.user} – {self.get_role_display()} – {self.place_name}"

    @property
    def place_name(self) -> str:
        if self.organisation is not None:
            return self.organisation.name
        if self.support_partner is not None:
            return self.support_partner.name
        return "National team"
