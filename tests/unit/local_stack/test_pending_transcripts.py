"""PendingTranscripts: a tenant whose transcripts of some calls Gong finishes only later."""

from local_stack.gong_peer import PendingTranscripts, SimpleTenant


def test_pending_transcripts_are_hidden_until_released():
    base = SimpleTenant(
        users=[{"id": "u1"}],
        calls=[{"metaData": {"id": "1"}}, {"metaData": {"id": "2"}}, {"metaData": {"id": "3"}}],
        transcripts={"1": [{"speakerId": "a"}], "2": [{"speakerId": "b"}], "3": [{"speakerId": "c"}]},
    )
    tenant = PendingTranscripts(base, pending=["2", 3])

    assert sorted(tenant.transcripts) == ["1"]
    assert tenant.calls is base.calls and tenant.users is base.users
    tenant.release("3")
    assert sorted(tenant.transcripts) == ["1", "3"] and tenant.pending == {"2"}
    tenant.release()
    assert sorted(tenant.transcripts) == ["1", "2", "3"] and tenant.pending == frozenset()
    assert base.transcripts.keys() == {"1", "2", "3"}
