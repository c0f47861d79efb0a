"""Preflight of the HTTP services: Gong, Airbyte, Cohere, Slack, and the Pulumi ESC keys behind them.

Each check goes through the hook or SDK the pipeline itself uses and makes the smallest real call that proves
what the pipeline needs (a one-page read, a get by id). Nothing is written anywhere, except the Slack test
message, which is only sent when asked for.
"""

from __future__ import annotations

import functools
import re
from collections.abc import Callable
from datetime import UTC, datetime, timedelta
from typing import Any

from include.gong_intel.config import Settings
from include.gong_intel.preflight.results import CheckResult, fail, ok, skip

# Gong API scopes, each with the one-call read that needs it (the pipeline's own reads).
GONG_SCOPES = ("api:users:read", "api:calls:read:extensive", "api:calls:read:transcript")
GONG_WINDOW = timedelta(days=30)
RERANK_MODEL_ENDPOINT = "rerank"


# ----------------------------------------------------------------------------------------------- Gong


def _gong_failure(scope: str, e: BaseException, conn_id: str) -> CheckResult:
    from include.gong_intel.gong.hook import GongAuthError

    status = getattr(e, "status", None)
    if isinstance(e, GongAuthError) and status == 401:
        return fail(
            "gong",
            "auth",
            f"Gong rejected the access key of {conn_id!r} (HTTP 401)",
            "set gong_access_key and gong_client_secret in Pulumi ESC (or the connection's login/password) "
            "to a valid key pair from Gong > Company settings > Ecosystem > API",
        )
    if isinstance(e, GongAuthError) and status == 403:
        return fail(
            "gong",
            f"scope {scope}",
            f"the API key of {conn_id!r} may not call this endpoint (HTTP 403)",
            f"grant the key the {scope} scope in Gong > Company settings > Ecosystem > API",
        )
    return fail(
        "gong",
        f"scope {scope}",
        f"{type(e).__name__}: {str(e)[:300]}",
        "check gong_api_url and Gong's status",
    )


def check_gong(settings: Settings, hook_factory: Callable[[], Any] | None = None) -> list[CheckResult]:
    """Auth and each scope the pipeline uses, one call each; the transcript read uses a call found by the
    extensive read (skipped when the last 30 days hold none)."""
    if hook_factory is None:
        from include.gong_intel.gong.hook import GongHook

        def hook_factory() -> Any:
            return GongHook(gong_conn_id=settings.gong_conn_id)

    conn_id = settings.gong_conn_id
    try:
        hook = hook_factory()
        next(hook.iter_users(), None)
    except Exception as e:
        result = _gong_failure(GONG_SCOPES[0], e, conn_id)
        rest = [skip("gong", f"scope {s}", "blocked by the failure above") for s in GONG_SCOPES[1:]]
        return [result, *rest]
    results = [
        ok("gong", "auth", f"authenticated at {hook.base_url}"),
        ok("gong", f"scope {GONG_SCOPES[0]}", "read"),
    ]
    end = datetime.now(UTC)
    call_id = None
    try:
        call = next(hook.iter_extensive_calls(end - GONG_WINDOW, end), None)
        call_id = ((call or {}).get("metaData") or {}).get("id")
        results.append(
            ok("gong", f"scope {GONG_SCOPES[1]}", "read" + ("" if call else " (no calls in 30 days)"))
        )
    except Exception as e:
        results.append(_gong_failure(GONG_SCOPES[1], e, conn_id))
    if call_id is None:
        results.append(skip("gong", f"scope {GONG_SCOPES[2]}", "no call found to read a transcript of"))
        return results
    try:
        next(hook.iter_transcripts([call_id], from_dt=end - GONG_WINDOW, to_dt=end), None)
        results.append(ok("gong", f"scope {GONG_SCOPES[2]}", "read"))
    except Exception as e:
        results.append(_gong_failure(GONG_SCOPES[2], e, conn_id))
    return results


# -------------------------------------------------------------------------------------------- Airbyte


_TOKEN_ENDPOINT = re.compile(r"status code (\d+) from token endpoint")


