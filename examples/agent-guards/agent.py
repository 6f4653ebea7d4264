"""A Strands agent with every agentcore-finops guard, configured from its record in the config table.

Per process (one AgentCore Runtime session, or a long-lived worker): the agent's record (TTL cache over
the agent-config table), the Gateway tool list (fetched once per ``config_version``), the tool guard
(retries + circuit breakers) and the memory writers. Per request (``GuardedAgentService.handle``):

- the tools offered are the cached Gateway schemas narrowed to the record's ``tools``, plus ``remember``;
- ``StepBudget``: at most ``step_budget`` tool calls, then the agent answers with what it has;
- ``ToolGuard`` hooks: backoff with jitter, and a circuit breaker per tool;
- ``TurnRecorder``: the whole turn goes to short-term memory as one ``create_event``;
- ``remember`` tool: the model proposes a fact and an importance; ``LongTermMemory`` stores it only if
  the tier's threshold allows (tier 3 never);
- ``RollingSummaryManager``: older turns are condensed by the fleet's utility-tier model;
- ``end_session``: stops the runtime session once the caller is done.

Run it for real (AWS credentials, a deployed fleet, a Gateway and a Memory; see README.md)::

    python examples/agent-guards/agent.py "Is the checkout API healthy?" --end

Everything AWS-facing is injectable, so ``tests/unit/test_example_agent_guards.py`` runs this file
offline with a scripted model, Stubber clients and a local MCP server standing in for the Gateway.
"""

from __future__ import annotations

import argparse
import os
import sys
import uuid
from collections.abc import Callable, Mapping, Sequence
from dataclasses import dataclass
from typing import Any

from strands import Agent, tool
from strands.models.model import Model

from agentcore_finops.config_store import ConfigStore
from agentcore_finops.errors import FieldError
from agentcore_finops.guards import (
    AgentSettings,
    BedrockSummarizer,
    LongTermMemory,
    RollingSummaryManager,
    SessionEnder,
    ShortTermMemory,
    StepBudget,
    ToolGuard,
    ToolListCache,
    TurnRecorder,
    utility_model_id,
)
from agentcore_finops.guards.gateway import McpToolFetcher, gateway_client, tools_session
from agentcore_finops.guards.metrics import GuardMetrics

SYSTEM_PROMPT = (
    "You are an operations assistant. Use the tools you are given, as few times as you can. When you "
    "learn a fact worth keeping across sessions, call remember with an importance from 0 to 1."
)


@dataclass(frozen=True)
class Environment:
    """Settings from environment variables, validated once at start-up."""

    agent_id: str
    config_table: str
    memory_id: str
    gateway_url: str
    gateway_token: str | None = None
    gateway_region: str | None = None
    agent_runtime_arn: str | None = None
    actor_id: str = "anonymous"
    keep_turns: int = 4
    utility_model_id: str | None = None

    @classmethod
    def from_env(cls, env: Mapping[str, str] = os.environ) -> Environment:
        def need(name: str) -> str:
            value = env.get(name, "").strip()
            if not value:
                raise FieldError(name, "environment variable not set", "see examples/agent-guards/README.md")
            return value

        keep = env.get("KEEP_TURNS", "4")
        if not keep.isdigit() or int(keep) < 1:
            raise FieldError("KEEP_TURNS", f"invalid value {keep!r}", "a whole number >= 1")
        token = env.get("GATEWAY_BEARER_TOKEN") or None
        return cls(
            agent_id=need("AGENT_ID"),
            config_table=need("AGENT_CONFIG_TABLE"),
            memory_id=need("MEMORY_ID"),
            gateway_url=need("GATEWAY_URL"),
            gateway_token=token,
            gateway_region=None if token else (env.get("AWS_REGION") or env.get("AWS_DEFAULT_REGION")),
            agent_runtime_arn=env.get("AGENT_RUNTIME_ARN") or None,
            actor_id=env.get("ACTOR_ID", "anonymous"),
            keep_turns=int(keep),
            utility_model_id=env.get("UTILITY_MODEL_ID") or None,
        )


