"""Pages and API endpoints of Broadcast, mounted at the site root (paths carry their own prefix)."""

from django.urls import URLPattern, URLResolver, include, path, re_path

from carecyber.alerts.api import router
from carecyber.alerts.views import (
    advisories,
    aliases,
    contacts,
    dashboards,
    feed,
    imports,
    inventory,
    notifications,
    responses,
    taxii,
)

app_name = "alerts"

REF = "<str:reference>"
COLLECTION = "taxii2/api/collections/<str:collection_id>"

urlpatterns: list[URLPattern | URLResolver] = [
    path("alerts/", advisories.advisory_list, name="advisory-list"),
    path("alerts/feed.atom", feed.atom_feed, name="feed"),
    path("alerts/new", advisories.advisory_create, name="advisory-create"),
    path("alerts/import", imports.advisory_import, name="import"),
    path("alerts/dashboard/", dashboards.national_dashboard, name="dashboard"),
    path("alerts/mine/", dashboards.my_alerts, name="mine"),
    path("alerts/organisations/<str:code>/", dashboards.organisation_dashboard, name="organisation"),
    path("alerts/inventory/", inventory.inventory_home, name="inventory-home"),
    path("alerts/inventory/<str:code>/", inventory.inventory, name="inventory"),
    path("alerts/inventory/<str:code>/add", inventory.asset_add, name="asset-add"),
    path("alerts/inventory/<str:code>/import", inventory.inventory_import, name="inventory-import"),
    path("alerts/inventory/<str:code>/<int:pk>/", inventory.asset_edit, name="asset-edit"),
    path("alerts/inventory/<str:code>/<int:pk>/remove", inventory.asset_remove, name="asset-remove"),
    path("alerts/contacts/<str:code>/", contacts.contacts, name="contacts"),
    path("alerts/contacts/<str:code>/<int:pk>/remove", contacts.contact_remove, name="contact-remove"),
    path("alerts/aliases/", aliases.aliases, name="aliases"),
    path("alerts/aliases/<str:kind>/<int:pk>/remove", aliases.alias_remove, name="alias-remove"),
    path("alerts/notifications/", notifications.notification_list, name="notifications"),
    path("alerts/notifications/read", notifications.notifications_read, name="notifications-read"),
    path("alerts/notifications/<int:pk>/open", notifications.notification_open, name="notification-open"),
    path(f"alerts/{REF}/", advisories.advisory_detail, name="advisory-detail"),
    path(f"alerts/{REF}/edit", advisories.advisory_edit, name="advisory-edit"),
    path(f"alerts/{REF}/publish", advisories.advisory_publish, name="advisory-publish"),
    path(f"alerts/{REF}/withdraw", advisories.advisory_withdraw, name="advisory-withdraw"),
    path(f"alerts/{REF}/delete", advisories.advisory_delete, name="advisory-delete"),
    path(f"alerts/{REF}/history", advisories.advisory_history, name="advisory-history"),
    path(f"alerts/{REF}/organisations/", advisories.advisory_organisations, name="advisory-organisations"),
    path(f"alerts/{REF}/respond", responses.respond, name="respond"),
    path(f"alerts/{REF}/emails.csv", advisories.advisory_deliveries, name="advisory-deliveries"),
    path(f"alerts/{REF}.stix.json", advisories.advisory_stix, name="advisory-stix"),
    path(f"alerts/{REF}.csaf.json", advisories.advisory_csaf_download, name="advisory-csaf"),
    path("taxii2/", taxii.discovery, name="taxii-discovery"),
    path("taxii2/api/", taxii.api_root, name="taxii-root"),
    path("taxii2/api/collections/", taxii.collections, name="taxii-collections"),
    path(f"{COLLECTION}/", taxii.collection, name="taxii-collection"),
    path(f"{COLLECTION}/objects/", taxii.objects, name="taxii-objects"),
    path(f"{COLLECTION}/manifest/", taxii.manifest, name="taxii-manifest"),
    re_path(
        r"^taxii2/api/collections/(?P<collection_id>[^/]+)/objects/(?P<object_id>[a-z0-9-]+--[0-9a-f-]{36})/$",
        taxii.one_object,
        name="taxii-object",
    ),
    re_path(
        r"^taxii2/api/collections/(?P<collection_id>[^/]+)/objects/(?P<object_id>[a-z0-9-]+--[0-9a-f-]{36})/versions/$",
        taxii.object_versions,
        name="taxii-object-versions",
    ),
    path("api/v1/alerts/", include(router.urls)),
]
