"""emulator/ext/appconfig: environments, deployment strategies, deployments and AppConfigData
on the running emulator, driven with boto3."""

from __future__ import annotations

import json

import pytest
from botocore.exceptions import ClientError

SCHEMA = json.dumps({"type": "object", "required": ["agents"], "properties": {"agents": {"type": "object"}}})


def error_of(excinfo: pytest.ExceptionInfo[ClientError]) -> tuple[str, int]:
    response = excinfo.value.response
    return response["Error"]["Code"], response["ResponseMetadata"]["HTTPStatusCode"]


@pytest.fixture
def appconfig(ext_aws):
    return ext_aws("appconfig")


@pytest.fixture
def hosted(appconfig):
    """An application, an environment and a hosted JSON profile with a JSON-schema validator."""
    app = appconfig.create_application(Name="fleet")["Id"]
    env = appconfig.create_environment(ApplicationId=app, Name="prod")["Id"]
    profile = appconfig.create_configuration_profile(
        ApplicationId=app,
        Name="agents",
        LocationUri="hosted",
        Type="AWS.Freeform",
        Validators=[{"Type": "JSON_SCHEMA", "Content": SCHEMA}],
    )["Id"]
    return {"app": app, "env": env, "profile": profile}


def _version(appconfig, ids, document) -> str:
    number = appconfig.create_hosted_configuration_version(
        ApplicationId=ids["app"],
        ConfigurationProfileId=ids["profile"],
        Content=json.dumps(document).encode(),
        ContentType="application/json",
        VersionLabel=f"v-{json.dumps(document, sort_keys=True)[:40]}",
    )["VersionNumber"]
    return str(number)


def _deploy(appconfig, ids, version, strategy="AppConfig.AllAtOnce") -> dict:
    return appconfig.start_deployment(
        ApplicationId=ids["app"],
        EnvironmentId=ids["env"],
        DeploymentStrategyId=strategy,
        ConfigurationProfileId=ids["profile"],
        ConfigurationVersion=version,
    )


def test_environments_are_stored_listed_paginated_tagged_and_deleted(appconfig):
    app = appconfig.create_application(Name="fleet")["Id"]
    created = appconfig.create_environment(
        ApplicationId=app,
        Name="prod",
        Description="production",
        Monitors=[{"AlarmArn": "arn:aws:cloudwatch:us-east-1:123456789012:alarm:errors"}],
        Tags={"lever": "model-tiering"},
    )
    assert created["State"] == "READY_FOR_DEPLOYMENT" and created["ApplicationId"] == app
    got = appconfig.get_environment(ApplicationId=app, EnvironmentId=created["Id"])
    assert (got["Name"], got["Description"], got["Monitors"][0]["AlarmArn"]) == (
        "prod",
        "production",
        "arn:aws:cloudwatch:us-east-1:123456789012:alarm:errors",
    )
    arn = f"arn:aws:appconfig:us-east-1:123456789012:application/{app}/environment/{created['Id']}"
    assert appconfig.list_tags_for_resource(ResourceArn=arn)["Tags"] == {"lever": "model-tiering"}

    for name in ("dev", "staging"):
        appconfig.create_environment(ApplicationId=app, Name=name)
    first = appconfig.list_environments(ApplicationId=app, MaxResults=2)
    rest = appconfig.list_environments(ApplicationId=app, MaxResults=2, NextToken=first["NextToken"])
    assert [e["Name"] for e in first["Items"] + rest["Items"]] == ["prod", "dev", "staging"]
    assert "NextToken" not in rest

    updated = appconfig.update_environment(ApplicationId=app, EnvironmentId=created["Id"], Description="live")
    assert updated["Description"] == "live" and updated["Name"] == "prod"

    appconfig.delete_environment(ApplicationId=app, EnvironmentId=created["Id"])
    assert [e["Name"] for e in appconfig.list_environments(ApplicationId=app)["Items"]] == ["dev", "staging"]
    with pytest.raises(ClientError) as missing:
        appconfig.get_environment(ApplicationId=app, EnvironmentId=created["Id"])
    assert error_of(missing) == ("ResourceNotFoundException", 404)


def test_environment_errors_name_what_is_missing(appconfig):
    with pytest.raises(ClientError) as no_app:
        appconfig.create_environment(ApplicationId="abc1234", Name="prod")
    assert error_of(no_app) == ("ResourceNotFoundException", 404)
    app = appconfig.create_application(Name="fleet")["Id"]
    with pytest.raises(ClientError) as no_env:
        appconfig.delete_environment(ApplicationId=app, EnvironmentId="zzz9999")
    assert error_of(no_env) == ("ResourceNotFoundException", 404)
    with pytest.raises(ClientError) as bad_token:
        appconfig.list_environments(ApplicationId=app, NextToken="not-a-token")
    assert error_of(bad_token) == ("BadRequestException", 400)


