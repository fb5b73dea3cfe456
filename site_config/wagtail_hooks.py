"""Admin wiring for the project: the admin API's endpoints for images and documents."""

from wagtail import hooks

from site_config.admin_api import ChoosableDocumentsAdminAPIViewSet, ChoosableImagesAdminAPIViewSet


# After Wagtail's own registrations (order 0), so these replace its endpoints of the same names.
@hooks.register("construct_admin_api", order=1)
def register_choosable_endpoints(router):
    router.register_endpoint("images", ChoosableImagesAdminAPIViewSet)
    router.register_endpoint("documents", ChoosableDocumentsAdminAPIViewSet)
