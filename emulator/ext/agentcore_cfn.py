"""CloudFormation models for ``AWS::BedrockAgentCore::{Runtime,RuntimeEndpoint,Gateway,GatewayTarget,Memory}``.

moto's CloudFormation (5.2) fails on these types; moto's ``bedrock-agentcore-control`` backend
already implements the resources. Each model here is a ``CloudFormationModel`` (moto's extension
point: its parser finds every direct subclass) that turns the resource's properties into the
control-plane API's input and calls that backend, so a stack creates objects that
``bedrock-agentcore-control`` ``get_*``/``list_*`` calls return, and deleting the stack deletes them.

Properties are converted by name (PascalCase to the API's camelCase, keys of map-valued properties
such as ``Tags``, ``EnvironmentVariables`` and JSON-schema ``Properties`` kept as written); where
the two differ in shape the model converts (Runtime ``ProtocolConfiguration: MCP`` becomes
``protocolConfiguration: {serverProtocol: MCP}``); Gateway ``WafConfiguration``, which the API does
not take, is ignored. The required properties of each type are checked; values are otherwise passed
through as moto's backend accepts them, not validated (validate templates with cfn-lint, as the
tests do).

``Ref`` and ``Fn::GetAtt`` follow the resource schemas: ``Ref`` is the primary identifier
(Runtime: ``AgentRuntimeId``; RuntimeEndpoint: ``AgentRuntimeEndpointArn``; Gateway:
``GatewayIdentifier``; GatewayTarget: ``GatewayIdentifier|TargetId``; Memory: ``MemoryArn``) and
``Fn::GetAtt`` serves the read-only properties listed in ``ATTRIBUTES`` below, timestamps as ISO
8601 strings. Updates change the resource in place through the backend's ``update_*`` call, or
replace it when a create-only property changed (as CloudFormation does); a Memory's strategies are
matched by name (added, modified or deleted). Tags given on a resource are applied to it.
"""

from __future__ import annotations

import contextlib
from collections.abc import Callable
from datetime import datetime
from typing import Any, ClassVar

from moto.bedrockagentcorecontrol.exceptions import ResourceNotFoundException
from moto.bedrockagentcorecontrol.models import (
    AgentRuntime,
    AgentRuntimeEndpoint,
    BedrockAgentCoreControlBackend,
    Gateway,
    GatewayTarget,
    Memory,
    bedrockagentcorecontrol_backends,
)
from moto.core.common_models import CloudFormationModel

from ._common import ExtensionError

# Property names whose value is a map with user-chosen keys: the keys are kept as written.
MAP_PROPERTIES = frozenset(
    {"Tags", "EnvironmentVariables", "CustomParameters", "AdvertisedScopeMapping", "Parameters", "Properties"}
)


def to_api(value: Any) -> Any:
    """CloudFormation property value -> control-plane API value (PascalCase keys -> camelCase)."""
    if isinstance(value, list):
        return [to_api(v) for v in value]
    if not isinstance(value, dict):
        return value
    converted: dict[str, Any] = {}
    for key, item in value.items():
        api_key = key[:1].lower() + key[1:]
        if key in MAP_PROPERTIES and isinstance(item, dict):
            converted[api_key] = {k: to_api(v) for k, v in item.items()}
        else:
            converted[api_key] = to_api(item)
    return converted


def _iso(moment: datetime) -> str:
    return moment.strftime("%Y-%m-%dT%H:%M:%S.%f")[:-3] + "Z"


def _backend(account_id: str, region_name: str) -> BedrockAgentCoreControlBackend:
    return bedrockagentcorecontrol_backends[account_id][region_name]


