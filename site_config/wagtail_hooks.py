"""Admin wiring for the project: the admin API's endpoints for images and documents, the
two-factor sign-in pages and the permission that requires it."""

from django.contrib.auth.models import Permission
from django.urls import path, reverse

from wagtail import hooks

from site_config import two_factor
from site_config.admin_api import ChoosableDocumentsAdminAPIViewSet, ChoosableImagesAdminAPIViewSet


# After Wagtail's own registrations (order 0), so these replace its endpoints of the same names.
@hooks.register("construct_admin_api", order=1)
def register_choosable_endpoints(router):
    router.register_endpoint("images", ChoosableImagesAdminAPIViewSet)
    router.register_endpoint("documents", ChoosableDocumentsAdminAPIViewSet)


@hooks.register("register_admin_urls")
def two_factor_urls():
    return [
        path("two-factor/verify/", two_factor.VerifyView.as_view(), name="two_factor_verify"),
        path("two-factor/setup/", two_factor.SetupView.as_view(), name="two_factor_setup"),
        path(
            "two-factor/recovery-codes/",
            two_factor.RecoveryCodesView.as_view(),
            name="two_factor_recovery_codes",
        ),
    ]


@hooks.register("register_permissions")
def two_factor_permission():
    """Shown in the group editor, so administrators choose which groups must use it."""
    return Permission.objects.filter(content_type__app_label="core", codename="require_two_factor")


@hooks.register("register_account_menu_item")
def two_factor_account_item(request):
    return {
        "url": reverse("two_factor_recovery_codes"),
        "label": "两步验证",
        "help_text": "添加验证器应用，生成一次性恢复码。",
    }
