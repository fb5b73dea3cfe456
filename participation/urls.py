"""/take-part/: the residents' forms, the status page and the wish board (routed in site_config)."""

from django.urls import path

from participation import views

app_name = "participation"

urlpatterns = [
    path("", views.index, name="index"),
    path("wish/", views.submit, {"kind": "wish"}, name="wish"),
    path("report/", views.submit, {"kind": "report"}, name="report"),
    path("storage/", views.submit, {"kind": "storage"}, name="storage"),
    path("correction/", views.submit, {"kind": "correction"}, name="correction"),
    path("feedback/", views.submit, {"kind": "feedback"}, name="feedback"),
    path("status/", views.status_lookup, name="status_lookup"),
    path("status/<str:code>/", views.status, name="status"),
    path("wishes/", views.wish_board, name="wish_board"),
]
