"""FastAPI app behind the "Ask the calls" page: ``GET /`` (the page) and ``POST /api/ask`` (the answer).

Every request must carry the Airflow UI session (the ``_token`` cookie) or an ``Authorization: Bearer`` JWT;
plugin apps are not protected by Airflow automatically. The answer comes from the same
:class:`~include.gong_intel.ask.engine.AskEngine` as the CLI and the Python API.
"""

from __future__ import annotations

import asyncio
from collections.abc import Callable
from pathlib import Path
from typing import Annotated, Any

from fastapi import Depends, FastAPI, HTTPException, Request
from fastapi.responses import HTMLResponse
from pydantic import BaseModel, Field

PAGE = Path(__file__).with_name("index.html")


class AskRequest(BaseModel):
    question: str = Field(min_length=1, max_length=500)


async def require_airflow_user(request: Request) -> Any:
    """Resolve the Airflow user from the UI session cookie or a bearer token (401/403 otherwise)."""
    from airflow.api_fastapi.auth.managers.base_auth_manager import COOKIE_NAME_JWT_TOKEN
    from airflow.api_fastapi.core_api.security import resolve_user_from_token

    header = request.headers.get("authorization", "")
    token = header[7:] if header.lower().startswith("bearer ") else request.cookies.get(COOKIE_NAME_JWT_TOKEN)
    return await resolve_user_from_token(token)


def _default_answerer(question: str, asker: str | None) -> dict[str, Any]:
    from include.gong_intel.ask.engine import ask

    return ask(question, asker=asker).to_dict()


def user_name(user: Any) -> str | None:
    """The signed-in Airflow user's name (a rep's "my calls" are theirs when it names a Gong user)."""
    name = user.get_name() if hasattr(user, "get_name") else user
    return str(name) if name else None


def create_app(answerer: Callable[[str, str | None], dict[str, Any]] | None = None) -> FastAPI:
    """Build the app. ``answerer`` maps a question and the asker's name to an answer dict (defaults to the
    runtime engine)."""
    answer = answerer or _default_answerer
    app = FastAPI(title="Ask the calls", docs_url=None, redoc_url=None)

    @app.get("/", response_class=HTMLResponse, dependencies=[Depends(require_airflow_user)])
    async def page() -> str:
        return PAGE.read_text(encoding="utf-8")

    @app.post("/api/ask")
    async def ask_endpoint(
        body: AskRequest, user: Annotated[Any, Depends(require_airflow_user)]
    ) -> dict[str, Any]:
        try:
            # The engine uses blocking DB drivers: keep the API server's event loop free.
            return await asyncio.to_thread(answer, body.question, user_name(user))
        except Exception as e:
            raise HTTPException(
                status_code=502, detail=f"the question could not be answered: {type(e).__name__}"
            ) from e

    return app
