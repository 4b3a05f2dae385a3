from django.urls import path

from carecyber.accounts import views

app_name = "accounts"

urlpatterns = [
    path("sign-in", views.sign_in, name="login"),
    path("sign-out", views.sign_out, name="logout"),
    path("two-factor/verify", views.two_factor_verify, name="two-factor-verify"),
    path("two-factor/setup", views.two_factor_setup, name="two-factor-setup"),
    path("two-factor/recovery-codes", views.recovery_codes_regenerate, name="recovery-codes"),
    path("password/reset", views.password_reset, name="password-reset"),
    path("password/reset/<str:uidb64>/<str:token>", views.password_reset_confirm, name="password-reset-confirm"),
    path("password/change", views.password_change, name="password-change"),
    path("password/check", views.password_check, name="password-check"),
    path("", views.account, name="account"),
    path("switch", views.switch, name="switch"),
    path("no-organisation", views.no_membership, name="no-membership"),
    path("tokens/new", views.token_create, name="token-create"),
    path("tokens/<int:pk>/revoke", views.token_revoke, name="token-revoke"),
]
