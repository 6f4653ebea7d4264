"""examples/minimal applied to the emulator once, carrying what three checks need, which run in turn:

1. the config table holds exactly the resolved records (the example's three agents and the specialist
   below), and the router's cached store reads them back;
2. measure, then recommend: the tier router's handler (invoke mode, a scripted Bedrock) and the guards'
   metrics run for a prepared mix of agents; their EMF documents are published with PutMetricData as
   CloudWatch would extract them (tests/e2e/traffic.py). Then `usage` reports the prepared figures
   exactly, `recommend` finds the over-provisioned agent and none of the correctly sized ones, and its
   patch lowers the estimate's model cost by the saving it claims; the deployed usage digest's handler
   (the digest is on), run with its deployed settings, publishes the same agent and saving to the topic
   and puts the agent's RecommendedSavingUSD;
3. the router's handler, in-process with the deployed function's own environment, routes each tier from
   the applied table, a specialist on a Bedrock prompt router (added the way a user would, in an
   override file) to the router, and follows a model change once its cache expires. It changes an
   item, so it runs last.

One apply serves all three (the emulator is reset for every test, so a test per check would be an
apply per check); destroy then removes what it created. Routing with the sampling document served from
AppConfig is checked on examples/complete (tests/e2e/test_complete_example.py)."""

from __future__ import annotations

import datetime as dt
import json
from decimal import Decimal

import pytest

from agentcore_finops import cli, pricing
from agentcore_finops.config_store import ConfigStore, decode_item
from agentcore_finops.estimate import estimate, load_fleet, load_usage
from tests import harness, tier_defaults
from tests.e2e import traffic
from tier_router import handler
from tier_router.settings import Settings
from usage_digest import handler as digest_handler

pytestmark = [pytest.mark.e2e, pytest.mark.terraform, pytest.mark.slow]  # started first (tests/conftest.py)

PREFIX = "e2e-minimal"
ROUTER_CONTEXT = harness.lambda_context(f"{PREFIX}-tier-router", "e2e-request")

# -- what the apply carries ------------------------------------------------------------------------

# The prompt router's models (inputs), and a model to switch an agent to.
SONNET = "global.anthropic.claude-sonnet-4-5-20250929-v1:0"
HAIKU = "global.anthropic.claude-haiku-4-5-20251001-v1:0"
NOVA = "amazon.nova-micro-v1:0"
PROMPT_ROUTER = "arn:aws:bedrock:us-east-1:123456789012:default-prompt-router/anthropic.claude:1"
ROUTER_MODELS = {PROMPT_ROUTER: {"models": [HAIKU, SONNET], "split": {HAIKU: 0.6, SONNET: 0.4}}}
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

CALLS = 40
INPUT = 2000
DIGEST_TOPIC = "e2e-usage-digest"
# The digest on, publishing to a topic the test subscribes a queue to (the ARN is a literal so the
# plan knows the digest is on), with recommend's --min-calls for this traffic.
DIGEST_OVERRIDE = f"""
module "fleet" {{
  create_usage_digest = true
  usage_digest = {{
    sns_topic_arn = "arn:aws:sns:${{var.region}}:123456789012:{DIGEST_TOPIC}"
    min_calls     = {CALLS}
  }}
}}
"""
DIGEST_OUTPUT = """
output "usage_digest_function_name" {
  value = module.fleet.usage_digest_function_name
}
"""


