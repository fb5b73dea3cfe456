"""WSGI entry point for gunicorn; production settings unless DJANGO_SETTINGS_MODULE says otherwise."""

import os

from django.core.wsgi import get_wsgi_application

os.environ.setdefault("DJANGO_SETTINGS_MODULE", "site_config.settings.production")

application = get_wsgi_application()

# Load the word segmenter and its dictionary (0.8 s, ~75 MB) once, before serving: gunicorn
# preloads this module, so its workers share it and no resident waits for it. Management
# commands load it only when they search or index.
from core.segmentation import tokenizer  # noqa: E402 - needs the app registry set up above

tokenizer()