def test_deployment_strategies_include_the_predefined_ones_which_cannot_change(ext_aws, appconfig):
    listed = {s["Id"]: s for s in appconfig.list_deployment_strategies()["Items"]}
    assert listed["AppConfig.AllAtOnce"]["GrowthFactor"] == 100.0
    assert (
        appconfig.get_deployment_strategy(DeploymentStrategyId="AppConfig.Linear50PercentEvery30Seconds")[
            "GrowthType"
        ]
        == "LINEAR"
    )
    with pytest.raises(ClientError) as predefined:
        appconfig.delete_deployment_strategy(DeploymentStrategyId="AppConfig.AllAtOnce")
    assert error_of(predefined) == ("BadRequestException", 400)

    strategy = appconfig.create_deployment_strategy(
        Name="quick", DeploymentDurationInMinutes=5, GrowthFactor=25, Tags={"team": "platform"}
    )
    assert (strategy["GrowthType"], strategy["FinalBakeTimeInMinutes"], strategy["ReplicateTo"]) == (
        "LINEAR",
        0,
        "NONE",
    )
    updated = appconfig.update_deployment_strategy(
        DeploymentStrategyId=strategy["Id"], GrowthFactor=50, GrowthType="EXPONENTIAL"
    )
    assert (updated["GrowthFactor"], updated["GrowthType"], updated["DeploymentDurationInMinutes"]) == (
        50.0,
        "EXPONENTIAL",
        5,
    )
    arn = f"arn:aws:appconfig:us-east-1:123456789012:deploymentstrategy/{strategy['Id']}"
    assert appconfig.list_tags_for_resource(ResourceArn=arn)["Tags"] == {"team": "platform"}
    with pytest.raises(ClientError) as bad_growth:
        ext_aws("appconfig", parameter_validation=False).create_deployment_strategy(
            Name="x", DeploymentDurationInMinutes=0, GrowthFactor=0.5
        )
    assert error_of(bad_growth) == ("BadRequestException", 400)

    appconfig.delete_deployment_strategy(DeploymentStrategyId=strategy["Id"])
    with pytest.raises(ClientError) as gone:
        appconfig.get_deployment_strategy(DeploymentStrategyId=strategy["Id"])
    assert error_of(gone) == ("ResourceNotFoundException", 404)
    assert strategy["Id"] not in [s["Id"] for s in appconfig.list_deployment_strategies()["Items"]]


def test_deployments_complete_at_once_and_are_listed_newest_first(appconfig, hosted):
    strategy = appconfig.create_deployment_strategy(
        Name="now", DeploymentDurationInMinutes=0, GrowthFactor=100
    )
    v1 = _version(appconfig, hosted, {"agents": {"a": {"tier": 1}}})
    v2 = _version(appconfig, hosted, {"agents": {"a": {"tier": 2}}})
    first = _deploy(appconfig, hosted, v1, strategy["Id"])
    assert (first["DeploymentNumber"], first["State"], first["PercentageComplete"]) == (1, "COMPLETE", 100.0)
    assert (first["ConfigurationName"], first["ConfigurationLocationUri"], first["DeploymentStrategyId"]) == (
        "agents",
        "hosted",
        strategy["Id"],
    )
    assert [e["EventType"] for e in first["EventLog"]] == ["DEPLOYMENT_COMPLETED", "DEPLOYMENT_STARTED"]
    _deploy(appconfig, hosted, v2)

    got = appconfig.get_deployment(
        ApplicationId=hosted["app"], EnvironmentId=hosted["env"], DeploymentNumber=1
    )
    assert got["ConfigurationVersion"] == v1
    listed = appconfig.list_deployments(ApplicationId=hosted["app"], EnvironmentId=hosted["env"])["Items"]
    assert [(d["DeploymentNumber"], d["ConfigurationVersion"]) for d in listed] == [(2, v2), (1, v1)]

    with pytest.raises(ClientError) as missing:
        appconfig.get_deployment(ApplicationId=hosted["app"], EnvironmentId=hosted["env"], DeploymentNumber=3)
    assert error_of(missing) == ("ResourceNotFoundException", 404)
    with pytest.raises(ClientError) as done:
        appconfig.stop_deployment(
            ApplicationId=hosted["app"], EnvironmentId=hosted["env"], DeploymentNumber=2
        )
    assert error_of(done) == ("BadRequestException", 400)


