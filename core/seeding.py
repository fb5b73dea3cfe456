"""Helpers for the idempotent seeding commands of every app."""

from wagtail.models import ModelLogEntry

from core.models import SiteSettings


def ensure_child(parent, model, slug, log, tags=(), **fields):
    """Return `parent`'s child page of `model` with `slug`, creating and publishing it if missing.

    An existing page is left as editors made it: seeding never overwrites their changes.
    """
    page = model.objects.child_of(parent).filter(slug=slug).first()
    if page is None:
        page = model(slug=slug, **fields)
        if tags:
            page.tags.set(tags)
        parent.add_child(instance=page)
        page.save_revision().publish()
        log(f"创建页面：{page.title}")
    return page


def mark_sample_content(site, log=None):
    """Turn the 示例内容 banner on for `site`, whose content the seeding has just made up.

    Once anyone has saved the site settings in the admin, their choice stands: seeding runs on
    every start of the local server, and must not bring the banner back after an editor, having
    entered the city's real data, turned it off. Returns whether it turned the banner on.
    """
    settings = SiteSettings.for_site(site)
    if settings.sample_content or ModelLogEntry.objects.for_instance(settings).exists():
        return False
    settings.sample_content = True
    settings.save(update_fields=["sample_content"])
    if log:
        log("站点信息：打开“示例内容”提示")
    return True
