"""AppConfig environments, deployment strategies and deployments, and the AppConfigData data plane.

moto (5.2) serves AppConfig applications, configuration profiles and hosted configuration versions;
this module adds, on the same ``appconfig`` Flask app (AppConfigData is signed as ``appconfig`` too,
so its requests reach that app):

* ``CreateEnvironment``, ``GetEnvironment``, ``UpdateEnvironment``, ``DeleteEnvironment``,
  ``ListEnvironments``;
* ``CreateDeploymentStrategy``, ``GetDeploymentStrategy``, ``UpdateDeploymentStrategy``,
  ``DeleteDeploymentStrategy``, ``ListDeploymentStrategies`` (with AWS's four predefined
  ``AppConfig.*`` strategies, which cannot be changed or deleted);
* ``StartDeployment``, ``GetDeployment``, ``ListDeployments``, ``StopDeployment``;
* ``appconfigdata`` ``StartConfigurationSession`` and ``GetLatestConfiguration``;
* ``ListApplications`` and ``ListHostedConfigurationVersions``, which moto routes but does not
  implement (served by a subclass of moto's ``AppConfigResponse``, so its other operations keep
  running moto's code).

A deployment completes at once (``State`` ``COMPLETE``, 100 %), whatever the strategy says. Before
it does, the content is checked against the profile's ``JSON_SCHEMA`` validators, and a violation is
the real ``BadRequestException`` (``Reason`` ``InvalidConfiguration``); ``LAMBDA`` validators are
accepted and not run. Only hosted configurations (``LocationUri`` ``hosted``) can be deployed.

``GetLatestConfiguration`` serves the content of the hosted version most recently deployed to the
session's environment for its profile (a copy taken at deployment, as AppConfig does), and an empty
body when the session already has that version, which is how the SDKs and Powertools see "no change".
Tokens are single use, as documented; ``RequiredMinimumPollIntervalInSeconds`` is echoed as the next
poll interval but not enforced.

Tags on environments, strategies and deployments live in moto's AppConfig tagger, so moto's own
``ListTagsForResource``/``TagResource``/``UntagResource`` routes serve them.
"""

from __future__ import annotations

import json
from collections.abc import Iterable
from dataclasses import dataclass, field
from datetime import datetime
from typing import Any
from urllib.parse import unquote

import jsonschema
from moto.appconfig import urls as appconfig_urls
from moto.appconfig.models import AppConfigBackend, Application, ConfigurationProfile, appconfig_backends
from moto.appconfig.responses import AppConfigResponse
from moto.core.base_backend import BackendDict, BaseBackend
from moto.core.responses import ActionResult, BaseResponse, EmptyResult
from moto.core.utils import utcnow
from moto.moto_api._internal import mock_random
from moto.utilities.utils import get_partition

from ._common import ServiceError, add_routes, paginate, replace_route

PREDEFINED_STRATEGIES: dict[str, dict[str, Any]] = {
    # Id (= Name): duration minutes, growth factor, growth type, final bake minutes (AWS's values).
    "AppConfig.AllAtOnce": {"duration": 0, "growth": 100.0, "type": "LINEAR", "bake": 10},
    "AppConfig.Linear50PercentEvery30Seconds": {"duration": 1, "growth": 50.0, "type": "LINEAR", "bake": 1},
    "AppConfig.Canary10Percent20Minutes": {"duration": 20, "growth": 10.0, "type": "EXPONENTIAL", "bake": 10},
    "AppConfig.Linear20PercentEvery6Minutes": {"duration": 30, "growth": 20.0, "type": "LINEAR", "bake": 30},
}
DEFAULT_POLL_SECONDS = 60


def not_found(what: str, ident: str) -> ServiceError:
    return ServiceError("ResourceNotFoundException", f"{what} {ident} not found", ResourceName=ident)


def bad_request(message: str, **fields: Any) -> ServiceError:
    return ServiceError("BadRequestException", message, **fields)


@dataclass
class Environment:
    application_id: str
    name: str
    description: str | None
    monitors: list[dict[str, str]]
    arn: str
    id: str = field(default_factory=lambda: mock_random.get_random_hex(7))
    state: str = "READY_FOR_DEPLOYMENT"

    def to_dict(self) -> dict[str, Any]:
        return {
            "ApplicationId": self.application_id,
            "Id": self.id,
            "Name": self.name,
            "Description": self.description,
            "State": self.state,
            "Monitors": self.monitors,
        }