def test_deployment_refuses_content_the_json_schema_rejects(appconfig, hosted):
    bad = _version(appconfig, hosted, {"fleet": []})
    with pytest.raises(ClientError) as rejected:
        _deploy(appconfig, hosted, bad)
    assert error_of(rejected) == ("BadRequestException", 400)
    response = rejected.value.response
    assert response["Reason"] == "InvalidConfiguration"
    (problem,) = response["Details"]["InvalidConfiguration"]
    assert problem["Type"] == "JSON_SCHEMA" and "agents" in problem["Reason"]
    assert appconfig.list_deployments(ApplicationId=hosted["app"], EnvironmentId=hosted["env"])["Items"] == []

    with pytest.raises(ClientError) as no_version:
        _deploy(appconfig, hosted, "42")
    assert error_of(no_version) == ("ResourceNotFoundException", 404)
    with pytest.raises(ClientError) as no_strategy:
        _deploy(appconfig, hosted, _version(appconfig, hosted, {"agents": {}}), strategy="abcd123")
    assert error_of(no_strategy) == ("ResourceNotFoundException", 404)


def test_appconfigdata_serves_the_latest_deployment_once_per_change(ext_aws, appconfig, hosted):
    data = ext_aws("appconfigdata")
    token = data.start_configuration_session(
        ApplicationIdentifier="fleet", EnvironmentIdentifier="prod", ConfigurationProfileIdentifier="agents"
    )["InitialConfigurationToken"]
    with pytest.raises(ClientError) as nothing_deployed:
        data.get_latest_configuration(ConfigurationToken=token)
    assert error_of(nothing_deployed) == ("ResourceNotFoundException", 404)

    _deploy(appconfig, hosted, _version(appconfig, hosted, {"agents": {"a": {"tier": 1}}}))
    first = data.get_latest_configuration(ConfigurationToken=token)
    assert json.loads(first["Configuration"].read()) == {"agents": {"a": {"tier": 1}}}
    assert first["ContentType"] == "application/json" and first["NextPollIntervalInSeconds"] == 60
    assert first["VersionLabel"].startswith("v-")

    unchanged = data.get_latest_configuration(ConfigurationToken=first["NextPollConfigurationToken"])
    assert unchanged["Configuration"].read() == b""

    with pytest.raises(ClientError) as reused:
        data.get_latest_configuration(ConfigurationToken=first["NextPollConfigurationToken"])
    assert error_of(reused) == ("BadRequestException", 400)

    _deploy(appconfig, hosted, _version(appconfig, hosted, {"agents": {"a": {"tier": 3}}}))
    changed = data.get_latest_configuration(ConfigurationToken=unchanged["NextPollConfigurationToken"])
    assert json.loads(changed["Configuration"].read()) == {"agents": {"a": {"tier": 3}}}

    by_id = data.start_configuration_session(
        ApplicationIdentifier=hosted["app"],
        EnvironmentIdentifier=hosted["env"],
        ConfigurationProfileIdentifier=hosted["profile"],
        RequiredMinimumPollIntervalInSeconds=30,
    )["InitialConfigurationToken"]
    latest = data.get_latest_configuration(ConfigurationToken=by_id)
    assert json.loads(latest["Configuration"].read()) == {"agents": {"a": {"tier": 3}}}
    assert latest["NextPollIntervalInSeconds"] == 30


def test_appconfigdata_session_needs_existing_resources(ext_aws, hosted):
    data = ext_aws("appconfigdata")
    for application, environment, profile, kind in (
        ("nope", "prod", "agents", "Application"),
        ("fleet", "nope", "agents", "Environment"),
        ("fleet", "prod", "nope", "ConfigurationProfile"),
    ):
        with pytest.raises(ClientError) as missing:
            data.start_configuration_session(
                ApplicationIdentifier=application,
                EnvironmentIdentifier=environment,
                ConfigurationProfileIdentifier=profile,
            )
        assert error_of(missing) == ("ResourceNotFoundException", 404)
        assert missing.value.response["ResourceType"] == kind


def test_list_applications_and_hosted_versions(appconfig, hosted):
    appconfig.create_application(Name="second")
    page = appconfig.list_applications(MaxResults=1)
    rest = appconfig.list_applications(NextToken=page["NextToken"])
    assert [a["Name"] for a in page["Items"] + rest["Items"]] == ["fleet", "second"]
    for tier in (1, 2, 3):
        _version(appconfig, hosted, {"agents": {"a": {"tier": tier}}})
    versions = appconfig.list_hosted_configuration_versions(
        ApplicationId=hosted["app"], ConfigurationProfileId=hosted["profile"]
    )["Items"]
    assert [v["VersionNumber"] for v in versions] == [3, 2, 1]
    assert {v["ContentType"] for v in versions} == {"application/json"}


def test_reset_clears_extension_state(ext_emulator, appconfig):
    strategy = appconfig.create_deployment_strategy(
        Name="gone", DeploymentDurationInMinutes=0, GrowthFactor=100
    )
    ext_emulator.reset()
    ids = [s["Id"] for s in appconfig.list_deployment_strategies()["Items"]]
    assert strategy["Id"] not in ids and "AppConfig.AllAtOnce" in ids
