from django.apps import AppConfig


class AccountsConfig(AppConfig):
    name = "goldenthread.accounts"
    verbose_name = "Organisations, people and roles"

    def ready(self) -> None:
        from goldenthread import demo
        from goldenthread.accounts.demo import build

        demo.register_step(10, build)
