"""Django project package for the Xuedu site (named site_config because `site` shadows a stdlib module)."""
