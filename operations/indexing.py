"""Index each object once at the end of a bulk job instead of at every save.

Creating and publishing a page saves it three times (add_child, save_revision, publish), and the
search index (every field segmented into words) and Wagtail's reference index are updated on each
save. Seeding the whole site that way spent most of its time indexing. Inside `indexed_once()`
saves are only noted; on leaving it, each saved object is indexed once, in its final state.
"""

from collections import defaultdict
from contextlib import contextmanager

from django.db.models.signals import post_save

from modelsearch import index
from modelsearch.signal_handlers import post_save_signal_handler
from wagtail.models import ReferenceIndex
from wagtail.signal_handlers import disable_reference_index_auto_update


@contextmanager
def indexed_once():
    models = [
        model for model in index.get_indexed_models() if getattr(model, "search_auto_update", True)
    ]
    saved = defaultdict(set)

    def note(sender, instance, raw=False, **kwargs):
        if not raw:
            saved[sender].add(instance.pk)

    for model in models:
        post_save.disconnect(post_save_signal_handler, sender=model)
        post_save.connect(note, sender=model, weak=False)
    try:
        with disable_reference_index_auto_update():
            yield
    finally:
        for model in models:
            post_save.disconnect(note, sender=model)
            post_save.connect(post_save_signal_handler, sender=model)
    for model, pks in saved.items():
        for instance in model.objects.filter(pk__in=pks):
            index.insert_or_update_object(instance)
            if ReferenceIndex.is_indexed(model):
                ReferenceIndex.create_or_update_for_object(instance)
