"""Which days a run processes, for every kind of Airflow 3 run (scheduled, backfill, manual with and
without a logical date, manual ranges)."""

from datetime import UTC, datetime

import pytest

from include.gong_intel.pipeline.runs import RunPlanError, plan_run


def _day(d: str) -> datetime:
    return datetime.fromisoformat(d).replace(tzinfo=UTC)


def test_scheduled_run_processes_its_data_interval():
    plan = plan_run(
        run_type="scheduled",
        interval_start="2026-10-28T00:00:00+00:00",
        interval_end="2026-10-29T00:00:00+00:00",
        logical_date="2026-10-28T00:00:00+00:00",
    )
    assert (plan.start, plan.end, plan.kind) == (_day("2026-10-28"), _day("2026-10-29"), "scheduled")
    assert plan.posts_digest


def test_backfill_days_are_exactly_the_days_asked_for():
    windows = [
        plan_run(
            run_type="backfill",
            interval_start=f"2026-10-{d}T00:00:00+00:00",
            interval_end=f"2026-10-{d + 1}T00:00:00+00:00",
            logical_date=f"2026-10-{d}T00:00:00+00:00",
        )
        for d in (28, 29, 30)
    ]
    assert [w.start.date().isoformat() for w in windows] == ["2026-10-28", "2026-10-29", "2026-10-30"]
    assert all(w.days == 1 and not w.posts_digest for w in windows)


def test_backfill_on_a_trigger_timetable_still_covers_the_named_day():
    plan = plan_run(
        run_type="backfill",
        interval_start="2026-10-28T00:00:00+00:00",
        interval_end="2026-10-28T00:00:00+00:00",
    )
    assert (plan.start, plan.end) == (_day("2026-10-28"), _day("2026-10-29"))


def test_manual_run_without_logical_date_or_interval_covers_the_day_before_it_was_triggered():
    plan = plan_run(
        run_type="manual",
        interval_start="None",
        interval_end="None",
        logical_date="None",
        run_after="2026-11-05T14:30:00+00:00",
        from_date="None",
        to_date="None",
        refetch="False",
    )
    assert (plan.start, plan.end, plan.kind) == (_day("2026-11-04"), _day("2026-11-05"), "manual")
    assert not plan.posts_digest and not plan.refetch


def test_manual_range_is_inclusive_of_to_date_and_can_refetch():
    plan = plan_run(run_type="manual", from_date="2026-10-01", to_date="2026-10-07", refetch="True")
    assert (plan.start, plan.end, plan.days) == (_day("2026-10-01"), _day("2026-10-08"), 7)
    assert plan.kind == "manual_range" and plan.refetch
    assert plan.as_xcom()["interval_end"] == "2026-10-08T00:00:00+00:00"


@pytest.mark.parametrize(
    ("kwargs", "message"),
    [
        ({"from_date": "2026-10-01"}, "needs both"),
        ({"from_date": "2026-10-09", "to_date": "2026-10-01"}, "after to_date"),
        ({"from_date": "2026-13-01", "to_date": "2026-10-01"}, "from_date must be a date"),
        ({"refetch": "maybe"}, "refetch must be"),
    ],
)
def test_bad_run_parameters_are_refused_with_the_reason(kwargs, message):
    with pytest.raises(RunPlanError, match=message):
        plan_run(run_type="manual", **kwargs)


def test_a_backfill_refuses_a_date_range_in_its_conf():
    with pytest.raises(RunPlanError, match="backfill"):
        plan_run(run_type="backfill", from_date="2026-10-01", to_date="2026-10-02")


@pytest.mark.parametrize("run_type", ["backfill", "DagRunType.BACKFILL_JOB"])
def test_the_run_type_is_read_however_the_template_renders_it(run_type):
    from airflow.sdk.api.datamodels._generated import DagRunType as TaskDagRunType
    from airflow.utils.types import DagRunType

    # What a task's `{{ dag_run.run_type }}` renders: the task SDK's enum prints as "DagRunType.BACKFILL".
    rendered = str(TaskDagRunType.BACKFILL)
    for value in (run_type, DagRunType.BACKFILL_JOB, rendered):
        plan = plan_run(
            run_type=value,
            interval_start="2026-10-05T00:00:00+00:00",
            interval_end="2026-10-06T00:00:00+00:00",
            logical_date="2026-10-05T00:00:00+00:00",
        )
        assert (plan.kind, plan.start) == ("backfill", _day("2026-10-05"))
    scheduled = plan_run(
        run_type=str(TaskDagRunType.SCHEDULED),
        interval_start="2026-12-01T00:00:00+00:00",
        interval_end="2026-12-02T00:00:00+00:00",
        logical_date="2026-12-01T00:00:00+00:00",
    )
    assert (scheduled.kind, scheduled.start) == ("scheduled", _day("2026-12-01"))