def _airbyte_status(e: BaseException) -> tuple[int | None, bool]:
    """(HTTP status, whether it came from the token endpoint). The SDK's client-credentials hook raises a
    plain ``Exception("Unexpected status code N from token endpoint")`` when the token request fails."""
    token = _TOKEN_ENDPOINT.search(str(e))
    if token:
        return int(token.group(1)), True
    raw = getattr(e, "raw_response", None)
    return getattr(raw, "status_code", None) or getattr(e, "status_code", None), False


def check_airbyte(settings: Settings, hook_factory: Callable[[], Any] | None = None) -> list[CheckResult]:
    """Workspace, then the connection the daily run syncs with its source and destination."""
    if settings.ingest_mode != "airbyte":
        return [skip("airbyte", "connection", f"ingest_mode is {settings.ingest_mode}: Airbyte is not used")]
    if hook_factory is None:
        from airflow.providers.airbyte.hooks.airbyte import AirbyteHook

        def hook_factory() -> Any:
            return AirbyteHook(airbyte_conn_id=settings.airbyte_conn_id, timeout=30)

    from airbyte_api import api as ops

    conn_id = settings.airbyte_conn_id
    try:
        api = hook_factory().airbyte_api
    except Exception as e:
        return [
            fail(
                "airbyte",
                "auth",
                f"cannot build the Airbyte client: {type(e).__name__}",
                f"check {conn_id!r}",
            )
        ]

    def call(what: str, fn: Callable[[], Any]) -> tuple[Any, CheckResult | None]:
        try:
            return fn(), None
        except Exception as e:
            status, from_token_endpoint = _airbyte_status(e)
            if status == 401 or from_token_endpoint:
                return None, fail(
                    "airbyte",
                    "auth",
                    f"Airbyte rejected the client credentials of {conn_id!r} (HTTP {status})",
                    "set airbyte_client_id and airbyte_client_secret in Pulumi ESC (or the connection)",
                )
            if status == 404:
                return None, fail(
                    "airbyte", what, f"not found (HTTP 404) at {api.sdk_configuration.server_url}", ""
                )
            return None, fail(
                "airbyte", what, f"{type(e).__name__} (HTTP {status})", "check airbyte_server_url"
            )

    results: list[CheckResult] = []
    workspace_id = settings.airbyte_workspace_id
    if workspace_id:
        res, error = call(
            "workspace",
            lambda: api.workspaces.get_workspace(request=ops.GetWorkspaceRequest(workspace_id=workspace_id)),
        )
        if error is not None:
            fix = "set airbyte_workspace_id in gong_intel_config to a workspace the client can see"
            return [
                error
                if error.name == "auth"
                else fail("airbyte", "workspace", f"workspace {workspace_id} {error.detail}", fix)
            ]
        results.append(ok("airbyte", "workspace", f"{res.workspace_response.name} ({workspace_id})"))
    else:
        results.append(skip("airbyte", "workspace", "no airbyte_workspace_id in gong_intel_config"))

    connection_id = settings.airbyte_connection_id
    if not connection_id:
        from include.gong_intel.airbyte.bootstrap import DEFAULT_CONNECTION_NAME

        listed, error = call(
            "connection",
            lambda: api.connections.list_connections(
                request=ops.ListConnectionsRequest(workspace_ids=[workspace_id], limit=100)
            ),
        )
        if error is not None:
            return [*results, error]
        raw = listed.raw_response.json().get("data") or []
        match = [c for c in raw if c.get("name") == DEFAULT_CONNECTION_NAME]
        if not match:
            return [
                *results,
                fail(
                    "airbyte",
                    "connection",
                    f"no connection named {DEFAULT_CONNECTION_NAME!r} in workspace {workspace_id}",
                    "run the gong_setup DAG (creates source, destination and connection), or set "
                    "airbyte_connection_id in gong_intel_config",
                ),
            ]
        connection_id = match[0]["connectionId"]

    got, error = call(
        "connection",
        lambda: api.connections.get_connection(request=ops.GetConnectionRequest(connection_id=connection_id)),
    )
    if error is not None:
        if error.name == "auth":
            return [*results, error]
        return [
            *results,
            fail(
                "airbyte",
                "connection",
                f"connection {connection_id} {error.detail}",
                "run the gong_setup DAG and set the airbyte_connection_id it logs in gong_intel_config",
            ),
        ]
    body = got.raw_response.json()
    results.append(
        ok("airbyte", "connection", f"{body.get('name')} ({connection_id}, status {body.get('status')})")
    )
    if body.get("status") not in (None, "active"):
        results[-1] = fail(
            "airbyte",
            "connection",
            f"connection {connection_id} is {body.get('status')}",
            "enable it in Airbyte",
        )
    lookups: tuple[tuple[str, str, Callable[[str], Any]], ...] = (
        ("source", "sourceId", lambda i: api.sources.get_source(request=ops.GetSourceRequest(source_id=i))),
        (
            "destination",
            "destinationId",
            lambda i: api.destinations.get_destination(request=ops.GetDestinationRequest(destination_id=i)),
        ),
    )
    for kind, key, get in lookups:
        object_id = body.get(key)
        res, error = call(kind, functools.partial(get, object_id))
        if error is not None:
            results.append(
                error
                if error.name == "auth"
                else fail("airbyte", kind, f"{kind} {object_id} {error.detail}", "run the gong_setup DAG")
            )
            continue
        obj = res.raw_response.json()
        type_key = "sourceType" if kind == "source" else "destinationType"
        results.append(ok("airbyte", kind, f"{obj.get('name')} ({obj.get(type_key)}, {object_id})"))
    return results


