from django.apps import AppConfig


class BenchmarkingConfig(AppConfig):
    name = "goldenthread.benchmarking"
    verbose_name = "Benchmarking against other councils"

    def ready(self) -> None:
        from goldenthread import demo, navigation
        from goldenthread.accounts.permissions import can_view
        from goldenthread.benchmarking.demo import build
        from goldenthread.benchmarking.sections import comparisons
        from goldenthread.indicators import sections

        def member(request):  # type: ignore[no-untyped-def]
            return can_view(request.user, request.organisation)

        navigation.register("Benchmarking", "benchmarking:index", order=55, visible=member)
        demo.register_step(60, build)
        sections.register(comparisons)
