"""The Slack provider's webhook notifier, subclassed for task failures and missed deadlines.

Kept apart from :mod:`include.gong_intel.alerts.notifiers` so that DAG files do not import the Slack provider
when they are parsed; ``notifiers`` re-exports both classes.
"""

from __future__ import annotations

from collections.abc import Mapping
from typing import Any

from airflow.providers.slack.notifications.slack_webhook import SlackWebhookNotifier

from include.gong_intel.alerts.messages import build_deadline_message, build_task_failure_message
from include.gong_intel.alerts.notifiers import (
    DEFAULT_ATTEMPTS,
    DEFAULT_SLACK_CONN_ID,
    DEFAULT_TIMEOUT_S,
    _describe,
    _is_backfill,
    adeliver,
    deliver,
)


class TaskFailureSlackNotifier(SlackWebhookNotifier):
    """Task ``on_failure_callback`` posting a Block Kit summary of the failure.

    The message (DAG, task, try, logical date, interval, redacted error excerpt, log link) is built from
    the callback context at notify time. Never raises: a delivery failure is logged as a warning.

    :param slack_webhook_conn_id: Slack webhook connection id.
    :param timeout: per-request timeout in seconds.
    :param attempts: total delivery attempts for transient failures.
    """

    # The message is built from the context, not from templates: only the connection id is templated.
    template_fields = ("slack_webhook_conn_id",)  # type: ignore[assignment]

    def __init__(
        self,
        *,
        slack_webhook_conn_id: str = DEFAULT_SLACK_CONN_ID,
        timeout: int = DEFAULT_TIMEOUT_S,
        attempts: int = DEFAULT_ATTEMPTS,
        **kwargs: Any,
    ) -> None:
        super().__init__(
            slack_webhook_conn_id=slack_webhook_conn_id, text="", timeout=timeout, retry_handlers=[], **kwargs
        )
        self.attempts = attempts

    def __call__(self, *args: Any) -> None:
        # BaseNotifier.__call__ re-raises whatever notify or template rendering raised; an alert about a
        # failure must never turn into a second failure.
        try:
            super().__call__(*args)
        except Exception as e:
            self.log.warning("Slack failure alert not delivered: %s", _describe(e))

    def notify(self, context: Mapping[str, Any]) -> None:
        ti = context.get("ti") or context.get("task_instance")
        where = f"{getattr(ti, 'dag_id', '?')}.{getattr(ti, 'task_id', '?')}"
        try:
            message = build_task_failure_message(context)
            deliver(self.hook, message, attempts=self.attempts)
        except Exception as e:
            self.log.warning("Slack failure alert for %s not delivered: %s", where, _describe(e))
            return
        self.log.info("Slack failure alert for %s delivered", where)


class DeadlineMissedSlackNotifier(SlackWebhookNotifier):
    """Deadline Alert callback posting a Block Kit "deadline missed" message.

    Runs in the triggerer as an ``AsyncCallback``: Airflow instantiates the class with the callback
    kwargs plus ``context`` (``dag_run`` and ``deadline``) and awaits it. Delivery failures raise after
    the bounded retries so the callback shows as failed in Airflow.

    :param slack_webhook_conn_id: Slack webhook connection id.
    :param timeout: per-request timeout in seconds.
    :param attempts: total delivery attempts for transient failures.
    """

    template_fields = ("slack_webhook_conn_id",)  # type: ignore[assignment]

    def __init__(
        self,
        *,
        slack_webhook_conn_id: str = DEFAULT_SLACK_CONN_ID,
        timeout: int = DEFAULT_TIMEOUT_S,
        attempts: int = 3,
        **kwargs: Any,
    ) -> None:
        super().__init__(
            slack_webhook_conn_id=slack_webhook_conn_id, text="", timeout=timeout, retry_handlers=[], **kwargs
        )
        self.attempts = attempts

    async def async_notify(self, context: Mapping[str, Any]) -> None:
        if _is_backfill(context):
            self.log.info("Deadline missed by a backfill run: not paging on-call for historical days")
            return
        await adeliver(self.hook, build_deadline_message(context), attempts=self.attempts)

    def notify(self, context: Mapping[str, Any]) -> None:
        if _is_backfill(context):
            self.log.info("Deadline missed by a backfill run: not paging on-call for historical days")
            return
        deliver(self.hook, build_deadline_message(context), attempts=self.attempts)