@dataclass
class DeploymentStrategy:
    id: str
    name: str
    description: str | None
    deployment_duration_in_minutes: int
    growth_factor: float
    growth_type: str
    final_bake_time_in_minutes: int
    replicate_to: str
    arn: str
    predefined: bool = False

    def to_dict(self) -> dict[str, Any]:
        return {
            "Id": self.id,
            "Name": self.name,
            "Description": self.description,
            "DeploymentDurationInMinutes": self.deployment_duration_in_minutes,
            "GrowthType": self.growth_type,
            "GrowthFactor": self.growth_factor,
            "FinalBakeTimeInMinutes": self.final_bake_time_in_minutes,
            "ReplicateTo": self.replicate_to,
        }


@dataclass
class Deployment:
    application_id: str
    environment_id: str
    number: int
    strategy: DeploymentStrategy
    profile: ConfigurationProfile
    configuration_version: str
    description: str | None
    content: bytes
    content_type: str | None
    version_label: str | None
    kms_key_identifier: str | None
    arn: str
    started_at: datetime = field(default_factory=utcnow)
    state: str = "COMPLETE"

    def __post_init__(self) -> None:
        self.completed_at = self.started_at
        self.event_log = [
            {
                "EventType": "DEPLOYMENT_COMPLETED",
                "TriggeredBy": "APPCONFIG",
                "Description": "Deployment completed",
                "OccurredAt": self.completed_at,
            },
            {
                "EventType": "DEPLOYMENT_STARTED",
                "TriggeredBy": "USER",
                "Description": "Deployment started",
                "OccurredAt": self.started_at,
            },
        ]

    def summary(self) -> dict[str, Any]:
        return {
            "DeploymentNumber": self.number,
            "ConfigurationProfileId": self.profile.id,
            "ConfigurationName": self.profile.name,
            "ConfigurationVersion": self.configuration_version,
            "DeploymentDurationInMinutes": self.strategy.deployment_duration_in_minutes,
            "GrowthType": self.strategy.growth_type,
            "GrowthFactor": self.strategy.growth_factor,
            "FinalBakeTimeInMinutes": self.strategy.final_bake_time_in_minutes,
            "State": self.state,
            "PercentageComplete": 100.0,
            "StartedAt": self.started_at,
            "CompletedAt": self.completed_at,
            "VersionLabel": self.version_label,
            "Type": "USER",
        }

    def to_dict(self) -> dict[str, Any]:
        result = self.summary()
        del result["Type"]
        result.update(
            {
                "ApplicationId": self.application_id,
                "EnvironmentId": self.environment_id,
                "DeploymentStrategyId": self.strategy.id,
                "ConfigurationLocationUri": self.profile.location_uri,
                "Description": self.description,
                "EventLog": self.event_log,
                "AppliedExtensions": [],
                "KmsKeyIdentifier": self.kms_key_identifier,
            }
        )
        return result


@dataclass
class Session:
    application_id: str
    environment_id: str
    profile_id: str
    poll_seconds: int
    served_deployment: int | None = None


