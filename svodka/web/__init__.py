"""The web edge: a FastAPI app with server-rendered pages and a JSON API over one store."""
from svodka.web.app import create_app

__all__ = ["create_app"]
