"""Slack alerting through the Slack provider's webhook notifier and hook.

Use in DAGs::

    default_args = {"on_failure_callback": failure_notifier(), ...}
    DAG(..., deadline=deadline_alert(timedelta(hours=3)))

and from tasks::

    send_dq_alert(results, slack_conn_id="slack_alerts", run_url=...)

The Slack connection (``slack_alerts`` by default, type ``slackwebhook``) holds the webhook token
``T.../B.../...`` in its password (host defaults to ``hooks.slack.com/services``) or the full webhook URL.
Locally its host points at ``local_stack.slack_receiver``.

Delivery is bounded: a couple of attempts with a short timeout and backoff for 5xx, 429 and network
errors; 4xx answers (revoked webhook, bad payload) are not retried. Alerts about failures never raise:
a Slack outage must not mask the failure being reported.
"""

from __future__ import annotations

import logging
from collections.abc import Mapping, Sequence
from datetime import timedelta
from typing import TYPE_CHECKING, Any

from include.gong_intel.alerts.messages import (
    DailyDigest,
    SlackMessage,
    build_digest_message,
    build_dq_message,
    redact_text,
)

if TYPE_CHECKING:
    from airflow.providers.slack.hooks.slack_webhook import SlackWebhookHook
    from airflow.sdk.definitions.deadline import DeadlineAlert

    from include.gong_intel.alerts.slack_notifiers import (
        TaskFailureSlackNotifier,
    )
    from include.gong_intel.validate.outcomes import DQResult

log = logging.getLogger(__name__)

DEFAULT_SLACK_CONN_ID = "slack_alerts"
DEFAULT_TIMEOUT_S = 5
DEFAULT_ATTEMPTS = 2
_BACKOFF_S = 0.5
_BACKOFF_MAX_S = 4.0


class SlackDeliveryError(RuntimeError):
    """A message could not be delivered to the Slack webhook (after the allowed attempts)."""


class _TransientSlackError(SlackDeliveryError):
    """A delivery failure worth retrying: 5xx, 429, connection refused/reset, timeout."""


def _describe(error: BaseException) -> str:
    # Exception text from HTTP clients can carry the webhook URL, whose path is the secret.
    return f"{type(error).__name__}: {redact_text(str(error))[:300]}"


def _check_status(status_code: int, body: Any) -> None:
    if status_code == 200:
        return
    detail = redact_text(str(body))[:200]
    if status_code == 429 or status_code >= 500:
        raise _TransientSlackError(f"Slack webhook answered HTTP {status_code}: {detail}")
    raise SlackDeliveryError(f"Slack webhook answered HTTP {status_code}: {detail}")


def _retrying(attempts: int, *, is_async: bool):
    import tenacity

    kwargs: dict[str, Any] = {
        "stop": tenacity.stop_after_attempt(max(1, attempts)),
        "wait": tenacity.wait_exponential(multiplier=_BACKOFF_S, max=_BACKOFF_MAX_S),
        "retry": tenacity.retry_if_exception_type(_TransientSlackError),
        "reraise": True,
    }
    return tenacity.AsyncRetrying(**kwargs) if is_async else tenacity.Retrying(**kwargs)


def deliver(hook: SlackWebhookHook, message: SlackMessage, *, attempts: int = DEFAULT_ATTEMPTS) -> None:
    """POST ``message`` through ``hook``'s webhook client with bounded retries.

    :param hook: the provider's Slack webhook hook (its connection gives URL and timeout).
    :param message: what to send.
    :param attempts: total attempts for transient failures.
    :raises SlackDeliveryError: when Slack did not accept the message.
    """
    payload = message.as_payload()
    for attempt in _retrying(attempts, is_async=False):
        with attempt:
            try:
                response = hook.client.send_dict(payload)
            except SlackDeliveryError:
                raise
            except Exception as e:  # urllib errors, socket timeouts, connection resets
                raise _TransientSlackError(_describe(e)) from None
            _check_status(response.status_code, response.body)


async def adeliver(
    hook: SlackWebhookHook, message: SlackMessage, *, attempts: int = DEFAULT_ATTEMPTS
) -> None:
    """Async :func:`deliver`, for callbacks running in the triggerer's event loop."""
    payload = message.as_payload()
    client = await hook.get_async_client()
    async for attempt in _retrying(attempts, is_async=True):
        with attempt:
            try:
                response = await client.send_dict(payload)
            except SlackDeliveryError:
                raise
            except Exception as e:  # aiohttp errors, timeouts
                raise _TransientSlackError(_describe(e)) from None
            _check_status(response.status_code, response.body)


def _hook(slack_conn_id: str, timeout: int) -> SlackWebhookHook:
    from airflow.providers.slack.hooks.slack_webhook import SlackWebhookHook

    # retry_handlers=[] turns off slack_sdk's own connection-error retry so that attempts stay bounded
    # by our policy alone.
    return SlackWebhookHook(slack_webhook_conn_id=slack_conn_id, timeout=timeout, retry_handlers=[])


def _is_backfill(context: Mapping[str, Any]) -> bool:
    dag_run = context.get("dag_run") or {}
    run_type = dag_run.get("run_type") if isinstance(dag_run, Mapping) else getattr(dag_run, "run_type", None)
    run_id = dag_run.get("dag_run_id") if isinstance(dag_run, Mapping) else getattr(dag_run, "run_id", None)
    return str(getattr(run_type, "value", run_type) or "") == "backfill" or str(run_id or "").startswith(
        "backfill__"
    )


