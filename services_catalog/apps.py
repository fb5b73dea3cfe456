from django.apps import AppConfig


class ServicesCatalogConfig(AppConfig):
    default_auto_field = "django.db.models.BigAutoField"
    name = "services_catalog"
    verbose_name = "便民服务与政务指南"