class AppConfigExtBackend(BaseBackend):
    """Environments, strategies, deployments and configuration sessions of one account and region."""

    def __init__(self, region_name: str, account_id: str):
        super().__init__(region_name, account_id)
        self.environments: dict[str, dict[str, Environment]] = {}  # application id -> env id -> env
        self.strategies: dict[str, DeploymentStrategy] = {}
        self.deployments: dict[tuple[str, str], list[Deployment]] = {}  # (app id, env id) -> oldest first
        self.sessions: dict[str, Session] = {}  # live token -> session

    # -- helpers ----------------------------------------------------------------------------------
    @property
    def core(self) -> AppConfigBackend:
        """moto's own AppConfig backend (applications, profiles, hosted versions, tags)."""
        return appconfig_backends[self.account_id][self.region_name]

    def _arn(self, resource: str) -> str:
        return (
            f"arn:{get_partition(self.region_name)}:appconfig:{self.region_name}:{self.account_id}:{resource}"
        )

    def _application(self, application_id: str) -> Application:
        app = self.core.applications.get(application_id)
        if app is None:
            raise not_found("Application", application_id)
        return app

    def _tag(self, arn: str, tags: dict[str, str] | None) -> None:
        if tags:
            self.core.tag_resource(arn, tags)

    # -- environments -----------------------------------------------------------------------------
    def create_environment(
        self,
        application_id: str,
        name: str,
        description: str | None,
        monitors: list[dict[str, str]] | None,
        tags: dict[str, str] | None,
    ) -> Environment:
        self._application(application_id)
        env = Environment(application_id, name, description, monitors or [], arn="")
        env.arn = self._arn(f"application/{application_id}/environment/{env.id}")
        self.environments.setdefault(application_id, {})[env.id] = env
        self._tag(env.arn, tags)
        return env

    def get_environment(self, application_id: str, environment_id: str) -> Environment:
        self._application(application_id)
        env = self.environments.get(application_id, {}).get(environment_id)
        if env is None:
            raise not_found("Environment", environment_id)
        return env

    def update_environment(
        self,
        application_id: str,
        environment_id: str,
        name: str | None,
        description: str | None,
        monitors: list[dict[str, str]] | None,
    ) -> Environment:
        env = self.get_environment(application_id, environment_id)
        if name is not None:
            env.name = name
        if description is not None:
            env.description = description
        if monitors is not None:
            env.monitors = monitors
        return env

    def delete_environment(self, application_id: str, environment_id: str) -> None:
        env = self.get_environment(application_id, environment_id)
        del self.environments[application_id][environment_id]
        deployments = self.deployments.pop((application_id, environment_id), [])
        for arn in [env.arn, *(d.arn for d in deployments)]:
            self.core.tagger.delete_all_tags_for_resource(arn)

    def list_environments(self, application_id: str) -> list[Environment]:
        self._application(application_id)
        return list(self.environments.get(application_id, {}).values())

    # -- deployment strategies --------------------------------------------------------------------
    def _predefined(self, strategy_id: str) -> DeploymentStrategy | None:
        spec = PREDEFINED_STRATEGIES.get(strategy_id)
        if spec is None:
            return None
        return DeploymentStrategy(
            id=strategy_id,
            name=strategy_id,
            description=None,
            deployment_duration_in_minutes=spec["duration"],
            growth_factor=spec["growth"],
            growth_type=spec["type"],
            final_bake_time_in_minutes=spec["bake"],
            replicate_to="NONE",
            arn=self._arn(f"deploymentstrategy/{strategy_id}"),
            predefined=True,
        )

    def create_deployment_strategy(
        self,
        name: str,
        description: str | None,
        deployment_duration_in_minutes: int,
        final_bake_time_in_minutes: int | None,
        growth_factor: float,
        growth_type: str | None,
        replicate_to: str | None,
        tags: dict[str, str] | None,
    ) -> DeploymentStrategy:
        if not 1.0 <= growth_factor <= 100.0:
            raise bad_request(f"GrowthFactor must be between 1.0 and 100.0, got {growth_factor}")
        strategy_id = mock_random.get_random_hex(7)
        strategy = DeploymentStrategy(
            id=strategy_id,
            name=name,
            description=description,
            deployment_duration_in_minutes=deployment_duration_in_minutes,
            growth_factor=growth_factor,
            growth_type=growth_type or "LINEAR",
            final_bake_time_in_minutes=final_bake_time_in_minutes or 0,
            replicate_to=replicate_to or "NONE",
            arn=self._arn(f"deploymentstrategy/{strategy_id}"),
        )
        self.strategies[strategy_id] = strategy
        self._tag(strategy.arn, tags)
        return strategy

    def get_deployment_strategy(self, strategy_id: str) -> DeploymentStrategy:
        strategy = self.strategies.get(strategy_id) or self._predefined(strategy_id)
        if strategy is None:
            raise not_found("Deployment strategy", strategy_id)
        return strategy

    def update_deployment_strategy(
        self,
        strategy_id: str,
        description: str | None,
        deployment_duration_in_minutes: int | None,
        final_bake_time_in_minutes: int | None,
        growth_factor: float | None,
        growth_type: str | None,
    ) -> DeploymentStrategy:
        strategy = self.get_deployment_strategy(strategy_id)
        if strategy.predefined:
            raise bad_request(f"Predefined deployment strategy {strategy_id} cannot be modified")
        if growth_factor is not None and not 1.0 <= growth_factor <= 100.0:
            raise bad_request(f"GrowthFactor must be between 1.0 and 100.0, got {growth_factor}")
        if description is not None:
            strategy.description = description
        if deployment_duration_in_minutes is not None:
            strategy.deployment_duration_in_minutes = deployment_duration_in_minutes
        if final_bake_time_in_minutes is not None:
            strategy.final_bake_time_in_minutes = final_bake_time_in_minutes
        if growth_factor is not None:
            strategy.growth_factor = growth_factor
        if growth_type is not None:
            strategy.growth_type = growth_type
        return strategy

    def delete_deployment_strategy(self, strategy_id: str) -> None:
        strategy = self.get_deployment_strategy(strategy_id)
        if strategy.predefined:
            raise bad_request(f"Predefined deployment strategy {strategy_id} cannot be deleted")
        del self.strategies[strategy_id]
        self.core.tagger.delete_all_tags_for_resource(strategy.arn)

    def list_deployment_strategies(self) -> list[DeploymentStrategy]:
        predefined = [self._predefined(sid) for sid in PREDEFINED_STRATEGIES]
        return [s for s in predefined if s is not None] + list(self.strategies.values())

    # -- deployments ------------------------------------------------------------------------------
    def _profile(self, application_id: str, profile_id: str) -> ConfigurationProfile:
        profile = self._application(application_id).config_profiles.get(profile_id)
        if profile is None:
            raise not_found("Configuration profile", profile_id)
        return profile

    def start_deployment(
        self,
        application_id: str,
        environment_id: str,
        strategy_id: str,
        profile_id: str,
        configuration_version: str,
        description: str | None,
        kms_key_identifier: str | None,
        tags: dict[str, str] | None,
    ) -> Deployment:
        env = self.get_environment(application_id, environment_id)
        strategy = self.get_deployment_strategy(strategy_id)
        profile = self._profile(application_id, profile_id)
        if profile.location_uri != "hosted":
            raise bad_request(
                f"the emulator deploys hosted configurations only; profile {profile_id} has "
                f"LocationUri {profile.location_uri!r}"
            )
        try:
            version = profile.config_versions[int(configuration_version)]
        except (ValueError, KeyError):
            raise not_found("Hosted configuration version", configuration_version) from None
        content = version.content.encode() if isinstance(version.content, str) else bytes(version.content)
        _validate(profile, content)
        key = (application_id, env.id)
        history = self.deployments.setdefault(key, [])
        number = len(history) + 1
        deployment = Deployment(
            application_id=application_id,
            environment_id=env.id,
            number=number,
            strategy=strategy,
            profile=profile,
            configuration_version=configuration_version,
            description=description,
            content=content,
            content_type=version.content_type,
            version_label=version.version_label,
            kms_key_identifier=kms_key_identifier,
            arn=self._arn(f"application/{application_id}/environment/{env.id}/deployment/{number}"),
        )
        history.append(deployment)
        env.state = "READY_FOR_DEPLOYMENT"
        self._tag(deployment.arn, tags)
        return deployment

    def get_deployment(self, application_id: str, environment_id: str, number: int) -> Deployment:
        env = self.get_environment(application_id, environment_id)
        history = self.deployments.get((application_id, env.id), [])
        if not 1 <= number <= len(history):
            raise not_found("Deployment", str(number))
        return history[number - 1]

    def list_deployments(self, application_id: str, environment_id: str) -> list[Deployment]:
        env = self.get_environment(application_id, environment_id)
        return list(reversed(self.deployments.get((application_id, env.id), [])))

    def stop_deployment(self, application_id: str, environment_id: str, number: int) -> Deployment:
        deployment = self.get_deployment(application_id, environment_id, number)
        if deployment.state == "COMPLETE":
            raise bad_request(f"Deployment {number} has already completed and cannot be stopped")
        return deployment

    # -- AppConfigData ----------------------------------------------------------------------------
    def start_configuration_session(
        self, application: str, environment: str, profile: str, poll_seconds: int | None
    ) -> str:
        app = _by_id_or_name(self.core.applications.values(), application)
        if app is None:
            raise not_found_data("Application", application)
        env = _by_id_or_name(self.environments.get(app.id, {}).values(), environment)
        if env is None:
            raise not_found_data("Environment", environment)
        prof = _by_id_or_name(app.config_profiles.values(), profile)
        if prof is None:
            raise not_found_data("ConfigurationProfile", profile)
        session = Session(app.id, env.id, prof.id, poll_seconds or DEFAULT_POLL_SECONDS)
        return self._issue_token(session)

    def _issue_token(self, session: Session) -> str:
        token = mock_random.get_random_string(length=64)
        self.sessions[token] = session
        return token

    def get_latest_configuration(self, token: str) -> tuple[Session, str, Deployment, bool]:
        """The session, its next token, the deployment it sees, and whether that one is new to it."""
        session = self.sessions.pop(token, None)
        if session is None:
            raise ServiceError(
                "BadRequestException",
                "Token has already been used, expired or is not valid",
                Reason="InvalidParameters",
                Details={"InvalidParameters": {"ConfigurationToken": {"Problem": "Expired"}}},
            )
        history = self.deployments.get((session.application_id, session.environment_id), [])
        deployed = [d for d in history if d.profile.id == session.profile_id]
        if not deployed:
            self.sessions[token] = session  # nothing served: the caller may poll again with this token
            raise not_found_data("Deployment", session.profile_id)
        latest = deployed[-1]
        is_new = session.served_deployment != latest.number
        session.served_deployment = latest.number
        return session, self._issue_token(session), latest, is_new


