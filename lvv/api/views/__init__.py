"""The API's views, one module per resource; every one derives from ``base.ApiView``."""
