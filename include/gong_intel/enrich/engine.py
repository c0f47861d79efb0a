"""The enrichment engine interface and the factory that picks an implementation from settings.

Nothing heavy is imported here at module level (no cohere, torch or numpy), so DAG files may import it.
"""

from __future__ import annotations

import logging
from collections.abc import Sequence
from typing import TYPE_CHECKING, Any, Literal, Protocol, runtime_checkable

from include.gong_intel.enrich.records import (
    CallAnalysis,
    CallContext,
    EngineUsage,
    EnrichSettings,
    Segment,
)

if TYPE_CHECKING:
    import numpy as np

    from include.gong_intel.config import Settings

log = logging.getLogger(__name__)

DEFAULT_COHERE_BASE_URL = "https://api.cohere.com"


@runtime_checkable
class EnrichmentEngine(Protocol):
    """What the pipeline needs from an engine; ``local`` and ``cohere`` implement it."""

    name: str
    model_version: str
    embedding_model: str
    embedding_dim: int
    usage: EngineUsage

    def analyze_call(self, ctx: CallContext, segments: Sequence[Segment]) -> CallAnalysis: ...

    def embed(
        self, texts: Sequence[str], input_type: Literal["search_document", "search_query"]
    ) -> np.ndarray: ...


_PROVIDER_SETTINGS = (
    "request_timeout_s",
    "max_retries",
    "retry_backoff_s",
    "max_retry_wait_s",
    "max_segments_per_request",
    "embed_batch_size",
)


def enrich_settings(settings: Settings) -> EnrichSettings:
    """The engine's settings from the pipeline's settings: the one conversion, used by the enrich step and
    the ask engine alike.

    ``Settings.passage_max_chars`` sizes AI_MEMORY passages, not chat requests, so it is not passed on
    (``EnrichSettings.max_chunk_chars`` is the chat request budget and keeps its default). The provider's
    timeout, retry and batch settings (``_PROVIDER_SETTINGS``) are passed when ``settings`` has them, else
    the engine's defaults apply.
    """
    provider = {
        name: getattr(settings, name)
        for name in _PROVIDER_SETTINGS
        if getattr(settings, name, None) is not None
    }
    return EnrichSettings.from_mapping(
        {
            "engine": settings.enrich_engine,
            "chat_model": settings.chat_model,
            "embed_model": settings.embed_model,
            "embedding_dim": settings.embedding_dim,
            "embedding_backend": settings.embedding_backend,
            "call_sentiment": settings.call_sentiment,
            "competitors": settings.competitors,
            "products": settings.products,
            "partners": settings.partners,
            "cohere_conn_id": settings.cohere_conn_id,
            **provider,
        }
    )


def cohere_base_url(host: str | None, port: int | None = None, schema: str | None = None) -> str:
    """Base URL from an Airflow connection's host/port/schema; the public API when host is empty.

    ``host`` may be a full URL (``http://127.0.0.1:8089``) or a bare host name (``https`` is assumed).
    """
    if not host:
        return DEFAULT_COHERE_BASE_URL
    url = host if "://" in host else f"{schema or 'https'}://{host}"
    url = url.rstrip("/")
    if port and url.count(":") < 2:  # no port in the URL yet
        url = f"{url}:{port}"
    return url


def build_cohere_client(connection: Any, settings: EnrichSettings) -> Any:
    """A ``cohere.ClientV2`` from an Airflow connection (API key in password, optional base URL in host).

    The SDK's own retries are disabled: the engine retries with its own bounded policy.
    """
    import cohere

    api_key = getattr(connection, "password", None)
    if not api_key:
        raise ValueError(
            f"Cohere connection {getattr(connection, 'conn_id', settings.cohere_conn_id)!r} has no API key "
            "in its password field"
        )
    base_url = cohere_base_url(getattr(connection, "host", None), getattr(connection, "port", None))
    log.info(
        "Cohere client for %s (chat model %s, embed model %s)",
        base_url,
        settings.chat_model,
        settings.embed_model,
    )
    return cohere.ClientV2(
        api_key=api_key,
        base_url=base_url,
        timeout=settings.request_timeout_s,
        max_retries=0,
        client_name="gong-intel",
    )


def build_engine(settings: EnrichSettings, cohere_hook_or_client: Any = None) -> EnrichmentEngine:
    """Build the engine ``settings.engine`` names.

    :param settings: enrichment settings (``engine`` is ``"local"`` or ``"cohere"``).
    :param cohere_hook_or_client: for ``"cohere"`` only. ``None`` reads the Airflow connection
        ``settings.cohere_conn_id``; an object with ``chat`` and ``embed`` is used as the client; an object
        with ``get_conn()`` (a hook) provides the client; anything with ``password`` is used as the connection.
    """
    if settings.engine == "local":
        from include.gong_intel.enrich.local_engine import LocalEngine

        return LocalEngine(settings)

    from include.gong_intel.enrich.cohere_engine import CohereEngine

    source = cohere_hook_or_client
    if source is None:
        from airflow.sdk import BaseHook

        source = BaseHook.get_connection(settings.cohere_conn_id)
    if hasattr(source, "chat") and hasattr(source, "embed"):
        client = source
    elif hasattr(source, "get_conn"):
        client = source.get_conn()
    elif hasattr(source, "password"):
        client = build_cohere_client(source, settings)
    else:
        raise TypeError(f"build_engine: cannot get a Cohere client from {type(source).__name__}")
    return CohereEngine(client, settings)
