"""Rolling summary: the last N turns stay verbatim, older turns become one summary.

Every model call re-sends the whole history, so in a long session input tokens grow with every turn.
``roll`` keeps the last ``keep_turns`` turns as they are and folds everything older into a summary
written by the fleet's utility-tier model (a Nova Micro-class model costs a small fraction of the
agent's own). It triggers when the history has more than ``keep_turns`` turns, or when its estimated
size passes ``max_history_tokens``.

A turn starts at a user message that carries text and no tool results, and runs until the next one,
so a tool call and its result are never split. The summary travels as the first text block of the
first kept user message (roles keep alternating, as the Converse API requires); the next roll strips
it and passes it to the summarizer as the previous summary.

The summarizer is any callable ``(previous_summary, messages) -> str``; ``BedrockSummarizer`` calls
Converse with the utility model. ``conversation.RollingSummaryManager`` applies this after each agent
invocation (a Strands conversation manager).
"""

from __future__ import annotations

import json
import math
from collections.abc import Callable, MutableSequence, Sequence
from dataclasses import dataclass, field
from typing import Any

from ..errors import FieldError

Message = dict[str, Any]
Summarizer = Callable[[str | None, Sequence[Message]], str]

SUMMARY_HEADER = "Summary of the earlier conversation (older turns were condensed):\n"
SUMMARY_SYSTEM_PROMPT = (
    "You condense an agent's conversation history. Write a short factual summary of the transcript, "
    "merged with the previous summary if one is given: the user's goals, decisions made, facts and "
    "tool results that may matter later, and open questions. No preamble; at most 200 words."
)
TOOL_TEXT_CHARS = 1_000


def _is_turn_start(message: Message) -> bool:
    if message.get("role") != "user":
        return False
    content = message.get("content", [])
    return not any("toolResult" in b for b in content) and any("text" in b for b in content)


def split_turns(messages: Sequence[Message]) -> list[list[Message]]:
    """Group messages into turns (anything before the first turn start joins the first turn)."""
    turns: list[list[Message]] = []
    for message in messages:
        if not turns or _is_turn_start(message):
            turns.append([])
        turns[-1].append(message)
    return turns


def estimate_tokens(messages: Sequence[Message]) -> int:
    """About four characters per token over text and JSON of every block."""
    chars = 0
    for message in messages:
        for block in message.get("content", []):
            if "text" in block:
                chars += len(str(block["text"]))
            else:
                chars += len(json.dumps(block, default=str))
    return math.ceil(chars / 4)


def transcript(previous_summary: str | None, messages: Sequence[Message]) -> str:
    """Plain text of the messages to fold (tool payloads cut to 1,000 characters)."""
    lines = []
    if previous_summary:
        lines.append(f"Previous summary:\n{previous_summary}\n")
    lines.append("Transcript:")
    for message in messages:
        role = str(message.get("role", "?"))
        for block in message.get("content", []):
            if "text" in block:
                lines.append(f"{role}: {block['text']}")
            elif "toolUse" in block:
                use = block["toolUse"]
                payload = json.dumps(use.get("input", {}), default=str)[:TOOL_TEXT_CHARS]
                lines.append(f"{role} called {use.get('name')}: {payload}")
            elif "toolResult" in block:
                result = block["toolResult"]
                parts = [
                    str(c.get("text", "")) if "text" in c else json.dumps(c, default=str)
                    for c in result.get("content", [])
                ]
                lines.append(
                    f"tool result ({result.get('status', 'success')}): {' '.join(parts)[:TOOL_TEXT_CHARS]}"
                )
    return "\n".join(lines)