def not_found_data(resource_type: str, ident: str) -> ServiceError:
    return ServiceError(
        "ResourceNotFoundException", f"{resource_type} {ident} not found", ResourceType=resource_type
    )


def _by_id_or_name(items: Iterable[Any], ident: str) -> Any:
    items = list(items)
    return next((i for i in items if i.id == ident), None) or next(
        (i for i in items if i.name == ident), None
    )


def _validate(profile: ConfigurationProfile, content: bytes) -> None:
    """Run the profile's JSON_SCHEMA validators over ``content`` (LAMBDA validators are not run)."""
    for validator in profile.validators or []:
        if validator.get("Type") != "JSON_SCHEMA":
            continue
        schema = json.loads(validator["Content"])
        problems: list[dict[str, str]] = []
        try:
            document = json.loads(content)
        except ValueError as exc:
            problems.append({"Type": "JSON_SCHEMA", "Location": "$", "Reason": f"not JSON: {exc}"})
        else:
            for error in jsonschema.Draft4Validator(schema).iter_errors(document):
                problems.append(
                    {
                        "Type": "JSON_SCHEMA",
                        "Constraint": str(error.validator),
                        "Location": "$" + "".join(f"[{p!r}]" for p in error.absolute_path),
                        "Reason": error.message,
                        "Value": json.dumps(error.instance)[:1024],
                    }
                )
        if problems:
            raise bad_request(
                "Configuration failed validation against the profile's JSON schema",
                Reason="InvalidConfiguration",
                Details={"InvalidConfiguration": problems},
            )


