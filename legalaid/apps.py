from django.apps import AppConfig


class LegalaidConfig(AppConfig):
    name = "legalaid"
    verbose_name = "法律援助"
    business = True
