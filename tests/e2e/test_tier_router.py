"""examples/minimal (config table + tier router) applied to the emulator, with one more specialist on a
Bedrock prompt router (added the way a user would, in an override file); the router's handler runs
in-process with the deployed function's own environment, against the applied table. Routing with the
sampling document served from AppConfig is checked on examples/complete
(tests/e2e/test_complete_example.py)."""

from __future__ import annotations

import pytest

from agentcore_finops.config_store import decode_item
from tests import harness, tier_defaults
from tier_router import handler
from tier_router.settings import Settings

pytestmark = [pytest.mark.e2e, pytest.mark.terraform]

# The prompt router's models (inputs), and a model to switch an agent to.
SONNET = "global.anthropic.claude-sonnet-4-5-20250929-v1:0"
HAIKU = "global.anthropic.claude-haiku-4-5-20251001-v1:0"
NOVA = "amazon.nova-micro-v1:0"
SYSTEM = "You are one agent of the minimal fleet."
PROMPT_ROUTER = "arn:aws:bedrock:us-east-1:123456789012:default-prompt-router/anthropic.claude:1"
# examples/minimal's fleet plus a specialist on Intelligent Prompt Routing.
ROUTED_FLEET = f"""
module "fleet" {{
  agents = {{
    "support-orchestrator" = {{ tier = 1, tools = ["search_kb", "open_ticket"] }}
    "refund-specialist"    = {{ tier = 2, tools = ["get_order", "issue_refund"] }}
    "email-classifier"     = {{ tier = 3 }}
    "kb-specialist"        = {{ tier = 2, model_id = "{PROMPT_ROUTER}" }}
  }}
  prompt_routers = {{
    "{PROMPT_ROUTER}" = {{ models = ["{HAIKU}", "{SONNET}"], split = {{ "{HAIKU}" = 0.6, "{SONNET}" = 0.4 }} }}
  }}
}}
"""


def _defaults(tier: int) -> tuple[str, int, int]:
    """The tier's default model, max_tokens and step budget (tier-defaults.json)."""
    return tuple(tier_defaults.default(tier, f) for f in ("model_id", "max_tokens", "step_budget"))


TOOLS = [
    {"toolSpec": {"name": name, "inputSchema": {"json": {"type": "object"}}}}
    for name in ("search_kb", "open_ticket", "get_order", "issue_refund", "page_oncall")
]


class Clock:
    def __init__(self) -> None:
        self.now = 0.0

    def __call__(self) -> float:
        return self.now


class Context:
    function_name = "e2e-tier-router"
    memory_limit_in_mb = 256
    invoked_function_arn = "arn:aws:lambda:us-east-1:123456789012:function:e2e-tier-router"
    aws_request_id = "e2e-request"


def _route(agent_id: str) -> dict:
    event = {
        "agent_id": agent_id,
        "messages": [{"role": "user", "content": "Handle this request."}],
        "system": SYSTEM,
        "tool_schemas": TOOLS,
        "trace_id": f"trace-{agent_id}",
    }
    response = handler.lambda_handler(event, Context())
    assert response["status"] == 200, response
    return response["decision"]