appconfig_ext_backends = BackendDict(AppConfigExtBackend, "appconfig")


class AppConfigExtResponse(BaseResponse):
    """The AppConfig operations moto lacks (routes registered by ``register``)."""

    def __init__(self) -> None:
        super().__init__(service_name="appconfig")
        self.automated_parameter_parsing = True

    @property
    def backend(self) -> AppConfigExtBackend:
        return appconfig_ext_backends[self.current_account][self.region]

    def create_environment(self) -> ActionResult:
        env = self.backend.create_environment(
            application_id=self._get_param("ApplicationId"),
            name=self._get_param("Name"),
            description=self._get_param("Description"),
            monitors=self._get_param("Monitors"),
            tags=self._get_param("Tags"),
        )
        return ActionResult(env.to_dict())

    def get_environment(self) -> ActionResult:
        env = self.backend.get_environment(self._get_param("ApplicationId"), self._get_param("EnvironmentId"))
        return ActionResult(env.to_dict())

    def update_environment(self) -> ActionResult:
        env = self.backend.update_environment(
            application_id=self._get_param("ApplicationId"),
            environment_id=self._get_param("EnvironmentId"),
            name=self._get_param("Name"),
            description=self._get_param("Description"),
            monitors=self._get_param("Monitors"),
        )
        return ActionResult(env.to_dict())

    def delete_environment(self) -> ActionResult:
        self.backend.delete_environment(self._get_param("ApplicationId"), self._get_param("EnvironmentId"))
        return EmptyResult()

    def list_environments(self) -> ActionResult:
        envs, token = paginate(
            self.backend.list_environments(self._get_param("ApplicationId")),
            self._get_param("NextToken"),
            self._get_param("MaxResults"),
            default=50,
            limit=50,
            error=bad_request,
        )
        return ActionResult({"Items": [e.to_dict() for e in envs], "NextToken": token})

    def create_deployment_strategy(self) -> ActionResult:
        strategy = self.backend.create_deployment_strategy(
            name=self._get_param("Name"),
            description=self._get_param("Description"),
            deployment_duration_in_minutes=self._get_param("DeploymentDurationInMinutes"),
            final_bake_time_in_minutes=self._get_param("FinalBakeTimeInMinutes"),
            growth_factor=self._get_param("GrowthFactor"),
            growth_type=self._get_param("GrowthType"),
            replicate_to=self._get_param("ReplicateTo"),
            tags=self._get_param("Tags"),
        )
        return ActionResult(strategy.to_dict())

    def get_deployment_strategy(self) -> ActionResult:
        return ActionResult(
            self.backend.get_deployment_strategy(self._get_param("DeploymentStrategyId")).to_dict()
        )

    def update_deployment_strategy(self) -> ActionResult:
        strategy = self.backend.update_deployment_strategy(
            strategy_id=self._get_param("DeploymentStrategyId"),
            description=self._get_param("Description"),
            deployment_duration_in_minutes=self._get_param("DeploymentDurationInMinutes"),
            final_bake_time_in_minutes=self._get_param("FinalBakeTimeInMinutes"),
            growth_factor=self._get_param("GrowthFactor"),
            growth_type=self._get_param("GrowthType"),
        )
        return ActionResult(strategy.to_dict())

    def delete_deployment_strategy(self) -> ActionResult:
        self.backend.delete_deployment_strategy(self._get_param("DeploymentStrategyId"))
        return EmptyResult()

    def list_deployment_strategies(self) -> ActionResult:
        strategies, token = paginate(
            self.backend.list_deployment_strategies(),
            self._get_param("NextToken"),
            self._get_param("MaxResults"),
            default=50,
            limit=50,
            error=bad_request,
        )
        return ActionResult({"Items": [s.to_dict() for s in strategies], "NextToken": token})

    def start_deployment(self) -> ActionResult:
        deployment = self.backend.start_deployment(
            application_id=self._get_param("ApplicationId"),
            environment_id=self._get_param("EnvironmentId"),
            strategy_id=self._get_param("DeploymentStrategyId"),
            profile_id=self._get_param("ConfigurationProfileId"),
            configuration_version=self._get_param("ConfigurationVersion"),
            description=self._get_param("Description"),
            kms_key_identifier=self._get_param("KmsKeyIdentifier"),
            tags=self._get_param("Tags"),
        )
        return ActionResult(deployment.to_dict())

    def get_deployment(self) -> ActionResult:
        deployment = self.backend.get_deployment(
            self._get_param("ApplicationId"),
            self._get_param("EnvironmentId"),
            int(self._get_param("DeploymentNumber")),
        )
        return ActionResult(deployment.to_dict())

    def list_deployments(self) -> ActionResult:
        deployments, token = paginate(
            self.backend.list_deployments(self._get_param("ApplicationId"), self._get_param("EnvironmentId")),
            self._get_param("NextToken"),
            self._get_param("MaxResults"),
            default=50,
            limit=50,
            error=bad_request,
        )
        return ActionResult({"Items": [d.summary() for d in deployments], "NextToken": token})

    def stop_deployment(self) -> ActionResult:
        deployment = self.backend.stop_deployment(
            self._get_param("ApplicationId"),
            self._get_param("EnvironmentId"),
            int(self._get_param("DeploymentNumber")),
        )
        return ActionResult(deployment.to_dict())


