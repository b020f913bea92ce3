from django.apps import AppConfig


class AccountsConfig(AppConfig):
    name = "accounts"
    verbose_name = "用户与权限"

    def ready(self) -> None:
        from django.db.models.signals import post_migrate

        from accounts import roles, signals  # noqa: F401

        post_migrate.connect(roles.sync_default_roles_after_migrate, dispatch_uid="accounts.sync_default_roles")