class _AgentCoreModel:
    """Shared behaviour. Each concrete type subclasses ``CloudFormationModel`` directly, which is how
    moto's CloudFormation parser finds models (``CloudFormationModel.__subclasses__()``); this mixin
    must not, or the parser would take it for a resource type."""

    TYPE: ClassVar[str]
    NAME_PROPERTY: ClassVar[str] = ""
    REQUIRED: ClassVar[tuple[str, ...]] = ()
    CREATE_ONLY: ClassVar[tuple[str, ...]] = ()
    ATTRIBUTES: ClassVar[dict[str, Callable[[Any], Any]]] = {}

    def __init__(self, backend: BedrockAgentCoreControlBackend, resource: Any, properties: dict[str, Any]):
        self.backend = backend
        self.resource = resource
        self.properties = properties

    @classmethod
    def cloudformation_type(cls) -> str:
        return cls.TYPE

    @classmethod
    def cloudformation_name_type(cls) -> str:
        return cls.NAME_PROPERTY

    @classmethod
    def has_cfn_attr(cls, attr: str) -> bool:
        return attr in cls.ATTRIBUTES

    def get_cfn_attribute(self, attribute_name: str) -> Any:
        getter = self.ATTRIBUTES.get(attribute_name)
        if getter is None:
            from moto.cloudformation.exceptions import UnformattedGetAttTemplateException

            raise UnformattedGetAttTemplateException()
        return getter(self.resource)

    @classmethod
    def _properties(cls, cloudformation_json: dict[str, Any], resource_name: str) -> dict[str, Any]:
        properties = dict(cloudformation_json.get("Properties") or {})
        if cls.NAME_PROPERTY and cls.NAME_PROPERTY not in properties:
            properties[cls.NAME_PROPERTY] = resource_name
        missing = [p for p in cls.REQUIRED if properties.get(p) in (None, "", [], {})]
        if missing:
            from moto.cloudformation.exceptions import ValidationError

            raise ValidationError(message=f"{cls.TYPE}: missing required properties: {', '.join(missing)}")
        return properties

    @classmethod
    def create_from_cloudformation_json(
        cls,
        resource_name: str,
        cloudformation_json: dict[str, Any],
        account_id: str,
        region_name: str,
        **kwargs: Any,
    ) -> _AgentCoreModel:
        properties = cls._properties(cloudformation_json, resource_name)
        backend = _backend(account_id, region_name)
        return cls(backend, cls._create(backend, properties), properties)

    @classmethod
    def update_from_cloudformation_json(
        cls,
        original_resource: _AgentCoreModel,
        new_resource_name: str,
        cloudformation_json: dict[str, Any],
        account_id: str,
        region_name: str,
    ) -> _AgentCoreModel:
        properties = cls._properties(cloudformation_json, new_resource_name)
        if any(properties.get(p) != original_resource.properties.get(p) for p in cls.CREATE_ONLY):
            replacement = cls.create_from_cloudformation_json(
                new_resource_name, cloudformation_json, account_id, region_name
            )
            original_resource.delete(account_id, region_name)
            return replacement
        original_resource._update(properties)
        original_resource.properties = properties
        return original_resource

    def delete(self, account_id: str, region_name: str) -> None:
        # Already gone with its parent (a runtime takes its endpoints, a gateway its targets): done.
        with contextlib.suppress(ResourceNotFoundException):
            self._delete()

    @classmethod
    def delete_from_cloudformation_json(
        cls, resource_name: str, cloudformation_json: dict[str, Any], account_id: str, region_name: str
    ) -> None:
        raise NotImplementedError(f"{cls.TYPE} is deleted through its model instance")

    def is_created(self) -> bool:
        return True

    # -- per type ---------------------------------------------------------------------------------
    @classmethod
    def _create(cls, backend: BedrockAgentCoreControlBackend, properties: dict[str, Any]) -> Any:
        raise NotImplementedError

    def _update(self, properties: dict[str, Any]) -> None:
        raise NotImplementedError

    def _delete(self) -> None:
        raise NotImplementedError


def _api(properties: dict[str, Any], name: str) -> Any:
    return to_api(properties.get(name))


