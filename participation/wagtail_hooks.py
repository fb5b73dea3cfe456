"""Admin wiring: the 居民来件 menu and URLs, and the audit log's labels for each step."""

from django.urls import include, path, reverse

from wagtail import hooks
from wagtail.admin.menu import MenuItem

from participation import admin_views
from participation.scope import has_scope
from participation.workflow import ACTIONS

admin_urlpatterns = [
    path("", admin_views.InboxView.as_view(), name="inbox"),
    path("export.csv", admin_views.export_csv, name="export"),
    path("mail/", admin_views.mail_preference, name="mail"),
    path("<int:submission_id>/", admin_views.DetailView.as_view(), name="detail"),
    path("<int:submission_id>/photos/<int:photo_id>/", admin_views.photo, name="photo"),
]


@hooks.register("register_admin_urls")
def participation_urls():
    return [path("participation/", include((admin_urlpatterns, "participation_admin")))]


class InboxMenuItem(MenuItem):
    def is_shown(self, request):
        return has_scope(request.user)


@hooks.register("register_admin_menu_item")
def inbox_menu_item():
    return InboxMenuItem(
        "居民来件",
        reverse("participation_admin:inbox"),
        name="participation",
        icon_name="mail",
        order=160,
    )


@hooks.register("register_log_actions")
def register_participation_actions(actions):
    for action, label, message in ACTIONS.values():
        actions.register_action(action, label, message)
