"""The ESC key mapping: what the README documents is what the backend serves."""

from __future__ import annotations

import re
from pathlib import Path

import pytest

from include.gong_intel.secrets.mapping import CONNECTIONS, EscKeyMissingError, mapping_rows

README = Path(__file__).resolve().parents[3] / "README.md"


def test_readme_table_is_the_mapping():
    text = README.read_text()
    section = text.split("### Deploying on Astro with Pulumi ESC", 1)[1]
    rows = re.findall(r"^\s*\| `([a-z_]+)` \| `([a-z_]+)` \| ([a-z_.A-Z]+) \|", section, flags=re.M)
    assert [(conn_id, field, key) for key, conn_id, field in rows] == mapping_rows()


def test_defaults_fill_absent_optional_keys_only():
    values = {"gong_access_key": "ak", "gong_client_secret": "cs", "gong_api_url": "https://us-1.api.gong.io"}
    conn = CONNECTIONS["gong_default"].build(values.get, "o/p/e", "gong_default")
    assert conn["host"] == "https://us-1.api.gong.io"
    del values["gong_api_url"]
    assert (
        CONNECTIONS["gong_default"].build(values.get, "o/p/e", "gong_default")["host"]
        == "https://api.gong.io"
    )


def test_missing_required_key_message_has_no_values():
    values = {"cohere_api_url": "https://cohere.internal"}
    with pytest.raises(EscKeyMissingError) as err:
        CONNECTIONS["cohere_default"].build(values.get, "acme/gi/prod", "cohere_default")
    assert str(err.value).startswith(
        "Pulumi ESC environment acme/gi/prod has no key 'cohere_api_key', which connection 'cohere_default' needs"
    )
    assert "cohere.internal" not in str(err.value)