def test_minimal_example_applied_once_serves_the_table_usage_and_router_checks(
    aws_env, aws, tmp_path, capsys, monkeypatch
):
    tf_vars = {"name_prefix": PREFIX, "deletion_protection": False}
    files = {
        "fleet_override.tf": ROUTED_FLEET,
        "digest_override.tf": DIGEST_OVERRIDE,
        "digest_output.tf": DIGEST_OUTPUT,
    }
    with harness.applied("examples/minimal", tmp_path, aws_env, tf_vars, files=files) as ws:
        outputs = ws.outputs()
        assert outputs["agent_config_table_name"] == f"{PREFIX}-agent-config"
        assert outputs["tier_router_function_name"] == f"{PREFIX}-tier-router"
        _table_holds_exactly_the_resolved_records(aws, outputs)
        with monkeypatch.context() as digest_env:  # the digest's settings, for its check only
            _usage_reports_the_mix_and_recommend_finds_the_oversized_agent(
                aws, outputs, tmp_path, capsys, digest_env
            )
        _router_routes_each_tier_from_the_table_and_follows_a_model_change(aws, outputs)

    # Destroy removed what the apply created.
    assert outputs["agent_config_table_name"] not in aws("dynamodb").list_tables()["TableNames"], (
        "destroy must remove the table"
    )
    functions = {f["FunctionName"] for f in aws("lambda").list_functions()["Functions"]}
    assert not functions & {outputs["tier_router_function_name"], outputs["usage_digest_function_name"]}


# -- 1. the table ------------------------------------------------------------------------------------


# The tier defaults as modules/agent-config/tier-defaults.json holds them (read here as data, not
# computed by the code under test), plus what the fleet sets itself.
def _expected(agent_id: str, tier: int, tools: list[str], **fields) -> dict:
    return {
        "agent_id": agent_id,
        "tier": tier,
        "description": "",
        **tier_defaults.TIERS[str(tier)],
        "tools": tools,
        "prompt_routers": None,
        **fields,
    }


EXPECTED = {
    "support-orchestrator": _expected("support-orchestrator", 1, ["search_kb", "open_ticket"]),
    "refund-specialist": _expected("refund-specialist", 2, ["get_order", "issue_refund"]),
    "email-classifier": _expected("email-classifier", 3, []),
    # The specialist's item carries the router's models and split (what `estimate --plan` prices it at).
    "kb-specialist": _expected("kb-specialist", 2, [], model_id=PROMPT_ROUTER, prompt_routers=ROUTER_MODELS),
}


def _table_holds_exactly_the_resolved_records(aws, outputs: dict) -> None:
    """The table is keyed by agent_id, on demand, and holds one item per agent of the fleet, equal to
    its resolved record with the config_version the outputs report; the router's cached store returns
    the same record and reads the table once."""
    ddb = aws("dynamodb")
    table = outputs["agent_config_table_name"]
    desc = ddb.describe_table(TableName=table)["Table"]
    assert desc["KeySchema"] == [{"AttributeName": "agent_id", "KeyType": "HASH"}]
    assert desc["BillingModeSummary"]["BillingMode"] == "PAY_PER_REQUEST"

    items = ddb.scan(TableName=table)["Items"]
    assert len(items) == len(EXPECTED) == 4
    records = {r["agent_id"]: r for r in map(decode_item, items)}
    assert set(records) == set(EXPECTED)
    for agent_id, expected in EXPECTED.items():
        record = dict(records[agent_id])
        version = record.pop("config_version")
        assert record == expected, agent_id
        assert len(version) == 16 and version == outputs["agent_configs"][agent_id]["config_version"]

    # The router's view: the cached store returns the same record and reads the table once.
    store = ConfigStore(table, ttl_seconds=60)
    first = store.get("refund-specialist")
    assert store.get("refund-specialist") == first == records["refund-specialist"]
    assert store.reads == 1


# -- 2. measure, then recommend ----------------------------------------------------------------------

FLEET = """\
agents:
  support-orchestrator: {tier: 1, tools: [search_kb, open_ticket]}
  refund-specialist: {tier: 2, tools: [get_order, issue_refund]}
  email-classifier: {tier: 3}
"""
MIX = {
    # over-provisioned: tier 1, 2,048 tokens, 15 steps
    "support-orchestrator": traffic.Agent(tier=1, input_tokens=INPUT, output_tokens=150, tool_calls=2),
    # sized: long outputs, escalates 10 % of calls
    "refund-specialist": traffic.Agent(2, INPUT, output_tokens=900, tool_calls=5, complex_calls=4),
    # sized: tier 3, at the max_tokens floor
    "email-classifier": traffic.Agent(tier=3, input_tokens=INPUT, output_tokens=200, tool_calls=2),
}


