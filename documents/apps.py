from django.apps import AppConfig


class DocumentsConfig(AppConfig):
    name = "documents"
    verbose_name = "文书生成"
    # Generated documents are business records: the default roles grant view/add/change like any module's.
    business = True

    def ready(self) -> None:
        from documents import registry

        registry.register_kinds_from_apps()