class RuntimeModel(_AgentCoreModel, CloudFormationModel):
    TYPE = "AWS::BedrockAgentCore::Runtime"
    NAME_PROPERTY = "AgentRuntimeName"
    REQUIRED = ("AgentRuntimeName", "AgentRuntimeArtifact", "RoleArn")
    CREATE_ONLY = ("AgentRuntimeName",)
    ATTRIBUTES: ClassVar[dict[str, Callable[[AgentRuntime], Any]]] = {
        "AgentRuntimeId": lambda r: r.agent_runtime_id,
        "AgentRuntimeArn": lambda r: r.agent_runtime_arn,
        "AgentRuntimeVersion": lambda r: r.agent_runtime_version,
        "Status": lambda r: r.status,
        "CreatedAt": lambda r: _iso(r.created_at),
        "LastUpdatedAt": lambda r: _iso(r.last_updated_at),
        "WorkloadIdentityDetails": lambda r: {
            "WorkloadIdentityArn": r.workload_identity_details["workloadIdentityArn"]
        },
    }

    @property
    def physical_resource_id(self) -> str:
        return self.resource.agent_runtime_id

    @staticmethod
    def _arguments(properties: dict[str, Any]) -> dict[str, Any]:
        return {
            "agent_runtime_artifact": _api(properties, "AgentRuntimeArtifact"),
            "role_arn": properties["RoleArn"],
            "network_configuration": _api(properties, "NetworkConfiguration") or {"networkMode": "PUBLIC"},
            "description": properties.get("Description"),
            "authorizer_configuration": _api(properties, "AuthorizerConfiguration"),
            "request_header_configuration": _api(properties, "RequestHeaderConfiguration"),
            # CloudFormation takes the protocol name; the API a structure around it.
            "protocol_configuration": (
                {"serverProtocol": properties["ProtocolConfiguration"]}
                if properties.get("ProtocolConfiguration")
                else None
            ),
            "lifecycle_configuration": _api(properties, "LifecycleConfiguration"),
            "environment_variables": properties.get("EnvironmentVariables"),
        }

    @classmethod
    def _create(cls, backend: BedrockAgentCoreControlBackend, properties: dict[str, Any]) -> AgentRuntime:
        return backend.create_agent_runtime(
            agent_runtime_name=properties["AgentRuntimeName"],
            tags=properties.get("Tags"),
            **cls._arguments(properties),
        )

    def _update(self, properties: dict[str, Any]) -> None:
        self.backend.update_agent_runtime(
            agent_runtime_id=self.resource.agent_runtime_id, **self._arguments(properties)
        )

    def _delete(self) -> None:
        self.backend.delete_agent_runtime(self.resource.agent_runtime_id)


class RuntimeEndpointModel(_AgentCoreModel, CloudFormationModel):
    TYPE = "AWS::BedrockAgentCore::RuntimeEndpoint"
    NAME_PROPERTY = "Name"
    REQUIRED = ("AgentRuntimeId", "Name")
    CREATE_ONLY = ("AgentRuntimeId", "Name")
    ATTRIBUTES: ClassVar[dict[str, Callable[[AgentRuntimeEndpoint], Any]]] = {
        "Id": lambda e: e.endpoint_id,
        "AgentRuntimeEndpointArn": lambda e: e.agent_runtime_endpoint_arn,
        "AgentRuntimeArn": lambda e: e.agent_runtime_arn,
        "Status": lambda e: e.status,
        "CreatedAt": lambda e: _iso(e.created_at),
        "LastUpdatedAt": lambda e: _iso(e.last_updated_at),
        "TargetVersion": lambda e: e.target_version,
        "LiveVersion": lambda e: e.live_version,
    }

    @property
    def physical_resource_id(self) -> str:
        return self.resource.agent_runtime_endpoint_arn

    @classmethod
    def _create(
        cls, backend: BedrockAgentCoreControlBackend, properties: dict[str, Any]
    ) -> AgentRuntimeEndpoint:
        return backend.create_agent_runtime_endpoint(
            agent_runtime_id=properties["AgentRuntimeId"],
            name=properties["Name"],
            agent_runtime_version=properties.get("AgentRuntimeVersion"),
            description=properties.get("Description"),
            tags=properties.get("Tags"),
        )

    def _update(self, properties: dict[str, Any]) -> None:
        self.backend.update_agent_runtime_endpoint(
            agent_runtime_id=self.resource.agent_runtime_id,
            endpoint_name=self.resource.name,
            agent_runtime_version=properties.get("AgentRuntimeVersion"),
            description=properties.get("Description"),
        )

    def _delete(self) -> None:
        self.backend.delete_agent_runtime_endpoint(self.resource.agent_runtime_id, self.resource.name)