# --------------------------------------------------------------------------------------------- Cohere


def check_cohere(settings: Settings, client_factory: Callable[[], Any] | None = None) -> list[CheckResult]:
    """The chat, embed and rerank models exist for the key and serve those endpoints."""
    if settings.enrich_engine != "cohere":
        return [skip("cohere", "models", f"enrich_engine is {settings.enrich_engine}: Cohere is not used")]
    from include.gong_intel.ask.search import RERANK_MODEL

    if client_factory is None:

        def client_factory() -> Any:
            from airflow.sdk import BaseHook

            from include.gong_intel.enrich.engine import build_cohere_client, enrich_settings

            conn = BaseHook.get_connection(settings.cohere_conn_id)
            return build_cohere_client(conn, enrich_settings(settings))

    try:
        client = client_factory()
    except Exception as e:
        return [
            fail("cohere", "auth", f"{type(e).__name__}: {str(e)[:200]}", "set cohere_api_key in Pulumi ESC")
        ]
    results: list[CheckResult] = []
    for endpoint, model, key in (
        ("chat", settings.chat_model, "chat_model"),
        ("embed", settings.embed_model, "embed_model"),
        (RERANK_MODEL_ENDPOINT, RERANK_MODEL, "the Ask page's RERANK_MODEL"),
    ):
        name = f"{endpoint} model"
        try:
            info = client.models.get(model)
        except Exception as e:
            status = getattr(e, "status_code", None)
            if status == 401:
                return [
                    *results,
                    fail(
                        "cohere",
                        "auth",
                        f"Cohere rejected the API key of {settings.cohere_conn_id!r} (HTTP 401)",
                        "set cohere_api_key in Pulumi ESC (or the connection's password)",
                    ),
                ]
            if status == 404:
                results.append(
                    fail(
                        "cohere",
                        name,
                        f"model {model!r} not found for this key (HTTP 404)",
                        f"set {key} to a model the key can use",
                    )
                )
                continue
            results.append(
                fail("cohere", name, f"{type(e).__name__} (HTTP {status})", "check cohere_api_url")
            )
            continue
        endpoints = list(getattr(info, "endpoints", None) or [])
        if endpoint not in endpoints:
            results.append(
                fail(
                    "cohere",
                    name,
                    f"model {model!r} serves {endpoints}, not {endpoint}",
                    f"set {key} to a {endpoint} model",
                )
            )
        else:
            results.append(ok("cohere", name, f"{model} serves {endpoint}"))
    return results


