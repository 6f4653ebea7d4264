"""One customer managed key, end to end, in the plan of examples/complete with kms_key_arn set.

- Every planned resource that can take a key has it. "Can take a key" comes from the provider's own
  schema (any settable string attribute whose name holds "kms", in the resource or a nested block it
  uses) and, inside the AgentCore stack, from cfn-lint's CloudFormation schemas: a store added later is
  checked without touching this test.
- The key policy the root publishes admits exactly the services the plan shows using the key.
- With create_kms_key the root makes the key itself, with that policy and rotation on.
(That every role may use the key, and no other, is read back from IAM in tests/e2e/test_complete_example.py:
most role policies name ARNs known only after apply.)
"""

from __future__ import annotations

import json
import re
from typing import Any

import pytest
from cfnlint.schema import PROVIDER_SCHEMA_MANAGER

from scripts.inventory import UNKNOWN, _type_of
from tests import harness

pytestmark = pytest.mark.terraform

REGION = "us-east-1"
ACCOUNT = "123456789012"
KEY = f"arn:aws:kms:{REGION}:{ACCOUNT}:key/0b1c2d3e-4f50-6172-8394-a5b6c7d8e9f0"

# Which service uses the key for a planned store (resource type, or CloudFormation type).
STORE_SERVICE = {
    "aws_dynamodb_table": "dynamodb",
    "aws_cloudwatch_log_group": "logs",
    "aws_sqs_queue": "sqs",
    "aws_sns_topic": "sns",
    "aws_lambda_function": "lambda",
    "aws_appconfig_configuration_profile": "appconfig",
    "aws_appconfig_deployment": "appconfig",
    "aws_scheduler_schedule": "scheduler",
    "AWS::BedrockAgentCore::Memory": "bedrock-agentcore",
    "AWS::BedrockAgentCore::Gateway": "bedrock-agentcore",
}
# Services that publish to an encrypted topic on their own: the resource that makes them publish, and
# where it names the topic.
TOPIC_PUBLISHERS = {
    "aws_budgets_budget": (
        "budgets",
        lambda v: [t for n in v["notification"] for t in _list(n["subscriber_sns_topic_arns"])],
    ),
    "aws_ce_anomaly_subscription": (
        "costalerts",
        lambda v: [s["address"] for s in v["subscriber"] if s["type"] == "SNS"],
    ),
    "aws_cloudwatch_metric_alarm": ("cloudwatch", lambda v: _list(v.get("alarm_actions") or [])),
}
CRYPTO_ACTIONS = re.compile(r"^kms:(Encrypt|Decrypt|ReEncrypt|GenerateDataKey)", re.IGNORECASE)


def _key_paths(block: dict[str, Any], prefix: tuple[str, ...] = ()) -> list[tuple[str, ...]]:
    """Settable string attributes naming a KMS key, in a provider-schema block and its nested blocks."""
    paths = [
        (*prefix, name)
        for name, a in block.get("attributes", {}).items()
        if "kms" in name and a.get("type") == "string" and (a.get("optional") or a.get("required"))
    ]
    for name, nested in block.get("block_types", {}).items():
        paths += _key_paths(nested["block"], (*prefix, name))
    return paths


def _values_at(value: Any, path: tuple[str, ...]) -> list[Any]:
    """The values at ``path``; nested blocks are lists in a plan, and an unused block yields nothing."""
    if not path:
        return [value]
    if isinstance(value, list):
        return [v for item in value for v in _values_at(item, path)]
    if not isinstance(value, dict):
        return []
    head, *rest = path
    if head not in value:
        return []
    return _values_at(value[head], tuple(rest)) if rest else [value[head]]


@pytest.fixture(scope="module")
def complete(tmp_path_factory):
    """examples/complete with the fleet's key given, and with a key it creates: both planned in one
    ``terraform test`` run (harness.plan_cases); and the AWS provider's resource schemas."""
    ws = harness.Workspace("examples/complete", tmp_path_factory.mktemp("kms"))
    outcomes = harness.plan_cases(
        ws,
        {
            "given": {"kms_key_arn": KEY, "deletion_protection": False},
            "created": {"create_kms_key": True, "deletion_protection": False},
        },
    )
    schema = json.loads(ws.run("providers", "schema", "-json").out)
    resources = next(iter(schema["provider_schemas"].values()))["resource_schemas"]
    return outcomes, {t: _key_paths(s["block"]) for t, s in resources.items()}


@pytest.fixture(scope="module")
def keyed(complete):
    outcomes, key_paths = complete
    return outcomes["given"].planned(), key_paths


def _stores(summary, key_paths) -> list[tuple[str, str, list[Any]]]:
    """(address, type, key values) for every planned resource and stack resource that can take a key."""
    stores = []
    for address, values in summary.values.items():
        rtype = _type_of(address)
        paths = key_paths.get(rtype, [])
        found = [v for p in paths for v in _values_at(values, p)]
        if paths and (found or any(len(p) == 1 for p in paths)):
            stores.append((address, rtype, found or [None]))
        if rtype == "aws_cloudformation_stack":
            for name, res in values["template_body"]["Resources"].items():
                props = PROVIDER_SCHEMA_MANAGER.get_resource_schema(REGION, res["Type"]).schema["properties"]
                keys = [p for p in props if "kms" in p.lower() or "encryptionkey" in p.lower()]
                if keys:
                    got = [res.get("Properties", {}).get(p) for p in keys]
                    stores.append((f"{address}:{name}", res["Type"], got))
    return stores


