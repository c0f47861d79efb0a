"""The tenant's records have exactly the fields and types Gong's API (as landed by Airbyte) carries."""

from __future__ import annotations

import re
from datetime import datetime

from local_stack.tenant import SELLER

ISO_Z = re.compile(r"^\d{4}-\d{2}-\d{2}T\d{2}:\d{2}:\d{2}Z$")

USER_FIELDS = {
    "id": str,
    "emailAddress": str,
    "firstName": str,
    "lastName": str,
    "title": str,
    "active": bool,
    "created": str,
    "phoneNumber": str,
    "settings": dict,
    "spokenLanguages": list,
    "emailAliases": list,
    "trustedEmailAddress": str,
}
META_FIELDS = {
    "id": str,
    "url": str,
    "title": str,
    "scheduled": str,
    "started": str,
    "duration": int,
    "primaryUserId": str,
    "direction": str,
    "system": str,
    "scope": str,
    "media": str,
    "language": str,
    "workspaceId": str,
    "isPrivate": bool,
    "purpose": str,
}
META_NULLABLE = {"meetingUrl", "calendarEventId", "clientUniqueId", "customData", "sdrDisposition"}
PARTY_FIELDS = {
    "id",
    "name",
    "emailAddress",
    "title",
    "speakerId",
    "affiliation",
    "methods",
    "phoneNumber",
    "context",
}
CONTENT_FIELDS = {
    "brief",
    "topics",
    "trackers",
    "keyPoints",
    "outline",
    "highlights",
    "pointsOfInterest",
    "callOutcome",
}


def test_users_have_gong_user_fields_and_an_org_chart(tenant):
    users = tenant.users
    ids = {u["id"] for u in users}
    assert 20 <= len(users) <= 30 and len(ids) == len(users)
    for u in users:
        for name, typ in USER_FIELDS.items():
            assert isinstance(u[name], typ), (name, u[name])
        assert re.fullmatch(r"\d{19}", u["id"])
        assert u["emailAddress"].endswith("@" + SELLER.domain)
        assert ISO_Z.match(u["created"])
        assert u["managerId"] is None or u["managerId"] in ids
    vps = [u for u in users if u["managerId"] is None]
    assert [u["title"] for u in vps] == ["VP of Sales"]
    managers = {u["managerId"] for u in users} - {None}
    assert 3 <= len(managers) <= 4  # the VP and the managers
    assert sum(not u["active"] for u in users) == 1
    assert sum("Account Executive" in u["title"] for u in users) >= 8


def test_call_items_have_every_extensive_call_block(tenant):
    user_ids = {u["id"] for u in tenant.users}
    for call in tenant.calls:
        assert set(call) >= {
            "metaData",
            "parties",
            "content",
            "interaction",
            "context",
            "media",
            "collaboration",
        }
        meta = call["metaData"]
        for name, typ in META_FIELDS.items():
            assert isinstance(meta[name], typ), (name, meta[name])
        assert set(meta) >= META_NULLABLE
        assert re.fullmatch(r"\d{19,20}", meta["id"])
        assert meta["url"] == f"https://app.gong.io/call?id={meta['id']}"
        assert ISO_Z.match(meta["started"]) and ISO_Z.match(meta["scheduled"])
        assert meta["primaryUserId"] in user_ids
        assert meta["scope"] in ("External", "Internal")
        assert meta["direction"] in ("Conference", "Outbound")
        assert meta["language"] in ("eng", "spa", "deu")
        assert set(call["media"]) == {"audioUrl", "videoUrl"}
        for party in call["parties"]:
            assert set(party) >= PARTY_FIELDS
            assert party["affiliation"] in ("Internal", "External")
            assert ("userId" in party) == (party["affiliation"] == "Internal")
            assert party["userId"] in user_ids if "userId" in party else True
            assert set(party["methods"]) <= {"Invitee", "Attendee"}
        assert set(call["content"]) >= CONTENT_FIELDS
        assert set(call["interaction"]) >= {"speakers", "interactionStats", "questions", "video"}


def test_call_ids_are_unique_and_calls_are_ordered_by_start(tenant):
    ids = [c["metaData"]["id"] for c in tenant.calls]
    assert len(set(ids)) == len(ids) == 300
    assert set(tenant.transcripts) == set(ids) == set(tenant.truth)
    scheduled = [c["metaData"]["scheduled"] for c in tenant.calls]
    assert scheduled == sorted(scheduled)


def test_transcripts_are_gong_monologues(tenant):
    for monologues in tenant.transcripts.values():
        for m in monologues:
            assert set(m) == {"speakerId", "topic", "sentences"}
            assert isinstance(m["speakerId"], str) and isinstance(m["topic"], str) and m["sentences"]
            for s in m["sentences"]:
                assert set(s) == {"start", "end", "text"}
                assert isinstance(s["start"], int) and isinstance(s["end"], int) and s["text"].strip()


def test_context_carries_salesforce_opportunity_and_account(tenant):
    now_objects = 0
    for call in tenant.calls:
        (ctx,) = call["context"]
        assert ctx["system"] == "Salesforce"
        by_kind = {
            (o["objectType"], o["timing"]): {f["name"]: f["value"] for f in o["fields"]}
            for o in ctx["objects"]
        }
        opp = by_kind[("Opportunity", "TimeOfCall")]
        assert set(opp) >= {"Name", "StageName", "Amount", "CloseDate"}
        assert isinstance(opp["Amount"], int) and opp["Amount"] > 0
        datetime.strptime(opp["CloseDate"], "%Y-%m-%d")
        account = by_kind[("Account", "TimeOfCall")]
        assert account["Name"] == tenant.truth[call["metaData"]["id"]].account_name
        assert account["Industry"]
        if ("Opportunity", "Now") in by_kind:
            now_objects += 1
            assert by_kind[("Opportunity", "Now")]["StageName"] != opp["StageName"]
    assert now_objects > 30


def test_accounts_and_contacts_live_on_their_own_domains(tenant):
    assert 40 <= len(tenant.accounts) <= 60
    for account in tenant.accounts:
        assert 1 <= len(account["opportunities"]) <= 2
        assert all(c["emailAddress"].endswith("@" + account["domain"]) for c in account["contacts"])
    domains = {a["domain"]: a for a in tenant.accounts}
    for call in tenant.calls:
        for party in call["parties"]:
            if party["affiliation"] == "External":
                assert party["emailAddress"].split("@")[1] in domains
