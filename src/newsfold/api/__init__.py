"""The HTTP face of newsfold: a JSON API (OpenAPI at /openapi.json) and a server-rendered web UI.

    from newsfold.api import create_app, serve
    app = create_app("news.db", token="s3cret", ingest_root="/srv/dumps")   # any ASGI server
    serve("news.db", host="127.0.0.1", port=8000)                           # or uvicorn, blocking

Modules: ``app`` (factory, error format, serve), ``routes_api`` (/api/...), ``routes_ui``
(HTML pages), ``queries`` (read models beyond ``store.views``), ``timeline`` (SVG geometry),
``security`` (headers, auth, limits, path confinement), ``writes`` (ingest), ``schemas``
(response models for OpenAPI), ``deps`` (settings, per-request store), ``memo`` (story
computations remembered while their rows stay the same).

FastAPI, Jinja2 and uvicorn are needed only here; ``import newsfold`` does not load them.
"""

from .app import create_app, serve

__all__ = ["create_app", "serve"]
