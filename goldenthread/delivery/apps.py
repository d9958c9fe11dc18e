from django.apps import AppConfig


class DeliveryConfig(AppConfig):
    name = "goldenthread.delivery"
    verbose_name = "Actions, milestones and recovery plans"
