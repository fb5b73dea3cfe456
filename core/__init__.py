"""The bottom layer shared by every app: base page, user and image, site settings, SEO helpers."""
