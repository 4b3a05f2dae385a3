"""A read-only TAXII 2.1 server at /taxii2/: discovery, one API root, collections by audience.

Collections: "public" (TLP:CLEAR, no sign-in), "community" (CLEAR and GREEN,
for any member) and "for-you" (everything the reader may see, AMBER and RED
included). A collection only ever shows what its reader may read: objects are
filtered through the same TLP rule as the pages. Authentication is a personal
API token (`Authorization: Bearer cc_…`) or a verified session.
"""

from __future__ import annotations

import base64
import binascii
import json
from collections.abc import Callable
from dataclasses import dataclass
from datetime import UTC, datetime
from functools import wraps
from typing import Any
from uuid import NAMESPACE_URL, uuid5

from django.conf import settings
from django.db.models import Exists, OuterRef, Q, QuerySet
from django.http import HttpRequest, HttpResponse
from django.urls import reverse
from django.utils.dateparse import parse_datetime
from django.views.decorators.http import require_GET
from rest_framework.exceptions import AuthenticationFailed
from rest_framework.request import Request

from carecyber.alerts.models import Advisory, AdvisoryStatus, StixObject, Tlp
from carecyber.core.actor import Actor
from carecyber.core.roles import TWO_FACTOR_ROLES

TAXII_MEDIA_TYPE = "application/taxii+json;version=2.1"
STIX_MEDIA_TYPE = "application/stix+json;version=2.1"
DEFAULT_LIMIT = 100
MAX_LIMIT = 1000


@dataclass(frozen=True)
class Collection:
    id: str
    slug: str
    title: str
    description: str
    levels: tuple[str, ...] | None  # None: every level the reader may see
    needs_member: bool


COLLECTIONS = [
    Collection(
        str(uuid5(NAMESPACE_URL, "carecyber:taxii:public")),
        "public",
        "Public alerts (TLP:CLEAR)",
        "Advisories anyone may share, without signing in.",
        (Tlp.CLEAR,),
        False,
    ),
    Collection(
        str(uuid5(NAMESPACE_URL, "carecyber:taxii:community")),
        "community",
        "Health and care community (TLP:CLEAR and TLP:GREEN)",
        "Advisories for everyone who works in health and care.",
        (Tlp.CLEAR, Tlp.GREEN),
        True,
    ),
    Collection(
        str(uuid5(NAMESPACE_URL, "carecyber:taxii:for-you")),
        "for-you",
        "Everything for your organisation",
        "Every advisory you may read, including TLP:AMBER and TLP:RED ones addressed to you.",
        None,
        True,
    ),
]
_BY_ID = {c.id: c for c in COLLECTIONS}


def _json(body: dict[str, Any], status: int = 200, headers: dict[str, str] | None = None) -> HttpResponse:
    response = HttpResponse(json.dumps(body), status=status, content_type=TAXII_MEDIA_TYPE)
    for name, value in (headers or {}).items():
        response[name] = value
    return response


def _error(status: int, title: str, description: str = "") -> HttpResponse:
    body = {"title": title, "http_status": str(status)}
    if description:
        body["description"] = description
    headers = {"WWW-Authenticate": 'Bearer realm="CareCyber TAXII"'} if status == 401 else {}
    return _json(body, status, headers)


def _accepts_taxii(request: HttpRequest) -> bool:
    accept = request.headers.get("Accept", "")
    for part in accept.split(","):
        media = part.split(";q=")[0].strip().replace(" ", "").lower()
        if media in {"application/taxii+json;version=2.1", "application/taxii+json", "*/*", "application/*"}:
            return True
    return False


def _reader(request: HttpRequest) -> Actor | None:
    """The actor from an API token or a verified session; None for an anonymous reader. AuthenticationFailed if bad."""
    if request.headers.get("Authorization", "").startswith("Bearer "):
        from carecyber.accounts.api_auth import ApiTokenAuthentication

        result = ApiTokenAuthentication().authenticate(Request(request))
        if result is not None:
            actor: Actor = request.actor  # type: ignore[attr-defined]  # set by the authentication above
            return actor
    session_actor: Actor | None = getattr(request, "actor", None)
    if session_actor is None or session_actor.user is None or session_actor.membership is None:
        return None
    if session_actor.role in TWO_FACTOR_ROLES and not request.user.is_verified():  # type: ignore[union-attr]  # django-otp
        return None
    return session_actor


View = Callable[..., HttpResponse]