def test_every_store_that_can_take_a_key_has_the_fleet_key(keyed):
    summary, key_paths = keyed
    stores = _stores(summary, key_paths)
    wrong = [f"{a} ({t}): {v}" for a, t, v in stores if any(x != KEY for x in v)]
    assert not wrong, "stores without the fleet key:\n  " + "\n  ".join(wrong)
    # The walk found the stores of every kind the example has (a broken walk finds nothing and passes).
    assert {t for _, t, _ in stores} == set(STORE_SERVICE), {t for _, t, _ in stores}
    assert sum(1 for _, t, _ in stores if t == "aws_cloudwatch_log_group") == 16
    assert summary.outputs["kms_key_arn"] == KEY


def test_the_walk_fails_a_store_without_the_key(keyed):
    """The check above, on a copy of the plan where one log group and the memory lost their key."""
    summary, key_paths = keyed
    group = next(a for a in summary.values if a.endswith("aws_cloudwatch_log_group.this"))
    stack = next(
        a
        for a, v in summary.values.items()
        if _type_of(a) == "aws_cloudformation_stack" and "Memory" in v["template_body"]["Resources"]
    )
    broken = type(summary)(values=json.loads(json.dumps(summary.values)))
    broken.values[group]["kms_key_id"] = None
    del broken.values[stack]["template_body"]["Resources"]["Memory"]["Properties"]["EncryptionKeyArn"]
    wrong = {a for a, _, v in _stores(broken, key_paths) if any(x != KEY for x in v)}
    assert wrong == {group, f"{stack}:Memory"}


def _policy_services(statements: list[dict]) -> dict[str, str]:
    """Service -> Sid for each statement that lets a service use the key (not the administration one)."""
    services = {}
    for s in statements:
        actions = s["Action"] if isinstance(s["Action"], list) else [s["Action"]]
        if not any(CRYPTO_ACTIONS.match(a) for a in actions):
            continue
        principal = s["Principal"]
        if "Service" in principal:
            services[principal["Service"].split(".")[0]] = s["Sid"]
        else:
            assert principal == {"AWS": f"arn:aws:iam::{ACCOUNT}:root"}, s
            via = s["Condition"]["StringEquals"]["kms:ViaService"]
            assert via.endswith(f".{REGION}.amazonaws.com"), s
            assert s["Condition"]["StringEquals"]["kms:CallerAccount"] == ACCOUNT, s
            services[via.split(".")[0]] = s["Sid"]
    return services


def test_key_policy_admits_exactly_the_services_the_plan_shows_using_the_key(keyed):
    summary, key_paths = keyed
    using = set()
    for address, rtype, _values in _stores(summary, key_paths):
        assert rtype in STORE_SERVICE, f"{address}: {rtype} takes the key; say which service uses it"
        using.add(STORE_SERVICE[rtype])
    topics = summary.of_type("aws_sns_topic")
    assert len(topics) == 1, topics
    topic = next(iter(topics.values()))
    topic_arn = f"arn:aws:sns:{REGION}:{ACCOUNT}:{topic['name']}"
    for address, values in summary.values.items():
        if _type_of(address) in TOPIC_PUBLISHERS:
            service, targets = TOPIC_PUBLISHERS[_type_of(address)]
            # The topic's ARN is known after apply: the only topic planned is this one.
            if any(t in (UNKNOWN, topic_arn) for t in targets(values)):
                using.add(service)

    policy = summary.outputs["kms_key_policy"]
    admitted = _policy_services(policy["Statement"])
    assert set(admitted) == using, f"missing: {using - set(admitted)}; extra: {set(admitted) - using}"
    assert {"budgets", "costalerts", "cloudwatch", "logs"} <= using  # the publishers and Logs are there

    # Each service statement is scoped: the source account and ARN for publishers, the log-group ARNs
    # of this account for Logs.
    by_sid = {s["Sid"]: s for s in policy["Statement"]}
    for service in ("budgets", "costalerts", "cloudwatch"):
        condition = by_sid[admitted[service]]["Condition"]
        assert condition["StringEquals"]["aws:SourceAccount"] == ACCOUNT
        assert f":{ACCOUNT}:" in condition["ArnLike"]["aws:SourceArn"]
    logs = by_sid[admitted["logs"]]
    assert logs["Principal"] == {"Service": f"logs.{REGION}.amazonaws.com"}
    assert logs["Condition"]["ArnLike"]["kms:EncryptionContext:aws:logs:arn"] == (
        f"arn:aws:logs:{REGION}:{ACCOUNT}:log-group:*"
    )
    # The account administers the key but gets no cryptographic use outside those statements.
    admin = by_sid["AccountAdministersKey"]
    assert not [a for a in admin["Action"] if CRYPTO_ACTIONS.match(a)]


