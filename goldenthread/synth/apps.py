from django.apps import AppConfig


class SynthConfig(AppConfig):
    name = "goldenthread.synth"
    verbose_name = "Synthetic national data for benchmarks"
