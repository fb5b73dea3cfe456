"""QR codes for printed guides, generated locally with segno (no external service)."""

import io

import segno

from django.http import HttpResponse


def guide_qr_svg(url):
    buffer = io.BytesIO()
    segno.make(url, error="m").save(buffer, kind="svg", scale=4, border=2, title="扫码查看办事指南")
    return buffer.getvalue()


def guide_qr_response(guide, request):
    response = HttpResponse(guide_qr_svg(guide.get_full_url(request)), content_type="image/svg+xml")
    response["Cache-Control"] = "public, max-age=86400"
    return response
