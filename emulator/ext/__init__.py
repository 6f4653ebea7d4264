"""Extensions to moto's server for the AWS APIs this project needs and moto (5.2) lacks.

Loaded only by ``emulator/server.py``, i.e. only inside the emulator process: nothing in
``lambda_src`` or the in-process ``mock_aws`` unit tests imports this package.

| module | adds |
|---|---|
| ``appconfig`` | AppConfig environments, deployment strategies, deployments; AppConfigData sessions |
| ``agentcore_memory`` | AgentCore long-term memory records on moto's ``bedrock-agentcore`` data plane |
| ``agentcore_cfn`` | CloudFormation ``AWS::BedrockAgentCore::{Runtime,RuntimeEndpoint,Gateway,GatewayTarget,Memory}`` |
| ``xray`` | X-Ray Transaction Search (indexing rules, segment destination) and ``AWS::XRay::TransactionSearchConfig`` |
| ``cost_explorer`` | Cost Explorer anomaly monitors and subscriptions |
| ``budgets`` | Budgets notification subscribers, notification updates, tags (what ``aws_budgets_budget`` reads) |
| ``logs`` | AgentCore (``bedrock-agentcore``) as a vended-log delivery source |
| ``cloudwatch`` | percentile statistics (``p50``, ``p99``, ...) in ``GetMetricData`` |
| ``lambda_layers`` | the official Powertools layers (AWS account 017000801446) attach in every account |

Each module keeps its state in its own ``BackendDict``, so ``POST /moto-api/reset`` clears it with
moto's own state, and registers its routes through ``_common.add_routes``/``replace_route``.
"""

from __future__ import annotations

_loaded = False


def load() -> None:
    """Register every extension with moto (idempotent). Call before the server takes requests."""
    global _loaded
    if _loaded:
        return
    from . import (
        agentcore_cfn,
        agentcore_memory,
        appconfig,
        budgets,
        cloudwatch,
        cost_explorer,
        lambda_layers,
        logs,
        xray,
    )

    appconfig.register()
    agentcore_memory.register()
    xray.register()
    agentcore_cfn.register()
    cost_explorer.register()
    budgets.register()
    logs.register()
    cloudwatch.register()
    lambda_layers.register()
    _loaded = True
