"""sampling_history: the overrides at 1.0 in the deployed trace-sampling document and their age, read
from AppConfig's deployment history (botocore Stubber: the emulator has no AppConfig deployments);
denial, throttling and a deleted version each have a defined outcome."""

from __future__ import annotations

import datetime as dt
import io
import json

import boto3
import pytest
from botocore.response import StreamingBody
from botocore.stub import Stubber

from agentcore_finops import sampling_history
from agentcore_finops.sampling_history import SamplingReadError

APP, PROFILE, ENV = "app1234", "prof123", "env1234"
DAY = dt.timedelta(days=1)
NOW = dt.datetime(2026, 12, 3, 12, tzinfo=dt.UTC)


def document(**agents: float) -> dict:
    return {"version": 1, "tiers": {"1": 0.25, "2": 0.1, "3": 0.03}, "agents": agents}


def body(doc: dict) -> StreamingBody:
    raw = json.dumps(doc).encode()
    return StreamingBody(io.BytesIO(raw), len(raw))


def deployment(
    number: int, version: int, completed: dt.datetime, state: str = "COMPLETE", name: str = "trace-sampling"
):
    return {
        "DeploymentNumber": number,
        "ConfigurationName": name,
        "ConfigurationVersion": str(version),
        "State": state,
        "StartedAt": completed - dt.timedelta(minutes=5),
        "CompletedAt": completed,
    }


@pytest.fixture
def appconfig():
    client = boto3.client(
        "appconfig", region_name="us-east-1", aws_access_key_id="x", aws_secret_access_key="x"
    )
    with Stubber(client) as stub:
        yield client, stub
        stub.assert_no_pending_responses()


def expect_profile_and_env(stub, envs=(("env1234", "prod"),)):
    stub.add_response(
        "list_configuration_profiles",
        {
            "Items": [
                {"ApplicationId": APP, "Id": "other12", "Name": "flags"},
                {"ApplicationId": APP, "Id": PROFILE, "Name": "trace-sampling"},
            ]
        },
        {"ApplicationId": APP},
    )
    stub.add_response(
        "list_environments",
        {"Items": [{"ApplicationId": APP, "Id": env_id, "Name": name} for env_id, name in envs]},
        {"ApplicationId": APP},
    )


def expect_version(stub, version: int, doc: dict) -> None:
    stub.add_response(
        "get_hosted_configuration_version",
        {
            "ApplicationId": APP,
            "ConfigurationProfileId": PROFILE,
            "VersionNumber": version,
            "Content": body(doc),
            "ContentType": "application/json",
        },
        {"ApplicationId": APP, "ConfigurationProfileId": PROFILE, "VersionNumber": version},
    )


def test_the_age_runs_back_to_the_first_deployment_of_the_unbroken_run_at_one(appconfig):
    client, stub = appconfig
    expect_profile_and_env(stub)
    stub.add_response(
        "list_deployments",
        {
            "Items": [
                deployment(5, 5, NOW - 2 * DAY),  # a + b at 1.0
                deployment(4, 4, NOW - 5 * DAY, state="ROLLED_BACK"),  # never in effect: ignored
                deployment(3, 3, NOW - 10 * DAY),  # a at 1.0
                deployment(2, 9, NOW - 11 * DAY, name="flags"),  # another profile: ignored
                deployment(1, 2, NOW - 30 * DAY),  # a at 0.25: the run starts after it
            ]
        },
        {"ApplicationId": APP, "EnvironmentId": ENV},
    )
    expect_version(stub, 5, document(a=1.0, b=1.0, c=0.25))
    expect_version(stub, 3, document(a=1.0, b=0.1, c=0.25))
    expect_version(stub, 2, document(a=0.25, b=0.1, c=0.25))
    found = {o.agent_id: o for o in sampling_history.read_overrides(client, APP)}
    assert set(found) == {"a", "b"}  # c is sampled below 1.0
    assert found["a"].since == NOW - 10 * DAY and found["a"].history_complete
    assert found["a"].age_days(NOW) == 10
    assert found["b"].since == NOW - 2 * DAY and found["b"].history_complete
    assert (found["a"].environment, found["a"].configuration_version) == ("prod", "5")


def test_a_deleted_older_version_ends_the_run_and_the_age_is_a_lower_bound(appconfig):
    client, stub = appconfig
    expect_profile_and_env(stub)
    stub.add_response(
        "list_deployments",
        {"Items": [deployment(2, 2, NOW - 3 * DAY), deployment(1, 1, NOW - 40 * DAY)]},
        {"ApplicationId": APP, "EnvironmentId": ENV},
    )
    expect_version(stub, 2, document(a=1.0))
    stub.add_client_error(
        "get_hosted_configuration_version", "ResourceNotFoundException", http_status_code=404
    )
    [override] = sampling_history.read_overrides(client, APP)
    assert override.since == NOW - 3 * DAY and not override.history_complete