class AppConfigDataResponse(BaseResponse):
    """``appconfigdata``: configuration sessions over the deployments above."""

    def __init__(self) -> None:
        super().__init__(service_name="appconfigdata")
        self.automated_parameter_parsing = True

    @property
    def backend(self) -> AppConfigExtBackend:
        return appconfig_ext_backends[self.current_account][self.region]

    def start_configuration_session(self) -> ActionResult:
        token = self.backend.start_configuration_session(
            application=self._get_param("ApplicationIdentifier"),
            environment=self._get_param("EnvironmentIdentifier"),
            profile=self._get_param("ConfigurationProfileIdentifier"),
            poll_seconds=self._get_param("RequiredMinimumPollIntervalInSeconds"),
        )
        return ActionResult({"InitialConfigurationToken": token})

    def get_latest_configuration(self) -> ActionResult:
        session, next_token, deployment, is_new = self.backend.get_latest_configuration(
            self._get_param("ConfigurationToken")
        )
        result: dict[str, Any] = {
            "NextPollConfigurationToken": next_token,
            "NextPollIntervalInSeconds": session.poll_seconds,
            "Configuration": deployment.content if is_new else b"",
        }
        if is_new:
            result["ContentType"] = deployment.content_type or "application/octet-stream"
            if deployment.version_label:
                result["VersionLabel"] = deployment.version_label
        return ActionResult(result)