def taxii_view(view: Callable[..., HttpResponse]) -> View:
    """Media type negotiation (406), authentication (401) and the reader, for every TAXII endpoint."""

    @wraps(view)
    def wrapper(request: HttpRequest, *args: Any, **kwargs: Any) -> HttpResponse:
        if not _accepts_taxii(request):
            return _error(406, "Not acceptable", f"Ask for {TAXII_MEDIA_TYPE}")
        try:
            reader = _reader(request)
        except AuthenticationFailed as exc:
            return _error(401, "Unauthorised", str(exc.detail))
        return view(request, reader, *args, **kwargs)

    return require_GET(wrapper)


def _anonymous() -> Actor:
    return Actor(user=None, membership=None)


@taxii_view
def discovery(request: HttpRequest, reader: Actor | None) -> HttpResponse:
    root = request.build_absolute_uri(reverse("alerts:taxii-root"))
    return _json(
        {
            "title": f"{settings.SITE_NAME} threat alerts",
            "description": "Threat advisories for health and care organisations, as STIX 2.1.",
            "contact": settings.DEFAULT_FROM_EMAIL,
            "default": root,
            "api_roots": [root],
        }
    )


@taxii_view
def api_root(request: HttpRequest, reader: Actor | None) -> HttpResponse:
    return _json(
        {
            "title": f"{settings.SITE_NAME} alerts",
            "description": "Collections of advisories by audience.",
            "versions": [TAXII_MEDIA_TYPE],
            "max_content_length": settings.MAX_REQUEST_BYTES,
        }
    )


def _collection_body(collection: Collection) -> dict[str, Any]:
    return {
        "id": collection.id,
        "title": collection.title,
        "description": collection.description,
        "can_read": True,
        "can_write": False,
        "media_types": [STIX_MEDIA_TYPE],
    }


@taxii_view
def collections(request: HttpRequest, reader: Actor | None) -> HttpResponse:
    readable = [c for c in COLLECTIONS if reader is not None or not c.needs_member]
    return _json({"collections": [_collection_body(c) for c in readable]})


def _collection_or_error(collection_id: str, reader: Actor | None) -> Collection | HttpResponse:
    collection = _BY_ID.get(collection_id)
    if collection is None:
        return _error(404, "No such collection")
    if collection.needs_member and reader is None:
        return _error(401, "Sign in to read this collection", "Send a CareCyber API token as a Bearer token")
    return collection


@taxii_view
def collection(request: HttpRequest, reader: Actor | None, collection_id: str) -> HttpResponse:
    found = _collection_or_error(collection_id, reader)
    if isinstance(found, HttpResponse):
        return found
    return _json(_collection_body(found))


def _objects(collection: Collection, reader: Actor | None) -> QuerySet[StixObject]:
    advisories = Advisory.objects.visible_to(reader or _anonymous()).exclude(status=AdvisoryStatus.DRAFT)
    if collection.levels is not None:
        advisories = advisories.filter(tlp__in=collection.levels)
    return StixObject.objects.filter(Q(advisory__isnull=True) | Q(advisory__in=advisories.values("pk")))


def taxii_time(moment: datetime) -> str:
    return moment.astimezone(UTC).strftime("%Y-%m-%dT%H:%M:%S.%fZ")


class BadFilter(ValueError):
    pass


def _parse_time(value: str, name: str) -> datetime:
    moment = parse_datetime(value)
    if moment is None:
        raise BadFilter(f"{name} is not a timestamp like 2026-03-02T10:30:00.000Z")
    return moment if moment.tzinfo else moment.replace(tzinfo=UTC)


def _filtered(qs: QuerySet[StixObject], request: HttpRequest, *, default_version: str = "last") -> QuerySet[StixObject]:
    params = request.GET
    if params.get("added_after"):
        qs = qs.filter(date_added__gt=_parse_time(params["added_after"], "added_after"))
    ids = [i for v in params.getlist("match[id]") for i in v.split(",") if i]
    if ids:
        qs = qs.filter(stix_id__in=ids)
    types = [t for v in params.getlist("match[type]") for t in v.split(",") if t]
    if types:
        qs = qs.filter(stix_type__in=types)
    spec = [s for v in params.getlist("match[spec_version]") for s in v.split(",") if s]
    if spec and "2.1" not in spec:
        qs = qs.none()
    versions = [s for v in params.getlist("match[version]") for s in v.split(",") if s] or [default_version]
    if "all" not in versions:
        rule = Q()
        if "last" in versions:
            newer = StixObject.objects.filter(stix_id=OuterRef("stix_id"), version__gt=OuterRef("version"))
            rule |= ~Q(Exists(newer))
        if "first" in versions:
            older = StixObject.objects.filter(stix_id=OuterRef("stix_id"), version__lt=OuterRef("version"))
            rule |= ~Q(Exists(older))
        exact = [v for v in versions if v not in {"last", "first"}]
        if exact:
            rule |= Q(version__in=exact)
        qs = qs.filter(rule)
    return qs


