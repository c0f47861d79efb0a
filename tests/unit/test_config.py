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


def test_the_old_passage_size_key_is_still_read_with_a_warning(caplog):
    with caplog.at_level("WARNING", logger="include.gong_intel.config"):
        settings = settings_from_mapping({"max_chunk_chars": 300})
    assert settings.passage_max_chars == 300
    assert "'max_chunk_chars' is deprecated, use 'passage_max_chars'" in caplog.text
    assert settings_from_mapping({"passage_max_chars": 500}).passage_max_chars == 500
    with pytest.raises(ConfigError, match="sets both 'max_chunk_chars' and its new name"):
        settings_from_mapping({"max_chunk_chars": 300, "passage_max_chars": 500})


def test_the_engine_settings_come_from_one_conversion_that_leaves_the_chat_budget_alone():
    from include.gong_intel.ask import engine as ask_engine
    from include.gong_intel.enrich.engine import enrich_settings
    from include.gong_intel.pipeline import enrich_step

    settings = settings_from_mapping(
        {"passage_max_chars": 200, "enrich_engine": "cohere", "embedding_dim": 1024}
    )
    mapped = enrich_settings(settings)
    assert mapped.max_chunk_chars == 60_000 and mapped.embedding_dim == 1024
    assert enrich_step.enrich_settings is enrich_settings
    # The ask engine builds its engine through the same conversion: a small passage size is no chat budget.
    local = settings_from_mapping({"passage_max_chars": 200, "embedding_backend": "hashing"})
    assert ask_engine.AskEngine(None, local).engine.embedding_dim == local.embedding_dim
