from django.apps import AppConfig


class AccountsConfig(AppConfig):
    name = "accounts"
    verbose_name = "用户与权限"

    def ready(self) -> None:
        from django.db.models.signals import post_migrate

        from accounts import roles, signals  # noqa: F401
        from accounts.scope import scope_q
        from accounts.selectors import org_members, shell_identity
        from core.context_processors import register_identity
        from core.scoping import register_scope_resolver
        from orgs.selectors import register_members_reader

        # core and orgs sit below accounts and must not import it: they ask the layer that knows memberships and
        # roles through these functions (records by data scope, the 单位 in the page shell, an org's members).
        register_scope_resolver(scope_q)
        register_identity(shell_identity)
        register_members_reader(org_members)

        post_migrate.connect(roles.sync_default_roles_after_migrate, dispatch_uid="accounts.sync_default_roles")
