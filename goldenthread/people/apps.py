from django.apps import AppConfig


class PeopleConfig(AppConfig):
    name = "goldenthread.people"
    verbose_name = "Performance and development appraisals"

    def ready(self) -> None:
        from goldenthread import demo, navigation
        from goldenthread.accounts.permissions import can_view
        from goldenthread.people.demo import build
        from goldenthread.people.thread import appraisal_objectives_on_thread
        from goldenthread.strategy.thread import register_contributor

        def member(request):  # type: ignore[no-untyped-def]
            return can_view(request.user, request.organisation)

        navigation.register("Appraisals", "people:my_appraisal", order=58, visible=member)
        register_contributor(appraisal_objectives_on_thread)
        demo.register_step(66, build)
