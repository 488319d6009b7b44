from django.apps import AppConfig


class HipdipsConfig(AppConfig):
    name = "hipdips"
    verbose_name = "Hipdips"
