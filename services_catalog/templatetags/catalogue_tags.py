"""What a community page shows of the catalogue: the services its station offers and the guides
it handles for residents (帮代办). Lives here so communities need not know the catalogue."""

from django import template

register = template.Library()


@register.inclusion_tag("services_catalog/includes/community_offerings.html", takes_context=True)
def community_offerings(context, community):
    return {
        "request": context.get("request"),
        "page": community,
        "offerings": community.services.filter(service__live=True)
        .select_related("service", "service__category")
        .order_by("service__category__sort_order", "service__code"),
        "proxy_guide_list": community.proxy_guides.filter(guide__live=True).select_related("guide"),
    }
