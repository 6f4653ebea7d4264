"""``RollingSummaryManager``: the rolling summary as a Strands conversation manager.

After every invocation Strands calls ``apply_management``, which rolls the history when it has more
than ``keep_turns`` turns (or passes ``max_history_tokens``). On a context-window overflow
(``reduce_context`` with an error) it folds everything but the last turn, and re-raises the overflow
if there is nothing left to fold. Each summary counts ``ConversationSummaries``.

This module imports strands (it subclasses its ``ConversationManager``); it needs the ``agent`` extra.
"""

from __future__ import annotations

from typing import TYPE_CHECKING, Any, cast

from strands.agent.conversation_manager import ConversationManager

from .metrics import GuardMetrics, disabled
from .summary import SUMMARY_HEADER, RollingSummary, Summarizer

if TYPE_CHECKING:
    from strands import Agent


class RollingSummaryManager(ConversationManager):
    """Keep the last ``keep_turns`` turns verbatim; summarize older ones with ``summarize``."""

    def __init__(
        self,
        summarize: Summarizer,
        *,
        keep_turns: int = 4,
        max_history_tokens: int | None = None,
        metrics: GuardMetrics | None = None,
    ):
        super().__init__()
        self.rolling = RollingSummary(summarize, keep_turns=keep_turns, max_history_tokens=max_history_tokens)
        self.metrics = metrics or disabled()

    @property
    def summary(self) -> str | None:
        return self.rolling.summary

    def _roll(self, agent: Agent, keep_turns: int | None = None) -> bool:
        # strands types messages as TypedDicts; at run time they are the plain dicts RollingSummary edits.
        rolled = self.rolling.roll(cast("list[dict[str, Any]]", agent.messages), keep_turns)
        if rolled:
            self.removed_message_count = self.rolling.folded_messages
            self.metrics.count("ConversationSummaries")
        return rolled

    def apply_management(self, agent: Agent, **kwargs: Any) -> None:
        self._roll(agent)  # roll() decides whether anything is due; asking due() first split the turns twice

    def reduce_context(self, agent: Agent, e: Exception | None = None, **kwargs: Any) -> None:
        if not self._roll(agent, keep_turns=1) and e is not None:
            raise e

    def get_state(self) -> dict[str, Any]:
        return {**super().get_state(), "summary": self.rolling.summary, "summaries": self.rolling.summaries}

    def restore_from_session(self, state: dict[str, Any]) -> list[Any] | None:
        super().restore_from_session(state)
        self.rolling.summary = state.get("summary")
        # the restored history still carries the summary block: let the next roll recognise it
        self.rolling._block = (
            {"text": SUMMARY_HEADER + self.rolling.summary} if self.rolling.summary else None
        )
        self.rolling.summaries = int(state.get("summaries", 0))
        return None
