"""Local development: DEBUG by default, a per-checkout secret key kept out of git."""

from django.core.management.utils import get_random_secret_key

from .base import *  # noqa: F403
from .base import BASE_DIR, env_bool, env_list

DEBUG = env_bool("DJANGO_DEBUG", True)


def _local_secret_key():
    """Generate a secret once per checkout so no key is ever committed."""
    path = BASE_DIR / ".dev-secret-key"
    if not path.exists():
        path.write_text(get_random_secret_key())
    return path.read_text().strip()


SECRET_KEY = os.environ.get("SECRET_KEY") or _local_secret_key()  # noqa: F405
ALLOWED_HOSTS = env_list("ALLOWED_HOSTS", "127.0.0.1,localhost,[::1]")