def _list(x: Any) -> list:
    return x if isinstance(x, list) else [x]


def test_create_kms_key_makes_the_key_with_that_policy_rotation_on_and_uses_it_everywhere(complete):
    summary = complete[0]["created"].planned()
    keys = summary.of_type("aws_kms_key")
    assert list(keys) == ["module.fleet.aws_kms_key.this[0]"], list(keys)  # no separate topic key
    key = keys["module.fleet.aws_kms_key.this[0]"]
    assert key["enable_key_rotation"] is True
    assert key["policy"] == summary.outputs["kms_key_policy"]
    # The key's ARN is known after apply: every store names it (unknown), none is left without one.
    schema_paths = {
        "aws_dynamodb_table": ("server_side_encryption", "kms_key_arn"),
        "aws_cloudwatch_log_group": ("kms_key_id",),
        "aws_sqs_queue": ("kms_master_key_id",),
        "aws_sns_topic": ("kms_master_key_id",),
        "aws_lambda_function": ("kms_key_arn",),
        "aws_scheduler_schedule": ("kms_key_arn",),
        "aws_appconfig_configuration_profile": ("kms_key_identifier",),
    }
    seen = set()
    for address, values in summary.values.items():
        path = schema_paths.get(_type_of(address))
        if path:
            seen.add(_type_of(address))
            assert _values_at(values, path) == [UNKNOWN], f"{address}: {_values_at(values, path)}"
    assert seen == set(schema_paths)


@pytest.fixture(scope="module")
def root(tmp_path_factory):
    return harness.Workspace(".", tmp_path_factory.mktemp("kms-root"))


BAD_KEYS = {
    "alias_instead_of_arn": (
        {"kms_key_arn": "alias/fleet"},
        ["kms_key_arn must be a KMS key ARN", 'got "alias/fleet"'],
    ),
    "both_keys": (
        {"create_kms_key": True, "kms_key_arn": KEY, "account_id": ACCOUNT},
        ["create_kms_key is true and kms_key_arn is set: use one key"],
    ),
    "key_in_another_region": (
        {"kms_key_arn": KEY.replace(REGION, "eu-west-1")},
        ["KMS keys are regional", f"{KEY.replace(REGION, 'eu-west-1')} is in another region"],
    ),
    "memory_key_in_another_region": (
        {"create_agentcore": True, "agentcore_memory": {"kms_key_arn": KEY.replace(REGION, "eu-west-1")}},
        [f"{KEY.replace(REGION, 'eu-west-1')} is in another region"],
    ),
}


OTHER_KEY = f"arn:aws:kms:{REGION}:{ACCOUNT}:key/99999999-8888-7777-6666-555555555555"
# The memory names its own key: planned with the bad cases.
STORE_OVERRIDE = {
    "agents": {"a-ok": {"tier": 1, "ltm_enabled": True}},
    "account_id": ACCOUNT,
    "kms_key_arn": KEY,
    "create_agentcore": True,
    "agentcore_runtimes": {"a-ok": {"container_uri": f"{ACCOUNT}.dkr.ecr.{REGION}.amazonaws.com/a:1"}},
    "agentcore_memory": {"kms_key_arn": OTHER_KEY},
}


@pytest.fixture(scope="module")
def outcomes(root):
    """Every bad-key case and the store override planned at once (one ``terraform test`` run, see
    harness.plan_cases)."""
    base = {"name_prefix": "kms-input", "agents": {"a-ok": {"tier": 1}}}
    cases = {case: {**base, **tf_vars} for case, (tf_vars, _) in BAD_KEYS.items()}
    return harness.plan_cases(root, {**cases, "store-override": {**base, **STORE_OVERRIDE}})


@pytest.mark.parametrize("case", BAD_KEYS, ids=list(BAD_KEYS))
def test_bad_key_input_fails_the_plan_naming_the_field(case, outcomes):
    harness.assert_fails_naming(outcomes[case], BAD_KEYS[case][1])


def test_a_store_override_wins_and_leaves_the_policy(outcomes):
    summary = outcomes["store-override"].planned()
    stack = next(iter(summary.of_type("aws_cloudformation_stack").values()))
    assert stack["template_body"]["Resources"]["Memory"]["Properties"]["EncryptionKeyArn"] == OTHER_KEY
    runtime = next(v for a, v in summary.of_type("aws_iam_role_policy").items() if 'runtime["a-ok"]' in a)
    assert [s["Resource"] for s in runtime["policy"]["Statement"] if s["Sid"] == "UseMemoryKey"] == [
        OTHER_KEY
    ]
    # The memory's own key is not the fleet key: the fleet key's policy has no AgentCore statement.
    assert "bedrock-agentcore" not in summary.outputs["kms_key_policy_services"]
    assert summary.of_type("aws_dynamodb_table")["module.agent_config.aws_dynamodb_table.this"][
        "server_side_encryption"
    ] == [{"enabled": True, "kms_key_arn": KEY}]