def test_router_routes_each_tier_from_the_applied_table_and_follows_a_model_change(aws_env, aws, tmp_path):
    tf_vars = {"name_prefix": "e2e-router", "deletion_protection": False}
    files = {"fleet_override.tf": ROUTED_FLEET}
    with harness.applied("examples/minimal", tmp_path, aws_env, tf_vars, files=files) as ws:
        outputs = ws.outputs()
        table = outputs["agent_config_table_name"]
        function = outputs["tier_router_function_name"]
        assert function == "e2e-router-tier-router"

        # What was deployed: the function, told its table, and a role scoped to that table.
        config = aws("lambda").get_function_configuration(FunctionName=function)
        env = config["Environment"]["Variables"]
        assert env["CONFIG_TABLE_NAME"] == table and config["Handler"] == "tier_router.handler.lambda_handler"
        role = config["Role"].rsplit("/", 1)[1]
        policy = aws("iam").get_role_policy(RoleName=role, PolicyName="function")["PolicyDocument"]
        statements = {s["Sid"]: s for s in policy["Statement"]}
        assert statements["ReadAgentConfig"]["Action"] == ["dynamodb:Scan"]
        assert statements["ReadAgentConfig"]["Resource"] == [outputs["agent_config_table_arn"]]
        assert (
            f"arn:aws:bedrock:us-east-1:123456789012:inference-profile/{tier_defaults.model(1)}"
            in statements["InvokeFleetModels"]["Resource"]
        )
        # The specialist on the prompt router: the role may invoke the router and the models it picks.
        invocable = statements["InvokeFleetModels"]["Resource"]
        assert PROMPT_ROUTER in invocable
        assert f"arn:aws:bedrock:us-east-1:123456789012:inference-profile/{HAIKU}" in invocable

        # The handler in-process, configured exactly as the deployed function, with a clock we move.
        settings = Settings.from_env(env)
        clock = Clock()
        handler.use_router(handler.build_router(settings, clock=clock))
        try:
            decisions = {
                a: _route(a) for a in ("support-orchestrator", "refund-specialist", "email-classifier")
            }
            expected = {
                # agent: model, cap, step budget (its tier's defaults), tools, cache points
                "support-orchestrator": (*_defaults(1), ["search_kb", "open_ticket"], ["system", "tools"]),
                "refund-specialist": (*_defaults(2), ["get_order", "issue_refund"], ["system", "tools"]),
                "email-classifier": (*_defaults(3), [], ["system"]),
            }
            for agent_id, (model, cap, steps, tools, cache_points) in expected.items():
                d = decisions[agent_id]
                assert d["model_id"] == model and d["max_tokens"] == cap and d["step_budget"] == steps
                assert [t["toolSpec"]["name"] for t in d["tools"]] == tools
                assert d["cache_points"] == cache_points
                assert d["config_version"] == outputs["agent_configs"][agent_id]["config_version"]
            reads = handler.get_router().store.reads
            assert reads == 1  # one Scan page holds the whole fleet

            # The routed specialist: Converse will get the router ARN as modelId, under tier 2's caps.
            routed = _route("kb-specialist")
            assert (routed["model_id"], routed["max_tokens"], routed["step_budget"]) == (
                PROMPT_ROUTER,
                *_defaults(2)[1:],
            )
            assert routed["config_version"] == outputs["agent_configs"]["kb-specialist"]["config_version"]
            assert handler.get_router().store.reads == reads  # the Scan already brought its record

            # Its item carries the router's models and split (what `estimate --plan` prices it at).
            ddb = aws("dynamodb")
            routed_item = ddb.get_item(TableName=table, Key={"agent_id": {"S": "kb-specialist"}})["Item"]
            assert decode_item(routed_item)["prompt_routers"] == {
                PROMPT_ROUTER: {"models": [HAIKU, SONNET], "split": {HAIKU: 0.6, SONNET: 0.4}}
            }

            # A new apply changes one agent's model: same item, new model and config_version.
            key = {"agent_id": {"S": "refund-specialist"}}
            item = ddb.get_item(TableName=table, Key=key)["Item"]
            item["model_id"] = {"S": NOVA}
            item["config_version"] = {"S": "feedfacecafebeef"}
            ddb.put_item(TableName=table, Item=item)
            assert decode_item(ddb.get_item(TableName=table, Key=key)["Item"])["model_id"] == NOVA

            ttl = settings.config_ttl_seconds
            clock.now += ttl - 1
            assert _route("refund-specialist")["model_id"] == tier_defaults.model(2)  # cached: no read yet
            assert handler.get_router().store.reads == reads
            clock.now += 1
            changed = _route("refund-specialist")
            assert (changed["model_id"], changed["config_version"]) == (NOVA, "feedfacecafebeef")
            assert changed["cache_points"] == ["system"]  # Nova: no cache point in the tool list
            assert handler.get_router().store.reads == reads + 1
        finally:
            handler.use_router(None)
