"""Static files in production: hashed names, gzip and brotli copies, served by whitenoise.

The npm packages' distribution folders hold stylesheets that refer to files the packages do
not ship (e.g. an icon of the design tokens). Django's manifest storage refuses to collect
such a folder; this storage leaves a reference to a missing file as it is - exactly as the
development mode serves it - and hashes everything that exists.
"""

from __future__ import annotations

from whitenoise.storage import CompressedManifestStaticFilesStorage


class StaticFilesStorage(CompressedManifestStaticFilesStorage):
    def hashed_name(self, name, content=None, filename=None):
        try:
            return super().hashed_name(name, content, filename)
        except ValueError:
            if content is None and not self.exists(self.clean_name(name)):
                return name  # a reference to a file the package does not ship
            raise
