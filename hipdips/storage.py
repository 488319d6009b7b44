"""Static files for production: hashed names, compressed copies, far-future caching."""

from whitenoise.storage import CompressedManifestStaticFilesStorage


class StaticStorage(CompressedManifestStaticFilesStorage):
    # The player is ES modules importing each other ("./cues.js"): those paths must point at
    # the hashed names too, or every import is a 404 in production.
    support_js_module_import_aggregation = True