class GatewayModel(_AgentCoreModel, CloudFormationModel):
    TYPE = "AWS::BedrockAgentCore::Gateway"
    NAME_PROPERTY = "Name"
    REQUIRED = ("AuthorizerType", "Name", "RoleArn")
    ATTRIBUTES: ClassVar[dict[str, Callable[[Gateway], Any]]] = {
        "GatewayIdentifier": lambda g: g.gateway_id,
        "GatewayArn": lambda g: g.gateway_arn,
        "GatewayUrl": lambda g: g.gateway_url,
        "Status": lambda g: g.status,
        "StatusReasons": lambda g: [],
        "CreatedAt": lambda g: _iso(g.created_at),
        "UpdatedAt": lambda g: _iso(g.updated_at),
        "WorkloadIdentityDetails": lambda g: {
            "WorkloadIdentityArn": g.workload_identity_details["workloadIdentityArn"]
        },
    }

    @property
    def physical_resource_id(self) -> str:
        return self.resource.gateway_id

    @staticmethod
    def _arguments(properties: dict[str, Any]) -> dict[str, Any]:
        return {
            "name": properties["Name"],
            "role_arn": properties["RoleArn"],
            "protocol_type": properties.get("ProtocolType", "MCP"),
            "authorizer_type": properties["AuthorizerType"],
            "description": properties.get("Description"),
            "protocol_configuration": _api(properties, "ProtocolConfiguration"),
            "authorizer_configuration": _api(properties, "AuthorizerConfiguration"),
            "kms_key_arn": properties.get("KmsKeyArn"),
            "interceptor_configurations": _api(properties, "InterceptorConfigurations"),
            "policy_engine_configuration": _api(properties, "PolicyEngineConfiguration"),
            "exception_level": properties.get("ExceptionLevel"),
        }

    @classmethod
    def _create(cls, backend: BedrockAgentCoreControlBackend, properties: dict[str, Any]) -> Gateway:
        return backend.create_gateway(tags=properties.get("Tags"), **cls._arguments(properties))

    def _update(self, properties: dict[str, Any]) -> None:
        self.backend.update_gateway(
            gateway_identifier=self.resource.gateway_id, **self._arguments(properties)
        )

    def _delete(self) -> None:
        self.backend.delete_gateway(self.resource.gateway_id)


class GatewayTargetModel(_AgentCoreModel, CloudFormationModel):
    TYPE = "AWS::BedrockAgentCore::GatewayTarget"
    NAME_PROPERTY = "Name"
    REQUIRED = ("TargetConfiguration", "GatewayIdentifier")
    CREATE_ONLY = ("GatewayIdentifier",)
    ATTRIBUTES: ClassVar[dict[str, Callable[[GatewayTarget], Any]]] = {
        "TargetId": lambda t: t.target_id,
        "GatewayArn": lambda t: t.gateway_arn,
        "Status": lambda t: t.status,
        "StatusReasons": lambda t: [],
        "CreatedAt": lambda t: _iso(t.created_at),
        "UpdatedAt": lambda t: _iso(t.updated_at),
    }

    @property
    def physical_resource_id(self) -> str:
        return f"{self.resource.gateway_id}|{self.resource.target_id}"

    @staticmethod
    def _arguments(properties: dict[str, Any]) -> dict[str, Any]:
        return {
            "name": properties["Name"],
            "target_configuration": _api(properties, "TargetConfiguration"),
            "description": properties.get("Description"),
            "credential_provider_configurations": _api(properties, "CredentialProviderConfigurations"),
            "metadata_configuration": _api(properties, "MetadataConfiguration"),
        }

    @classmethod
    def _create(cls, backend: BedrockAgentCoreControlBackend, properties: dict[str, Any]) -> GatewayTarget:
        return backend.create_gateway_target(
            gateway_identifier=properties["GatewayIdentifier"], **cls._arguments(properties)
        )

    def _update(self, properties: dict[str, Any]) -> None:
        self.backend.update_gateway_target(
            gateway_identifier=self.resource.gateway_id,
            target_id=self.resource.target_id,
            **self._arguments(properties),
        )

    def _delete(self) -> None:
        self.backend.delete_gateway_target(self.resource.gateway_id, self.resource.target_id)