class GuardedAgentService:
    """What one agent process keeps between requests, and how a request is served.

    Args:
        environment: the settings above.
        store: the config-table reader (default: ``ConfigStore`` on ``environment.config_table``).
        mcp_client_factory: new ``MCPClient`` for the Gateway (default: ``gateway_client``).
        agentcore_client / bedrock_client: ``bedrock-agentcore`` and ``bedrock-runtime`` clients
            (default: ``agentcore_finops.aws.client``).
        model_factory: builds the agent's model from its settings (default: Bedrock with the
            record's ``model_id`` and ``max_tokens``).
        metrics: emit EMF metrics (stdout) or not.
    """

    def __init__(
        self,
        environment: Environment,
        *,
        store: ConfigStore | None = None,
        mcp_client_factory: Callable[[], Any] | None = None,
        agentcore_client: Any = None,
        bedrock_client: Any = None,
        model_factory: Callable[[AgentSettings], Model] | None = None,
        tool_guard: ToolGuard | None = None,
        metrics: bool = True,
    ):
        self.env = environment
        self.store = store or ConfigStore(environment.config_table)
        self.mcp_client_factory = mcp_client_factory or (
            lambda: gateway_client(
                environment.gateway_url,
                bearer_token=environment.gateway_token,
                sigv4_region=environment.gateway_region,
            )
        )
        self.model_factory = model_factory or _bedrock_model
        settings = self.settings()
        self.metrics = GuardMetrics(settings.agent_id, settings.tier, enabled=metrics)
        self.tool_cache = ToolListCache(McpToolFetcher(self.mcp_client_factory), metrics=self.metrics)
        self.tool_guard = tool_guard or ToolGuard(metrics=self.metrics)
        self.short_term = ShortTermMemory(
            environment.memory_id, environment.actor_id, client=agentcore_client, metrics=self.metrics
        )
        self.agentcore_client = agentcore_client
        self.summarizer = BedrockSummarizer(
            environment.utility_model_id or utility_model_id(), client=bedrock_client
        )
        self.session_ender = (
            SessionEnder(environment.agent_runtime_arn, client=agentcore_client, metrics=self.metrics)
            if environment.agent_runtime_arn
            else None
        )
        self._conversations: dict[str, RollingSummaryManager] = {}
        self._histories: dict[str, list[dict[str, Any]]] = {}

    def settings(self) -> AgentSettings:
        """The record, re-read from the table at most once per cache TTL."""
        return AgentSettings.from_store(self.store, self.env.agent_id)

    def _remember_tool(self, settings: AgentSettings) -> Any:
        memory = LongTermMemory(
            self.env.memory_id, settings, client=self.agentcore_client, metrics=self.metrics
        )

        @tool
        def remember(fact: str, importance: float) -> str:
            """Keep a fact for later sessions, if it is important enough for this agent.

            Args:
                fact: the fact, in one or two sentences.
                importance: 0 (trivia) to 1 (must not be forgotten).
            """
            outcome = memory.remember(fact, importance)
            return "stored" if outcome.written else f"not stored: {outcome.reason}"

        return remember

    def handle(self, prompt: str, session_id: str) -> dict[str, Any]:
        """Serve one request of a session; returns the answer and what the guards did."""
        settings = self.settings()
        schemas = self.tool_cache.get(settings.config_version, settings.tools)
        conversation = self._conversations.setdefault(
            session_id,
            RollingSummaryManager(self.summarizer, keep_turns=self.env.keep_turns, metrics=self.metrics),
        )
        history = self._histories.setdefault(session_id, [])
        budget = StepBudget.from_settings(settings, metrics=self.metrics)
        with tools_session(self.mcp_client_factory(), schemas) as gateway_tools:
            agent = Agent(
                model=self.model_factory(settings),
                system_prompt=SYSTEM_PROMPT,
                messages=history,
                tools=[*gateway_tools, self._remember_tool(settings)],
                hooks=[budget, self.tool_guard.hooks(), TurnRecorder(self.short_term, session_id)],
                conversation_manager=conversation,
                callback_handler=None,
            )
            result = agent(prompt)
        self._histories[session_id] = agent.messages
        return {
            "answer": str(result).strip(),
            "step_budget": result.state["step_budget"],
            "tools_offered": [s["name"] for s in schemas],
            "summary": conversation.summary,
        }

    def end_session(self, session_id: str) -> bool:
        """Stop the runtime session (safe to call twice). False without ``AGENT_RUNTIME_ARN``."""
        self._conversations.pop(session_id, None)
        self._histories.pop(session_id, None)
        if self.session_ender is None:
            return False
        return self.session_ender.end(session_id)


def _bedrock_model(settings: AgentSettings) -> Model:
    from strands.models.bedrock import BedrockModel

    return BedrockModel(model_id=settings.model_id, max_tokens=settings.max_tokens)


def main(argv: Sequence[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("prompt", nargs="+", help="one or more prompts, sent as turns of one session")
    parser.add_argument("--session-id", default=f"session-{uuid.uuid4()}", help="runtime/memory session id")
    parser.add_argument("--end", action="store_true", help="stop the runtime session afterwards")
    args = parser.parse_args(argv)
    service = GuardedAgentService(Environment.from_env())
    for prompt in args.prompt:
        reply = service.handle(prompt, args.session_id)
        print(reply["answer"])
        print(
            f"  [tool calls {reply['step_budget']['tool_calls']}/{reply['step_budget']['budget']}]",
            file=sys.stderr,
        )
    if args.end:
        service.end_session(args.session_id)
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
