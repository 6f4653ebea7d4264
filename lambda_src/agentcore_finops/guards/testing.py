"""A scripted Strands model for running agents offline (tests, the example's offline mode).

``ScriptedModel`` is a real ``strands.models.Model``: the agent loop streams from it exactly as from
Bedrock. Each call returns the next ``Reply`` of the script; when the script runs out, the last reply
repeats, so ``ScriptedModel([Reply.tool("lookup", {"q": 1})])`` asks for a tool on every call, as a
model that never stops calling tools would. ``calls`` counts model calls; ``requests`` keeps what
each call was given (messages, tool names, system prompt).
"""

from __future__ import annotations

import json
from collections.abc import AsyncIterator, Callable, Sequence
from dataclasses import dataclass
from typing import Any

from strands.models.model import Model


@dataclass(frozen=True)
class Reply:
    """One model response: optional text, then zero or more tool calls."""

    text: str = ""
    tool_calls: tuple[tuple[str, dict[str, Any]], ...] = ()
    input_tokens: int = 100
    output_tokens: int = 20

    @classmethod
    def tool(cls, name: str, arguments: dict[str, Any] | None = None, text: str = "") -> Reply:
        return cls(text=text, tool_calls=((name, dict(arguments or {})),))

    @classmethod
    def answer(cls, text: str) -> Reply:
        return cls(text=text)


@dataclass
class ModelRequest:
    messages: list[dict[str, Any]]
    tool_names: list[str]
    system_prompt: str | None


class ScriptedModel(Model):
    """Replays ``script``; a callable entry is called with the request and returns a ``Reply``."""

    def __init__(self, script: Sequence[Reply | Callable[[ModelRequest], Reply]], model_id: str = "scripted"):
        if not script:
            raise ValueError("script must hold at least one Reply")
        self.script = list(script)
        self.calls = 0
        self.requests: list[ModelRequest] = []
        self.config: dict[str, Any] = {"model_id": model_id}

    def update_config(self, **model_config: Any) -> None:
        self.config.update(model_config)

    def get_config(self) -> dict[str, Any]:
        return self.config

    async def structured_output(
        self, output_model: Any, prompt: Any, system_prompt: Any = None, **kwargs: Any
    ):
        raise NotImplementedError("ScriptedModel does not produce structured output")
        yield  # pragma: no cover

    async def stream(  # type: ignore[override]
        self,
        messages: Any,
        tool_specs: list[dict[str, Any]] | None = None,
        system_prompt: str | None = None,
        **kwargs: Any,
    ) -> AsyncIterator[dict[str, Any]]:
        request = ModelRequest(
            messages=json.loads(json.dumps(messages, default=str)),
            tool_names=[spec["name"] for spec in tool_specs or []],
            system_prompt=system_prompt,
        )
        self.requests.append(request)
        entry = self.script[min(self.calls, len(self.script) - 1)]
        self.calls += 1
        reply = entry(request) if callable(entry) else entry
        yield {"messageStart": {"role": "assistant"}}
        if reply.text:
            yield {"contentBlockStart": {"start": {}}}
            yield {"contentBlockDelta": {"delta": {"text": reply.text}}}
            yield {"contentBlockStop": {}}
        for index, (name, arguments) in enumerate(reply.tool_calls):
            tool_use_id = f"call-{self.calls}-{index}"
            yield {"contentBlockStart": {"start": {"toolUse": {"toolUseId": tool_use_id, "name": name}}}}
            yield {"contentBlockDelta": {"delta": {"toolUse": {"input": json.dumps(arguments)}}}}
            yield {"contentBlockStop": {}}
        yield {"messageStop": {"stopReason": "tool_use" if reply.tool_calls else "end_turn"}}
        yield {
            "metadata": {
                "usage": {
                    "inputTokens": reply.input_tokens,
                    "outputTokens": reply.output_tokens,
                    "totalTokens": reply.input_tokens + reply.output_tokens,
                },
                "metrics": {"latencyMs": 1},
            }
        }