# ---------------------------------------------------------------------------------------------- Slack


def check_slack(
    settings: Settings, *, send_test: bool = False, hook_factory: Callable[[], Any] | None = None
) -> list[CheckResult]:
    """The webhook connection resolves to a webhook URL; with ``send_test``, one test message is posted."""
    from include.gong_intel.alerts.messages import SlackMessage, redact_text
    from include.gong_intel.alerts.notifiers import SlackDeliveryError, _hook, deliver

    if hook_factory is None:

        def hook_factory() -> Any:
            return _hook(settings.slack_conn_id, 10)

    from urllib.parse import urlsplit

    try:
        hook = hook_factory()
        url = hook._get_conn_params()["url"]
    except Exception as e:
        return [
            fail(
                "slack",
                "webhook",
                f"{settings.slack_conn_id!r}: {type(e).__name__}: {redact_text(str(e))[:200]}",
                "set slack_webhook_url in Pulumi ESC (or the slack_alerts connection's password)",
            )
        ]
    parts = urlsplit(url)
    local = parts.hostname in ("127.0.0.1", "localhost")
    if parts.scheme != ("http" if local else "https") or parts.path.count("/") < 3:
        return [
            fail(
                "slack",
                "webhook",
                f"{settings.slack_conn_id!r} does not hold an incoming-webhook URL (host {parts.hostname})",
                "set slack_webhook_url to https://hooks.slack.com/services/T.../B.../...",
            )
        ]
    if not send_test:
        return [
            ok(
                "slack",
                "webhook",
                f"webhook URL on {parts.hostname}; no message sent (ask for a test message to post one)",
            )
        ]
    message = SlackMessage(
        text=f":white_check_mark: Gong call intelligence preflight ({settings.env}): alerts reach this channel"
    )
    try:
        deliver(hook, message)
    except SlackDeliveryError as e:
        return [
            fail(
                "slack",
                "test message",
                str(e),
                "create a new incoming webhook for the alerts channel and put its URL in slack_webhook_url",
            )
        ]
    return [ok("slack", "test message", f"posted to the webhook on {parts.hostname}")]


# -------------------------------------------------------------------------------------- Pulumi ESC


def check_secrets(backend: Any | None = None) -> list[CheckResult]:
    """When the Pulumi ESC backend is configured: it opens the environment and finds every mapped key."""
    from include.gong_intel.secrets.mapping import CONNECTIONS, VARIABLES, EscKeyMissingError
    from include.gong_intel.secrets.pulumi_esc import EscAccessError, PulumiEscSecretsBackend

    if backend is None:
        from airflow.sdk.configuration import ensure_secrets_loaded

        backend = next((b for b in ensure_secrets_loaded() if isinstance(b, PulumiEscSecretsBackend)), None)
    if backend is None:
        return [
            skip(
                "secrets",
                "pulumi esc",
                "no Pulumi ESC secrets backend configured; connections come from Airflow",
            )
        ]
    try:
        backend.invalidate()
        backend.values()
    except (EscAccessError, EscKeyMissingError) as e:
        return [fail("secrets", "pulumi esc", str(e), "fix [secrets] backend_kwargs or the access token")]
    results = [ok("secrets", "pulumi esc", f"opened {backend.ref}")]
    for conn_id in sorted(backend.served_connections):
        try:
            CONNECTIONS[conn_id].build(backend.lookup, backend.ref, conn_id)
            results.append(ok("secrets", conn_id, "every key present"))
        except EscKeyMissingError as e:
            results.append(fail("secrets", conn_id, str(e).split(":")[0], f"add {e.key} to {backend.ref}"))
    for var in sorted(backend.served_variables):
        if backend.lookup(VARIABLES[var]) is None:
            results.append(
                fail("secrets", var, f"no key {VARIABLES[var]!r} in {backend.ref}", f"add {VARIABLES[var]}")
            )
        else:
            results.append(ok("secrets", var, "present"))
    return results
