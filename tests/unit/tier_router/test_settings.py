"""tier_router.settings: environment variables validated once, errors naming the variable."""

from __future__ import annotations

import pytest

from agentcore_finops.errors import FieldErrors
from tier_router.contract import Limits
from tier_router.sampling_source import AppConfigLocation
from tier_router.settings import Settings


def test_defaults_need_only_the_table_name():
    s = Settings.from_env({"CONFIG_TABLE_NAME": "t"})
    assert s == Settings(table_name="t")
    assert (s.config_ttl_seconds, s.sampling_ttl_seconds, s.converse_max_attempts) == (60.0, 60, 4)
    assert s.appconfig is None and s.limits == Limits()


def test_every_setting_is_read():
    s = Settings.from_env(
        {
            "CONFIG_TABLE_NAME": "t",
            "CONFIG_CACHE_TTL_SECONDS": "5.5",
            "APPCONFIG_APPLICATION": "a",
            "APPCONFIG_ENVIRONMENT": "e",
            "APPCONFIG_PROFILE": "p",
            "SAMPLING_CACHE_TTL_SECONDS": "30",
            "CONVERSE_MAX_ATTEMPTS": "2",
            "MAX_MESSAGES": "10",
            "MAX_INPUT_CHARS": "1000",
            "MAX_SYSTEM_CHARS": "500",
            "MAX_TOOL_SCHEMAS": "8",
        }
    )
    assert s.config_ttl_seconds == 5.5 and s.sampling_ttl_seconds == 30 and s.converse_max_attempts == 2
    assert s.appconfig == AppConfigLocation("a", "e", "p")
    assert s.limits == Limits(max_messages=10, max_input_chars=1000, max_system_chars=500, max_tool_schemas=8)


@pytest.mark.parametrize(
    ("env", "names"),
    [
        ({}, ["CONFIG_TABLE_NAME"]),
        ({"CONFIG_TABLE_NAME": "t", "CONFIG_CACHE_TTL_SECONDS": "-1"}, ["CONFIG_CACHE_TTL_SECONDS"]),
        ({"CONFIG_TABLE_NAME": "t", "CONFIG_CACHE_TTL_SECONDS": "soon"}, ["CONFIG_CACHE_TTL_SECONDS"]),
        ({"CONFIG_TABLE_NAME": "t", "SAMPLING_CACHE_TTL_SECONDS": "1.5"}, ["SAMPLING_CACHE_TTL_SECONDS"]),
        ({"CONFIG_TABLE_NAME": "t", "CONVERSE_MAX_ATTEMPTS": "0"}, ["CONVERSE_MAX_ATTEMPTS"]),
        (
            {"CONFIG_TABLE_NAME": "t", "MAX_MESSAGES": "0", "MAX_TOOL_SCHEMAS": "x"},
            ["MAX_MESSAGES", "MAX_TOOL_SCHEMAS"],
        ),
        (
            {"CONFIG_TABLE_NAME": "t", "APPCONFIG_APPLICATION": "a"},
            ["APPCONFIG_ENVIRONMENT, APPCONFIG_PROFILE"],
        ),
    ],
)
def test_bad_settings_name_every_variable(env, names):
    with pytest.raises(FieldErrors) as info:
        Settings.from_env(env)
    assert [e.field for e in info.value.errors] == names
