"""Helpers for the idempotent seeding commands of every app."""


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
