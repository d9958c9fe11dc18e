from django.apps import AppConfig


class DeliveryConfig(AppConfig):
    name = "goldenthread.delivery"
    verbose_name = "Actions, milestones and recovery plans"

    def ready(self) -> None:
        from goldenthread import demo, home, navigation
        from goldenthread.accounts.permissions import can_view
        from goldenthread.delivery import reminders
        from goldenthread.delivery.demo import build
        from goldenthread.delivery.home import actions_panel
        from goldenthread.delivery.sections import recovery_plans
        from goldenthread.delivery.thread import actions_on_thread
        from goldenthread.indicators import sections
        from goldenthread.indicators.reminders import register_source
        from goldenthread.strategy.thread import register_contributor

        def member(request):  # type: ignore[no-untyped-def]
            return can_view(request.user, request.organisation)

        navigation.register("Actions", "delivery:action_list", order=50, visible=member)
        register_source(reminders.lead_items)
        register_source(reminders.approver_items)
        register_contributor(actions_on_thread)
        sections.register(recovery_plans)
        home.register(actions_panel)
        demo.register_step(40, build)
