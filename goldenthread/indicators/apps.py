from django.apps import AppConfig
from django.db.models.signals import post_migrate


class IndicatorsConfig(AppConfig):
    name = "goldenthread.indicators"
    verbose_name = "Indicators, targets and returns"

    def ready(self) -> None:
        from goldenthread import demo, home, navigation
        from goldenthread.accounts.permissions import can_view, data_quality_units
        from goldenthread.indicators import reminders, stamps
        from goldenthread.indicators.demo import build
        from goldenthread.indicators.home import returns_panel
        from goldenthread.indicators.thread import indicators_on_thread
        from goldenthread.strategy.thread import register_contributor

        def member(request):  # type: ignore[no-untyped-def]
            return can_view(request.user, request.organisation)

        reminders.register_source(reminders.officer_items)
        reminders.register_source(reminders.approver_items)
        navigation.register("Indicators", "indicators:indicator_list", order=40, visible=member)
        navigation.register("Returns", "indicators:my_returns", order=45, visible=member)

        def quality_reader(request):  # type: ignore[no-untyped-def]
            if not member(request):
                return False
            return data_quality_units(request.user, request.organisation) != set()

        navigation.register(
            "Data quality", "indicators:data_quality", order=48, visible=quality_reader
        )
        register_contributor(indicators_on_thread)
        home.register(returns_panel)
        demo.register_step(30, build)
        # A database made straight from the models (no migrations) still gets its stamps.
        post_migrate.connect(stamps.ensure, sender=self)