def test_an_override_since_the_first_deployment_has_no_earlier_rate_to_end_it(appconfig):
    client, stub = appconfig
    expect_profile_and_env(stub)
    stub.add_response(
        "list_deployments",
        {"Items": [deployment(1, 1, NOW - 20 * DAY)]},
        {"ApplicationId": APP, "EnvironmentId": ENV},
    )
    expect_version(stub, 1, document(a=1.0))
    [override] = sampling_history.read_overrides(client, APP)
    assert override.since == NOW - 20 * DAY and not override.history_complete


def test_deployment_pages_are_all_read_and_an_environment_without_deployments_has_no_override(appconfig):
    client, stub = appconfig
    expect_profile_and_env(stub, envs=(("env1234", "prod"), ("env5678", "staging")))
    stub.add_response(
        "list_deployments",
        {"Items": [deployment(2, 2, NOW - 9 * DAY)], "NextToken": "t1"},
        {"ApplicationId": APP, "EnvironmentId": ENV},
    )
    stub.add_response(
        "list_deployments",
        {"Items": [deployment(1, 1, NOW - 12 * DAY)]},
        {"ApplicationId": APP, "EnvironmentId": ENV, "NextToken": "t1"},
    )
    expect_version(stub, 2, document(a=1.0))
    expect_version(stub, 1, document(a=0.5))
    stub.add_response("list_deployments", {"Items": []}, {"ApplicationId": APP, "EnvironmentId": "env5678"})
    [override] = sampling_history.read_overrides(client, APP)
    assert (override.environment, override.since, override.history_complete) == ("prod", NOW - 9 * DAY, True)


def test_an_application_without_the_sampling_profile_is_named(appconfig):
    client, stub = appconfig
    stub.add_response("list_configuration_profiles", {"Items": []}, {"ApplicationId": APP})
    with pytest.raises(SamplingReadError, match="app1234 has no configuration profile 'trace-sampling'"):
        sampling_history.read_overrides(client, APP)


@pytest.mark.parametrize(
    ("operation", "action"),
    [
        ("list_configuration_profiles", "appconfig:ListConfigurationProfiles"),
        ("list_environments", "appconfig:ListEnvironments"),
        ("list_deployments", "appconfig:ListDeployments"),
        ("get_hosted_configuration_version", "appconfig:GetHostedConfigurationVersion"),
    ],
)
def test_a_denied_read_names_the_iam_action(appconfig, operation, action):
    client, stub = appconfig
    order = [
        "list_configuration_profiles",
        "list_environments",
        "list_deployments",
        "get_hosted_configuration_version",
    ]
    if order.index(operation) >= 1:
        stub.add_response(
            "list_configuration_profiles",
            {"Items": [{"ApplicationId": APP, "Id": PROFILE, "Name": "trace-sampling"}]},
        )
    if order.index(operation) >= 2:
        stub.add_response("list_environments", {"Items": [{"ApplicationId": APP, "Id": ENV, "Name": "prod"}]})
    if order.index(operation) >= 3:
        stub.add_response("list_deployments", {"Items": [deployment(1, 1, NOW - DAY)]})
    stub.add_client_error(operation, "AccessDeniedException", http_status_code=403)
    with pytest.raises(SamplingReadError, match=f"{operation}: access denied; the role needs {action}"):
        sampling_history.read_overrides(client, APP)


def test_throttling_after_the_retries_is_an_error_not_an_empty_history(appconfig):
    client, stub = appconfig
    stub.add_client_error("list_configuration_profiles", "ThrottlingException", http_status_code=400)
    with pytest.raises(SamplingReadError, match=r"list_configuration_profiles failed: .*ThrottlingException"):
        sampling_history.read_overrides(client, APP)


def test_a_deployed_document_that_is_not_a_sampling_document_is_named(appconfig):
    client, stub = appconfig
    expect_profile_and_env(stub)
    stub.add_response(
        "list_deployments",
        {"Items": [deployment(1, 1, NOW - DAY)]},
        {"ApplicationId": APP, "EnvironmentId": ENV},
    )
    expect_version(stub, 1, {"version": 1, "tiers": {"1": 2}})
    with pytest.raises(SamplingReadError, match="version 1 is not a sampling document"):
        sampling_history.read_overrides(client, APP)
