"""`eventcoder serve`: the JSON API over the store and the page an analyst keeps open.

>>> from eventcoder.serve.app import ServeConfig, create_app  # doctest: +SKIP
>>> app = create_app(ServeConfig(db="eventcoder.db"))  # doctest: +SKIP

FastAPI and the store are imported by `eventcoder.serve.app` only, so the CLI starts fast.
"""
