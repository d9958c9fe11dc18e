from django.apps import AppConfig


class RisksConfig(AppConfig):
    name = "goldenthread.risks"
    verbose_name = "Risks and opportunities"
