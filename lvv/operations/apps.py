from django.apps import AppConfig
from django.contrib.staticfiles.apps import StaticFilesConfig as DjangoStaticFilesConfig


class OperationsConfig(AppConfig):
    """Running an installation: serve, health, backup and restore, key rotation."""

    name = "lvv.operations"
    verbose_name = "Beheer van de installatie"


class StaticFilesConfig(DjangoStaticFilesConfig):
    """Django's static files, without the npm packages' files no page loads.

    The distribution folders of the npm packages (``settings.STATICFILES_DIRS``) also hold
    source maps, ES/CommonJS modules, type declarations, JSON and Sass/Less sources (15 MB
    for the design tokens alone). Neither the development server nor ``collectstatic``
    (hashing and compressing for production) needs them.
    """

    ignore_patterns = [
        *DjangoStaticFilesConfig.ignore_patterns,
        "*.map",
        "*.json",
        "*.mjs",
        "*.cjs",
        "*.ts",
        "*.scss",
        "*.less",
        "*.md",
        "*prince-xml.css",
    ]