def _page(qs: QuerySet[StixObject], request: HttpRequest) -> tuple[list[StixObject], bool, str]:
    raw_limit = request.GET.get("limit", str(DEFAULT_LIMIT))
    if not raw_limit.isdigit() or int(raw_limit) < 1:
        raise BadFilter("limit is a whole number of 1 or more")
    limit = min(int(raw_limit), MAX_LIMIT)
    token = request.GET.get("next", "")
    qs = qs.order_by("date_added", "pk")
    if token:
        try:
            added_text, pk_text = base64.urlsafe_b64decode(token.encode()).decode().split("|")
            after_added, after_pk = _parse_time(added_text, "next"), int(pk_text)
        except (ValueError, binascii.Error):
            raise BadFilter("next is not a value this server gave out") from None
        qs = qs.filter(Q(date_added__gt=after_added) | Q(date_added=after_added, pk__gt=after_pk))
    rows = list(qs[: limit + 1])
    more = len(rows) > limit
    rows = rows[:limit]
    next_token = ""
    if more and rows:
        last = rows[-1]
        next_token = base64.urlsafe_b64encode(f"{taxii_time(last.date_added)}|{last.pk}".encode()).decode()
    return rows, more, next_token


def _added_headers(rows: list[StixObject]) -> dict[str, str]:
    if not rows:
        return {}
    return {
        "X-TAXII-Date-Added-First": taxii_time(rows[0].date_added),
        "X-TAXII-Date-Added-Last": taxii_time(rows[-1].date_added),
    }


def _envelope(rows: list[StixObject], more: bool, next_token: str) -> dict[str, Any]:
    body: dict[str, Any] = {"more": more}
    if next_token:
        body["next"] = next_token
    if rows:
        body["objects"] = [row.body for row in rows]
    return body


def _listing(
    request: HttpRequest, reader: Actor | None, collection_id: str, build: Callable[..., HttpResponse], **extra: Any
) -> HttpResponse:
    found = _collection_or_error(collection_id, reader)
    if isinstance(found, HttpResponse):
        return found
    try:
        return build(request, _objects(found, reader), **extra)
    except BadFilter as exc:
        return _error(400, "Bad filter", str(exc))


def _objects_response(request: HttpRequest, qs: QuerySet[StixObject], object_id: str = "") -> HttpResponse:
    if object_id:
        qs = qs.filter(stix_id=object_id)
        if not qs.exists():
            return _error(404, "No such object in this collection")
    rows, more, token = _page(_filtered(qs, request), request)
    return _json(_envelope(rows, more, token), headers=_added_headers(rows))


def _versions_response(request: HttpRequest, qs: QuerySet[StixObject], object_id: str) -> HttpResponse:
    qs = qs.filter(stix_id=object_id)
    if not qs.exists():
        return _error(404, "No such object in this collection")
    rows, more, token = _page(_filtered(qs, request, default_version="all"), request)
    body: dict[str, Any] = {"more": more}
    if token:
        body["next"] = token
    if rows:
        body["versions"] = [row.version for row in rows]
    return _json(body, headers=_added_headers(rows))


def _manifest_response(request: HttpRequest, qs: QuerySet[StixObject]) -> HttpResponse:
    rows, more, token = _page(_filtered(qs, request), request)
    body: dict[str, Any] = {"more": more}
    if token:
        body["next"] = token
    if rows:
        body["objects"] = [
            {
                "id": r.stix_id,
                "date_added": taxii_time(r.date_added),
                "version": r.version,
                "media_type": STIX_MEDIA_TYPE,
            }
            for r in rows
        ]
    return _json(body, headers=_added_headers(rows))


@taxii_view
def objects(request: HttpRequest, reader: Actor | None, collection_id: str) -> HttpResponse:
    return _listing(request, reader, collection_id, _objects_response)


@taxii_view
def one_object(request: HttpRequest, reader: Actor | None, collection_id: str, object_id: str) -> HttpResponse:
    return _listing(request, reader, collection_id, _objects_response, object_id=object_id)


@taxii_view
def object_versions(request: HttpRequest, reader: Actor | None, collection_id: str, object_id: str) -> HttpResponse:
    return _listing(request, reader, collection_id, _versions_response, object_id=object_id)


@taxii_view
def manifest(request: HttpRequest, reader: Actor | None, collection_id: str) -> HttpResponse:
    return _listing(request, reader, collection_id, _manifest_response)
