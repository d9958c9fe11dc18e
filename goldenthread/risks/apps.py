from django.apps import AppConfig


class RisksConfig(AppConfig):
    name = "goldenthread.risks"
    verbose_name = "Risks and opportunities"

    def ready(self) -> None:
        from goldenthread import demo, home, navigation
        from goldenthread.accounts.permissions import can_view
        from goldenthread.indicators.reminders import register_source
        from goldenthread.risks import reminders
        from goldenthread.risks.demo import build
        from goldenthread.risks.home import risk_returns_panel
        from goldenthread.risks.thread import risks_on_thread
        from goldenthread.strategy.thread import register_contributor

        def member(request):  # type: ignore[no-untyped-def]
            return can_view(request.user, request.organisation)

        navigation.register("Risks", "risks:register_list", order=60, visible=member)
        register_source(reminders.owner_items)
        register_source(reminders.approver_items)
        register_contributor(risks_on_thread)
        home.register(risk_returns_panel)
        demo.register_step(50, build)
