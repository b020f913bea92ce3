from django.apps import AppConfig


class PortalConfig(AppConfig):
    """群众端: public pages where citizens apply online and follow their application."""

    name = "portal"
    verbose_name = "群众服务"
