from tests.e2e.conftest import app, database_url, standin

__all__ = ["app", "database_url", "standin"]