class MemoryModel(_AgentCoreModel, CloudFormationModel):
    TYPE = "AWS::BedrockAgentCore::Memory"
    NAME_PROPERTY = "Name"
    REQUIRED = ("Name", "EventExpiryDuration")
    CREATE_ONLY = ("Name", "EncryptionKeyArn")
    ATTRIBUTES: ClassVar[dict[str, Callable[[Memory], Any]]] = {
        "MemoryId": lambda m: m.memory_id,
        "MemoryArn": lambda m: m.memory_arn,
        "Status": lambda m: m.status,
        "CreatedAt": lambda m: _iso(m.created_at),
        "UpdatedAt": lambda m: _iso(m.updated_at),
    }

    @property
    def physical_resource_id(self) -> str:
        return self.resource.memory_arn

    @classmethod
    def _create(cls, backend: BedrockAgentCoreControlBackend, properties: dict[str, Any]) -> Memory:
        return backend.create_memory(
            name=properties["Name"],
            event_expiry_duration=int(properties["EventExpiryDuration"]),
            description=properties.get("Description"),
            encryption_key_arn=properties.get("EncryptionKeyArn"),
            memory_execution_role_arn=properties.get("MemoryExecutionRoleArn"),
            memory_strategies=_api(properties, "MemoryStrategies"),
            tags=properties.get("Tags"),
        )

    def _update(self, properties: dict[str, Any]) -> None:
        wanted = {
            next(iter(s.values())).get("name"): s for s in _api(properties, "MemoryStrategies") or [] if s
        }
        current = {s["name"]: s for s in self.resource.strategies}
        changes = {
            "addMemoryStrategies": [s for name, s in wanted.items() if name not in current],
            "modifyMemoryStrategies": [
                {
                    "memoryStrategyId": current[name]["strategyId"],
                    "description": next(iter(s.values())).get("description", ""),
                    "namespaces": next(iter(s.values())).get("namespaces", []),
                }
                for name, s in wanted.items()
                if name in current
            ],
            "deleteMemoryStrategies": [
                {"memoryStrategyId": s["strategyId"]} for name, s in current.items() if name not in wanted
            ],
        }
        self.backend.update_memory(
            memory_id=self.resource.memory_id,
            description=properties.get("Description"),
            event_expiry_duration=int(properties["EventExpiryDuration"]),
            memory_execution_role_arn=properties.get("MemoryExecutionRoleArn"),
            memory_strategies=changes,
        )

    def _delete(self) -> None:
        self.backend.delete_memory(self.resource.memory_id)


MODELS = (RuntimeModel, RuntimeEndpointModel, GatewayModel, GatewayTargetModel, MemoryModel)


def register() -> None:
    """The models register themselves by subclassing ``CloudFormationModel``: check that moto's parser,
    which collects ``CloudFormationModel.__subclasses__()`` once, will see them. moto's CloudFormation
    package is imported on its first request, not here (it imports most of moto: seconds of start-up)."""
    import sys

    from .xray import TransactionSearchConfig

    direct = set(CloudFormationModel.__subclasses__())
    for model in (*MODELS, TransactionSearchConfig):
        if model not in direct:
            raise ExtensionError(
                f"moto's CloudFormation would not see the model for {model.cloudformation_type()}"
            )
    parsing = sys.modules.get("moto.cloudformation.parsing")
    if parsing is not None:  # already collected (not the case in the emulator): collect again
        for cached in (parsing.get_model_list, parsing.get_model_map, parsing.get_name_type_map):
            cached.cache_clear()