class AppConfigCoreExtResponse(AppConfigResponse):
    """moto's AppConfig handler plus the two list operations it routes but lacks."""

    def _page_params(self) -> tuple[str | None, int | None]:
        token = self._get_param("next_token")
        size = self._get_param("max_results")
        try:
            return token, None if size is None else int(size)
        except ValueError:
            raise bad_request(f"max_results must be a number, got {size!r}") from None

    def list_applications(self) -> ActionResult:
        token, size = self._page_params()
        apps, next_token = paginate(
            list(self.appconfig_backend.applications.values()),
            token,
            size,
            default=50,
            limit=50,
            error=bad_request,
        )
        return ActionResult({"Items": [a.to_json() for a in apps], "NextToken": next_token})

    def list_hosted_configuration_versions(self) -> ActionResult:
        app_id = unquote(self.path.split("/applications/")[1].split("/")[0])
        profile_id = unquote(self.path.split("/configurationprofiles/")[1].split("/")[0])
        app = self.appconfig_backend.applications.get(app_id)
        if app is None:
            raise not_found("Application", app_id)
        profile = app.config_profiles.get(profile_id)
        if profile is None:
            raise not_found("Configuration profile", profile_id)
        label = self._get_param("version_label")
        versions = [
            v
            for _, v in sorted(profile.config_versions.items(), reverse=True)
            if label is None or v.version_label == label
        ]
        token, size = self._page_params()
        page, next_token = paginate(versions, token, size, default=50, limit=50, error=bad_request)
        items = [
            {
                "ApplicationId": v.app_id,
                "ConfigurationProfileId": v.config_id,
                "VersionNumber": v.version,
                "Description": v.description,
                "ContentType": v.content_type,
                "VersionLabel": v.version_label,
            }
            for v in page
        ]
        return ActionResult({"Items": items, "NextToken": next_token})


def register() -> None:
    """Serve the operations above from moto's ``appconfig`` app."""
    core = AppConfigCoreExtResponse.dispatch
    hosted = "{0}/applications/(?P<app_id>[^/]+)/configurationprofiles/(?P<config_profile_id>[^/]+)/hostedconfigurationversions$"
    replace_route(appconfig_urls, "{0}/applications$", AppConfigResponse.dispatch, core)
    replace_route(appconfig_urls, hosted, AppConfigResponse.dispatch, core)
    ext = AppConfigExtResponse.dispatch
    data = AppConfigDataResponse.dispatch
    app = "{0}/applications/(?P<ApplicationId>[^/]+)"
    env = app + "/environments/(?P<EnvironmentId>[^/]+)"
    add_routes(
        appconfig_urls,
        {
            app + "/environments$": ext,
            env + "$": ext,
            env + "/deployments$": ext,
            env + "/deployments/(?P<DeploymentNumber>[^/]+)$": ext,
            "{0}/deploymentstrategies$": ext,
            "{0}/deploymentstrategies/(?P<DeploymentStrategyId>[^/]+)$": ext,
            # DeleteDeploymentStrategy's path is spelled this way in the AWS API.
            "{0}/deployementstrategies/(?P<DeploymentStrategyId>[^/]+)$": ext,
            "{0}/configurationsessions$": data,
            "{0}/configuration$": data,
        },
    )
