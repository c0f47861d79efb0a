"""Settings: a Variable that cannot be read fails loudly; malformed settings fail as configuration errors."""

import pytest

from include.gong_intel import config
from include.gong_intel.config import (
    ConfigError,
    ConfigUnavailableError,
    load_settings,
    settings_from_mapping,
)


def test_unreadable_variable_is_an_error_not_the_local_profile(monkeypatch):
    from airflow.sdk import Variable

    def broken(*args, **kwargs):
        raise ConnectionError("secrets backend timed out")

    monkeypatch.setattr(Variable, "get", staticmethod(broken))
    with pytest.raises(ConfigUnavailableError, match="secrets backend timed out"):
        load_settings()


def test_variable_wins_over_the_environment_and_bad_json_is_a_config_error(monkeypatch):
    monkeypatch.setenv("GONG_INTEL_CONFIG", '{"env": "local", "database": "FROM_ENV"}')
    monkeypatch.setenv(f"AIRFLOW_VAR_{config.CONFIG_VARIABLE.upper()}", '{"database": "FROM_VARIABLE"}')
    assert load_settings().database == "FROM_VARIABLE"
    monkeypatch.setenv(f"AIRFLOW_VAR_{config.CONFIG_VARIABLE.upper()}", "{not json")
    with pytest.raises(ConfigError, match="not valid JSON"):
        load_settings()


def test_airbyte_mode_needs_only_the_workspace_before_setup():
    settings = settings_from_mapping({"env": "prod", "airbyte_workspace_id": "ws-1"})
    assert settings.ingest_mode == "airbyte" and settings.airbyte_connection_id == ""
    with pytest.raises(ConfigError, match="airbyte_workspace_id"):
        settings_from_mapping({"env": "prod"})
    with pytest.raises(ConfigError, match="unknown keys"):
        settings_from_mapping({"env": "prod", "airbyte_workspace": "ws-1"})