def _usage_reports_the_mix_and_recommend_finds_the_oversized_agent(
    aws, outputs: dict, tmp_path, capsys, monkeypatch
) -> None:
    """`usage` reports the prepared figures exactly; `recommend` finds support-orchestrator only, and
    the deployed digest reaches the same agent and saving; the patch lowers the estimate (the measured
    usage profile) by the saving claimed."""
    table = outputs["agent_config_table_name"]
    function = outputs["tier_router_function_name"]
    env = aws("lambda").get_function_configuration(FunctionName=function)["Environment"]["Variables"]
    assert traffic.send(env, MIX, CALLS, ROUTER_CONTEXT, capsys, aws("cloudwatch")) > 0

    window = traffic.usage_window(table)
    profile = tmp_path / "measured.yaml"
    assert cli.main(["usage", *window, "--format", "json", "--export-profile", str(profile)]) == 0
    agents = {a["agent_id"]: a for a in json.loads(capsys.readouterr().out)["agents"]}
    # Every agent that escalates in the mix has an escalation model to escalate to.
    assert all(agents[i]["config"]["escalation_model_id"] for i, mix in MIX.items() if mix.complex_calls)
    catalogue = pricing.load_catalogue()
    traffic.check_measured(agents, MIX, CALLS, catalogue)

    fleet = tmp_path / "fleet.yaml"
    fleet.write_text(FLEET)
    patch = tmp_path / "fleet.auto.tfvars.json"
    args = [
        "recommend",
        *window,
        "--min-calls",
        str(CALLS),
        "--fleet",
        str(fleet),
        "--apply-to",
        str(patch),
        "--format",
        "json",
    ]
    assert cli.main(args) == 0
    report = json.loads(capsys.readouterr().out)
    assert {r["agent_id"] for r in report["recommendations"]} == {"support-orchestrator"}
    assert report["patch"] == {
        "agents": {"support-orchestrator": {"tier": 2, "max_tokens": 256, "step_budget": 3}}
    }
    claimed = Decimal(str(report["monthly_saving_usd"]))
    assert claimed > 0

    # The deployed digest, run in-process with its deployed settings a day later (the window ends at
    # 00:00 UTC of the run's day) over recommend's window: the same agent and saving reach the
    # topic's queue.
    digest = _run_deployed_digest(aws, outputs["usage_digest_function_name"], monkeypatch)
    assert {s["agent_id"] for s in digest["savings"]} == {"support-orchestrator"}
    assert Decimal(str(digest["patch_monthly_saving_usd"])) == claimed
    total = claimed + Decimal(str(report["advisory_monthly_saving_usd"]))
    assert Decimal(str(digest["monthly_saving_usd"])) == total
    assert (digest["errors"], digest["published"], digest["metric_agents"]) == ([], True, 3)
    [message] = digest["messages"]
    assert message["Subject"].startswith(f"AgentCore FinOps digest (1 day): {total:,.2f} USD/month")
    text = message["Message"]
    top = text.split("Top savings:")[1].split("Largest cost drifts")[0]
    assert "support-orchestrator: tier 1 -> 2 (lower_tier" in top
    assert "refund-specialist" not in top and "email-classifier" not in top
    assert f"({claimed:,.2f} in the agents patch)" in text
    assert digest["saving_metric"] == pytest.approx(float(total))

    # The patch lowers the estimate (measured usage profile) by the saving claimed: the model cost.
    patched = tmp_path / "patched.json"
    patched.write_text(patch.read_text())
    usage = load_usage(profile)
    before = estimate(load_fleet(fleet), usage, catalogue).configured.dimension_total("llm")
    after = estimate(load_fleet(patched), usage, catalogue).configured.dimension_total("llm")
    # the profile rounds sessions to whole numbers: 40 a day is 1,216.67 a month, priced as 1,217
    assert abs((before - after) - claimed) <= claimed * Decimal("0.001") + Decimal("0.01")


