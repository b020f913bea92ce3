from django.apps import AppConfig


class ResettlementConfig(AppConfig):
    name = "resettlement"
    verbose_name = "安置帮教"
    business = True
