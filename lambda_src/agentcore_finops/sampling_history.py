"""How long each agent's trace sampling has been at 1.0: the deployed sampling documents and their dates.

modules/sampling-profiles deploys the sampling document (``sampling.py``) as AppConfig hosted
configuration, profile ``trace-sampling``, to one or more environments. The document lists every agent
with its rate (an override, else its tier's override, else the fleet's rate), so an override at 1.0 is
an agent whose deployed rate is 1.0 while its configured ``trace_sample_rate`` (the agent-config table)
is lower. Its age is read from the environment's deployment history (``ListDeployments``, newest
first): the completion date of the oldest deployment of the unbroken run of completed deployments whose
document has the agent at 1.0. A version that can no longer be read (Terraform deletes the replaced
hosted version) ends the run, so the age is a lower bound ("at least"), never an overstatement.

Read-only: ListConfigurationProfiles, ListEnvironments, ListDeployments, GetHostedConfigurationVersion.
"""

from __future__ import annotations

import datetime as dt
import json
from collections.abc import Callable, Iterable
from dataclasses import dataclass
from typing import Any

from botocore.exceptions import BotoCoreError, ClientError

from . import sampling
from .errors import FieldError

PROFILE_NAME = "trace-sampling"  # modules/sampling-profiles' configuration profile

ACTIONS = {
    "list_configuration_profiles": "appconfig:ListConfigurationProfiles",
    "list_environments": "appconfig:ListEnvironments",
    "list_deployments": "appconfig:ListDeployments",
    "get_hosted_configuration_version": "appconfig:GetHostedConfigurationVersion",
}

DENIED = ("AccessDenied", "AccessDeniedException", "UnauthorizedOperation")


class SamplingReadError(Exception):
    """The sampling history could not be read; the message says why (and the IAM action if denied)."""


@dataclass(frozen=True)
class Override:
    """An agent at 1.0 in an environment's deployed document."""

    agent_id: str
    environment: str  # the environment's name
    rate: float  # 1.0
    since: dt.datetime  # completion of the oldest deployment of the run at 1.0 that could be read
    configuration_version: str  # the deployed hosted configuration version
    history_complete: bool  # False: an older version was unreadable or the history ended at 1.0

    def age_days(self, now: dt.datetime) -> float:
        return (now - self.since).total_seconds() / 86400


def _error(name: str, exc: Exception) -> SamplingReadError:
    code = exc.response.get("Error", {}).get("Code", "") if isinstance(exc, ClientError) else ""
    if code in DENIED:
        return SamplingReadError(
            f"{name}: access denied; the role needs {ACTIONS[name]} (see docs/usage.md, IAM)"
        )
    return SamplingReadError(f"{name} failed: {exc}")


def _call(name: str, fn: Callable[..., Any], **kwargs: Any) -> Any:
    try:
        return fn(**kwargs)
    except (ClientError, BotoCoreError) as exc:
        raise _error(name, exc) from exc


def _pages(client: Any, op: str, **kwargs: Any) -> Iterable[dict[str, Any]]:
    while True:
        page = _call(op, getattr(client, op), **kwargs)
        yield from page.get("Items", [])
        token = page.get("NextToken")
        if not token:
            return
        kwargs["NextToken"] = token


def _document(appconfig: Any, application_id: str, profile_id: str, version: str) -> dict[str, float] | None:
    """The agents' rates of one hosted version; None when the version no longer exists."""
    try:
        answer = appconfig.get_hosted_configuration_version(
            ApplicationId=application_id, ConfigurationProfileId=profile_id, VersionNumber=int(version)
        )
    except (ClientError, BotoCoreError) as exc:
        if (
            isinstance(exc, ClientError)
            and exc.response.get("Error", {}).get("Code") == "ResourceNotFoundException"
        ):
            return None
        raise _error("get_hosted_configuration_version", exc) from exc
    body = answer["Content"]
    raw = body.read() if hasattr(body, "read") else body
    try:
        profile = sampling.parse(json.loads(raw))
    except (ValueError, FieldError) as exc:
        raise SamplingReadError(
            f"hosted configuration version {version} is not a sampling document: {exc}"
        ) from exc
    return dict(profile.agents)


def read_overrides(appconfig: Any, application_id: str) -> list[Override]:
    """Every agent at 1.0 in the document deployed to each environment, with the date since when."""
    profiles = [
        p
        for p in _pages(appconfig, "list_configuration_profiles", ApplicationId=application_id)
        if p.get("Name") == PROFILE_NAME
    ]
    if not profiles:
        raise SamplingReadError(
            f"application {application_id} has no configuration profile {PROFILE_NAME!r} "
            "(give --sampling-app the root output sampling_appconfig_application_id)"
        )
    profile_id = profiles[0]["Id"]
    documents: dict[str, dict[str, float] | None] = {}

    def rates(version: str) -> dict[str, float] | None:
        if version not in documents:
            documents[version] = _document(appconfig, application_id, profile_id, version)
        return documents[version]

    found: list[Override] = []
    for env in _pages(appconfig, "list_environments", ApplicationId=application_id):
        deployments = sorted(
            (
                d
                for d in _pages(
                    appconfig, "list_deployments", ApplicationId=application_id, EnvironmentId=env["Id"]
                )
                if d.get("ConfigurationName") == PROFILE_NAME and d.get("State") == "COMPLETE"
            ),
            key=lambda d: d["DeploymentNumber"],
            reverse=True,
        )
        if not deployments:
            continue
        current = rates(str(deployments[0]["ConfigurationVersion"]))
        if current is None:
            continue  # the deployed version was deleted: nothing to read
        for agent, rate in sorted(current.items()):
            if rate < 1.0:
                continue
            since, complete = deployments[0], False
            for older in deployments[1:]:
                older_rates = rates(str(older["ConfigurationVersion"]))
                if older_rates is None:
                    break  # unreadable: the run may be longer, the age is a lower bound
                if older_rates.get(agent, 0.0) < 1.0:
                    complete = True
                    break
                since = older
            found.append(
                Override(
                    agent,
                    env.get("Name", env["Id"]),
                    rate,
                    since.get("CompletedAt") or since["StartedAt"],
                    str(deployments[0]["ConfigurationVersion"]),
                    complete,
                )
            )
    return found
