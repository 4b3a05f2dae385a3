from django.apps import AppConfig


class AccountsConfig(AppConfig):
    name = "carecyber.accounts"
    label = "accounts"
    verbose_name = "Accounts"

    def ready(self) -> None:
        from carecyber.accounts import schema, signals  # noqa: F401  # sign-in audit handlers, API schema extensions
