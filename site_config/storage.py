"""Media files on S3-compatible object storage, linked under the site's own /media/ path."""

from storages.backends.s3 import S3Storage

from django.conf import settings
from django.utils.encoding import filepath_to_uri


class SameOriginS3Storage(S3Storage):
    """Uploads and image renditions live in a bucket shared by every app server; pages link them
    as /media/<key> and the load balancer or CDN forwards that path to the bucket. So pages still
    load nothing from another host (the Content-Security-Policy allows only 'self')."""

    def url(self, name, parameters=None, expire=None, http_method=None):
        return settings.MEDIA_URL + filepath_to_uri(name)