class BedrockSummarizer:
    """Summaries from a Bedrock model through Converse (the fleet's utility-tier model)."""

    def __init__(
        self,
        model_id: str,
        *,
        max_tokens: int = 400,
        client: Any = None,
        system_prompt: str = SUMMARY_SYSTEM_PROMPT,
    ):
        if not isinstance(model_id, str) or not model_id:
            raise FieldError("model_id", f"invalid value {model_id!r}", "a Bedrock model id")
        self.model_id = model_id
        self.max_tokens = max_tokens
        self.system_prompt = system_prompt
        self._client = client

    @property
    def client(self) -> Any:
        if self._client is None:
            from ..aws import client

            self._client = client("bedrock-runtime")
        return self._client

    def __call__(self, previous_summary: str | None, messages: Sequence[Message]) -> str:
        response = self.client.converse(
            modelId=self.model_id,
            system=[{"text": self.system_prompt}],
            messages=[{"role": "user", "content": [{"text": transcript(previous_summary, messages)}]}],
            inferenceConfig={"maxTokens": self.max_tokens, "temperature": 0},
        )
        texts = [b["text"] for b in response["output"]["message"]["content"] if "text" in b]
        summary = "\n".join(texts).strip()
        if not summary:
            raise RuntimeError(f"{self.model_id} returned an empty summary")
        return summary


@dataclass
class RollingSummary:
    """The rolling-summary state of one conversation.

    Args:
        summarize: ``(previous_summary, messages) -> summary``.
        keep_turns: turns kept verbatim (N).
        max_history_tokens: also roll when the estimated history size passes this (None: turns only).
    """

    summarize: Summarizer
    keep_turns: int = 4
    max_history_tokens: int | None = None
    summary: str | None = None
    summaries: int = 0
    folded_messages: int = 0
    _block: dict[str, str] | None = field(default=None, repr=False)

    def __post_init__(self) -> None:
        if isinstance(self.keep_turns, bool) or not isinstance(self.keep_turns, int) or self.keep_turns < 1:
            raise FieldError("keep_turns", f"invalid value {self.keep_turns!r}", "a whole number >= 1")
        if self.max_history_tokens is not None and self.max_history_tokens < 1:
            raise FieldError(
                "max_history_tokens", f"invalid value {self.max_history_tokens!r}", "a number >= 1"
            )

    def _strip(self, messages: MutableSequence[Message]) -> None:
        if self._block is None or not messages:
            return
        first = messages[0]
        content = [b for b in first.get("content", []) if b != self._block]
        if len(content) != len(first.get("content", [])):
            messages[0] = {**first, "content": content}

    def _attach(self, messages: MutableSequence[Message]) -> None:
        if self.summary is None or not messages:
            return
        self._block = {"text": SUMMARY_HEADER + self.summary}
        first = messages[0]
        messages[0] = {**first, "content": [self._block, *first.get("content", [])]}

    def due(self, messages: Sequence[Message]) -> bool:
        turns = split_turns(messages)
        if len(turns) > self.keep_turns:
            return True
        return (
            self.max_history_tokens is not None
            and len(turns) > 1
            and estimate_tokens(messages) > self.max_history_tokens
        )

    def roll(self, messages: MutableSequence[Message], keep_turns: int | None = None) -> bool:
        """Fold older turns into the summary, in place. Returns whether anything was folded."""
        keep = self.keep_turns if keep_turns is None else max(1, keep_turns)
        self._strip(messages)
        turns = split_turns(messages)
        fold = max(0, len(turns) - keep)
        if (
            fold == 0
            and self.max_history_tokens is not None
            and len(turns) > 1
            and estimate_tokens(messages) > self.max_history_tokens
        ):
            fold = len(turns) - 1
        if fold == 0:
            self._attach(messages)
            return False
        old = [m for turn in turns[:fold] for m in turn]
        try:
            summary = self.summarize(self.summary, old)
        except Exception:
            self._attach(messages)  # leave the history as it was
            raise
        self.summary = summary
        self.summaries += 1
        self.folded_messages += len(old)
        messages[:] = [m for turn in turns[fold:] for m in turn]
        self._attach(messages)
        return True
