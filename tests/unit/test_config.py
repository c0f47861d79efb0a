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


def test_late_transcript_settings_default_and_are_checked():
    from include.gong_intel.config import ConfigError, settings_from_mapping

    defaults = settings_from_mapping({})
    assert (defaults.late_transcript_delay_hours, defaults.late_transcript_max_age_days) == (6.0, 30)
    tuned = settings_from_mapping({"late_transcript_delay_hours": 0.5, "late_transcript_max_age_days": 7})
    assert (tuned.late_transcript_delay_hours, tuned.late_transcript_max_age_days) == (0.5, 7)
    for bad in (
        {"late_transcript_delay_hours": -1},
        {"late_transcript_delay_hours": "6"},
        {"late_transcript_max_age_days": 0},
        {"late_transcript_max_age_days": 2.5},
    ):
        with pytest.raises(ConfigError, match="late_transcript"):
            settings_from_mapping(bad)
