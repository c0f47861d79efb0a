"""The stage SQL over a synthetic Gong tenant landed exactly as the loader (and Airbyte) lands it."""

from __future__ import annotations

from datetime import UTC, date, datetime

from include.gong_intel.gong.loader import STREAMS, to_airbyte_rows
from include.gong_intel.transform import run_stage
from local_stack.tenant.generator import generate_tenant


def test_a_landed_tenant_stages_one_row_per_call_matching_the_truth(warehouse):
    t = warehouse.settings.tables
    tenant = generate_tenant(seed=11, n_calls=30, days=4, end_date=date(2026, 11, 5))
    public = [
        c for c in tenant.calls if not c["metaData"].get("isPrivate")
    ]  # the source never serves private calls
    extracted = datetime(2026, 11, 5, 1, tzinfo=UTC)
    transcripts = [
        {
            "callId": c["metaData"]["id"],
            "started": c["metaData"]["started"],
            "transcript": tenant.transcripts[c["metaData"]["id"]],
        }
        for c in public
    ]
    for stream, table, records in (
        ("users", t.raw_users, tenant.users),
        ("extensiveCalls", t.raw_extensive_calls, public),
        ("callTranscripts", t.raw_call_transcripts, transcripts),
    ):
        rows = to_airbyte_rows(stream, records, extracted_at=extracted, sync_id=1)
        warehouse.insert_records(table, rows, STREAMS[stream].variant_columns)

    result = run_stage(
        warehouse,
        warehouse.settings,
        interval_start=tenant.window_start,
        interval_end=tenant.window_end,
        run_id="manual__tenant",
    )

    staged = {
        r[0]: r[1:]
        for r in warehouse.get_records(
            f"SELECT CALL_ID, ACCOUNT_NAME, OPPORTUNITY_NAME, PRIMARY_USER_ID, PRIMARY_USER_NAME, SEGMENT_COUNT, SCOPE FROM {t.stg_calls}"
        )
    }
    assert set(staged) == {c["metaData"]["id"] for c in public}
    assert result["quarantined"] == 0
    for call_id, (account, opportunity, rep_id, rep_name, segments, scope) in staged.items():
        truth = tenant.truth[call_id]
        assert (account, opportunity, rep_id, scope) == (
            truth.account_name,
            truth.opportunity_name,
            truth.rep_user_id,
            truth.scope,
        )
        assert rep_name, call_id
        spoken = [m for m in tenant.transcripts[call_id] if m.get("sentences")]
        assert segments == len(spoken), call_id

    # Text survives sentence by sentence, in order.
    call_id = max(staged, key=lambda c: staged[c][4])
    texts = [
        r[0]
        for r in warehouse.get_records(
            f"SELECT TRANSCRIPT_TEXT FROM {t.stg_transcripts} WHERE CALL_ID = %(c)s ORDER BY SEGMENT_ORDINAL",
            parameters={"c": call_id},
        )
    ]
    expected = [
        " ".join(s["text"].strip() for s in m["sentences"] if s["text"].strip())
        for m in tenant.transcripts[call_id]
        if m.get("sentences")
    ]
    assert texts == expected