class FailureAlert:
    """Task ``on_failure_callback`` that builds the Slack notifier only when a task fails.

    The Slack provider (slack_sdk, aiohttp) costs a DAG file a third of a second to import; deferring it to
    the failure keeps it out of DAG parsing. Calling it behaves exactly as :class:`TaskFailureSlackNotifier`.

    :param slack_conn_id: Slack webhook connection id.
    """

    def __init__(self, slack_conn_id: str = DEFAULT_SLACK_CONN_ID) -> None:
        self.slack_conn_id = slack_conn_id

    def __repr__(self) -> str:
        return f"FailureAlert(slack_conn_id={self.slack_conn_id!r})"

    def notifier(self) -> TaskFailureSlackNotifier:
        from include.gong_intel.alerts.slack_notifiers import TaskFailureSlackNotifier

        return TaskFailureSlackNotifier(slack_webhook_conn_id=self.slack_conn_id)

    def __call__(self, *args: Any) -> None:
        self.notifier()(*args)


def failure_notifier(slack_conn_id: str = DEFAULT_SLACK_CONN_ID) -> FailureAlert:
    """Notifier for ``default_args={"on_failure_callback": failure_notifier()}`` (task level).

    :param slack_conn_id: Slack webhook connection id.
    """
    return FailureAlert(slack_conn_id)


async def deadline_missed(**kwargs: Any) -> None:
    """The Deadline Alert callback: awaits :class:`DeadlineMissedSlackNotifier` built from ``kwargs``.

    A plain coroutine rather than the notifier class, so that the DAG file naming it does not import the
    Slack provider when it is parsed (Airflow imports a callback's path to check it is awaitable).
    """
    from include.gong_intel.alerts.slack_notifiers import DeadlineMissedSlackNotifier

    await DeadlineMissedSlackNotifier(**kwargs)


def deadline_alert(
    interval: timedelta, slack_conn_id: str = DEFAULT_SLACK_CONN_ID, *, name: str | None = None
) -> DeadlineAlert:
    """A DAG ``deadline=`` alerting Slack when a run is not finished ``interval`` after it was queued.

    Queued time rather than logical date: manual and asset-triggered runs have no logical date.

    :param interval: allowed time from queueing to completion.
    :param slack_conn_id: Slack webhook connection id.
    :param name: optional alert name shown in Airflow.
    """
    # airflow.sdk's type stub does not list these yet; the definitions are where it re-exports them from.
    from airflow.sdk.definitions.callback import AsyncCallback
    from airflow.sdk.definitions.deadline import DeadlineAlert, DeadlineReference

    if interval <= timedelta(0):
        raise ValueError(f"deadline interval must be positive, got {interval}")
    return DeadlineAlert(
        reference=DeadlineReference.DAGRUN_QUEUED_AT,
        interval=interval,
        callback=AsyncCallback(deadline_missed, kwargs={"slack_webhook_conn_id": slack_conn_id}),
        name=name,
    )


def _send_safely(message: SlackMessage, *, slack_conn_id: str, what: str, attempts: int) -> bool:
    try:
        deliver(_hook(slack_conn_id, DEFAULT_TIMEOUT_S), message, attempts=attempts)
    except Exception as e:
        log.warning("Slack %s not delivered: %s", what, _describe(e))
        return False
    log.info("Slack %s delivered", what)
    return True


def send_dq_alert(
    results: Sequence[DQResult],
    *,
    slack_conn_id: str = DEFAULT_SLACK_CONN_ID,
    run_url: str | None = None,
    only_breaches: bool = False,
    attempts: int = DEFAULT_ATTEMPTS,
) -> bool:
    """Post a data-quality summary when any check has failing rows.

    :param results: the run's check results.
    :param slack_conn_id: Slack webhook connection id.
    :param run_url: link to the DAG run.
    :param only_breaches: alert only when a check is over its threshold.
    :param attempts: total delivery attempts for transient failures.
    :return: True when a message was delivered; False when there was nothing to report or Slack
        could not be reached (logged as a warning: an alert must not fail the pipeline).
    """
    failing = [r for r in results if (r.breached if only_breaches else r.failed > 0)]
    if not failing:
        log.info("No data-quality failures to report (%d check(s))", len(results))
        return False
    message = build_dq_message(list(results), run_url=run_url)
    return _send_safely(message, slack_conn_id=slack_conn_id, what="data-quality alert", attempts=attempts)


def send_daily_digest(
    digest: DailyDigest,
    *,
    slack_conn_id: str = DEFAULT_SLACK_CONN_ID,
    run_url: str | None = None,
    attempts: int = DEFAULT_ATTEMPTS,
) -> bool:
    """Post the daily digest (new at-risk deals, notable negative calls).

    :param digest: the day's findings.
    :param slack_conn_id: Slack webhook connection id.
    :param run_url: link to the DAG run.
    :param attempts: total delivery attempts for transient failures.
    :return: True when delivered; False when Slack could not be reached (logged).
    """
    message = build_digest_message(digest, run_url=run_url)
    return _send_safely(message, slack_conn_id=slack_conn_id, what="daily digest", attempts=attempts)


def __getattr__(name: str) -> Any:
    # The notifier classes subclass the Slack provider's notifier; they load on first use (see FailureAlert).
    if name in ("TaskFailureSlackNotifier", "DeadlineMissedSlackNotifier"):
        from include.gong_intel.alerts import slack_notifiers

        return getattr(slack_notifiers, name)
    raise AttributeError(f"module {__name__!r} has no attribute {name!r}")
