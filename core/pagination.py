"""Pagination shared by listings and search: a bad or out-of-range ?page= is a 404, never a 500."""

from django.core.paginator import Paginator
from django.http import Http404


def paginate(request, items, per_page):
    paginator = Paginator(items, per_page)
    number = request.GET.get("page", "1")
    if not number.isdigit() or not 1 <= int(number) <= max(paginator.num_pages, 1):
        raise Http404("没有这一页")
    return paginator.page(int(number))
