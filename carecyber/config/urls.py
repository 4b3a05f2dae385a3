from django.urls import include, path
from drf_spectacular.views import SpectacularAPIView, SpectacularSwaggerSplitView

from carecyber.core.api import router as core_router
from carecyber.core.extensions import CAPABILITY_APPS

handler400 = "carecyber.core.views.errors.bad_request"
handler403 = "carecyber.core.views.errors.permission_denied"
handler404 = "carecyber.core.views.errors.page_not_found"
handler500 = "carecyber.core.views.errors.server_error"

urlpatterns = [
    path("", include("carecyber.core.urls")),
    path("account/", include("carecyber.accounts.urls")),
    *(path("", include(f"carecyber.{app}.urls")) for app in CAPABILITY_APPS),
    path("api/v1/", include(core_router.urls)),
    path("api/schema/", SpectacularAPIView.as_view(), name="api-schema"),
    path("api/docs/", SpectacularSwaggerSplitView.as_view(url_name="api-schema"), name="api-docs"),
]