def _run_deployed_digest(aws, function: str, monkeypatch) -> dict:
    """The digest handler with the deployed function's environment, its topic subscribed by a queue;
    its return value plus the messages the queue got and support-orchestrator's RecommendedSavingUSD."""
    config = aws("lambda").get_function_configuration(FunctionName=function)
    env = config["Environment"]["Variables"]
    assert env["MIN_CALLS"] == str(CALLS) and env["SNS_TOPIC_ARN"].endswith(f":{DIGEST_TOPIC}")
    topic = aws("sns").create_topic(Name=DIGEST_TOPIC)["TopicArn"]
    assert topic == env["SNS_TOPIC_ARN"]
    queue = aws("sqs").create_queue(QueueName="e2e-digest")["QueueUrl"]
    queue_arn = aws("sqs").get_queue_attributes(QueueUrl=queue, AttributeNames=["QueueArn"])["Attributes"]
    aws("sns").subscribe(TopicArn=topic, Protocol="sqs", Endpoint=queue_arn["QueueArn"])
    for name, value in env.items():
        monkeypatch.setenv(name, value)
    run_at = dt.datetime.now(dt.UTC) + dt.timedelta(days=1)
    monkeypatch.setattr(digest_handler, "now", lambda: run_at)
    digest_handler.settings.cache_clear()
    try:
        # the same one-day window as recommend's (an event may narrow WINDOW_DAYS, never widen it)
        out = digest_handler.lambda_handler({"window_days": 1}, harness.lambda_context(function))
    finally:
        digest_handler.settings.cache_clear()
    got = aws("sqs").receive_message(QueueUrl=queue, MaxNumberOfMessages=10, WaitTimeSeconds=1)
    out["messages"] = [json.loads(m["Body"]) for m in got.get("Messages", [])]
    [result] = aws("cloudwatch").get_metric_data(
        MetricDataQueries=[
            {
                "Id": "saving",
                "MetricStat": {
                    "Metric": {
                        "Namespace": "AgentCoreFinOps",
                        "MetricName": "RecommendedSavingUSD",
                        "Dimensions": [
                            {"Name": "AgentId", "Value": "support-orchestrator"},
                            {"Name": "service", "Value": "usage-digest"},
                        ],
                    },
                    "Period": 3600,
                    "Stat": "Maximum",
                },
            }
        ],
        StartTime=run_at - dt.timedelta(hours=1),
        EndTime=run_at + dt.timedelta(hours=1),
    )["MetricDataResults"]
    [out["saving_metric"]] = result["Values"]
    return out


# -- 3. the router -----------------------------------------------------------------------------------

SYSTEM = "You are one agent of the minimal fleet."
TOOLS = [
    {"toolSpec": {"name": name, "inputSchema": {"json": {"type": "object"}}}}
    for name in ("search_kb", "open_ticket", "get_order", "issue_refund", "page_oncall")
]


def _defaults(tier: int) -> tuple[str, int, int]:
    """The tier's default model, max_tokens and step budget (tier-defaults.json)."""
    return tuple(tier_defaults.default(tier, f) for f in ("model_id", "max_tokens", "step_budget"))


class Clock:
    def __init__(self) -> None:
        self.now = 0.0

    def __call__(self) -> float:
        return self.now


def _route(agent_id: str) -> dict:
    event = {
        "agent_id": agent_id,
        "messages": [{"role": "user", "content": "Handle this request."}],
        "system": SYSTEM,
        "tool_schemas": TOOLS,
        "trace_id": f"trace-{agent_id}",
    }
    response = handler.lambda_handler(event, ROUTER_CONTEXT)
    assert response["status"] == 200, response
    return response["decision"]


def _router_routes_each_tier_from_the_table_and_follows_a_model_change(aws, outputs: dict) -> None:
    """The deployed function is told its table and may read it and invoke the fleet's models (the
    prompt router and the models it picks included); its handler, configured exactly as the deployed
    function with a clock we move, routes each agent to its tier's defaults, the specialist to the
    prompt router, and serves a changed item once the cache expires (it changes refund-specialist's
    item: run it last)."""
    table = outputs["agent_config_table_name"]
    function = outputs["tier_router_function_name"]

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
        decisions = {a: _route(a) for a in ("support-orchestrator", "refund-specialist", "email-classifier")}
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
        assert decode_item(routed_item)["prompt_routers"] == ROUTER_MODELS

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
