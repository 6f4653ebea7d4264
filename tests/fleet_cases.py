"""The invalid fleets of tests/plan/bad_fleets.yaml, shared by the plan test (Terraform) and the unit
test (agentcore_finops.fleet): one list of cases, one way to check a message names agent and field."""

from __future__ import annotations

import json
import re
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

import yaml

CASES_FILE = Path(__file__).resolve().parent / "plan" / "bad_fleets.yaml"
# Where one message starts: an agent or a tier, as every fleet message begins.
_START = re.compile(r'(?:agents|tiers|prompt_routers)\["')
# The offline plans run in us-east-1 (scripts/tfenv.py); Python checks ARNs against the same.
DEPLOYED_TO = ("aws", "us-east-1")


@dataclass(frozen=True)
class Case:
    id: str
    agents: Any
    where: str
    field: str
    says: tuple[str, ...]
    tiers: Any = None
    prompt_routers: Any = None
    allow_unlisted_models: Any = None
    listed_in_issue: bool = False
    extra: dict[str, Any] = field(default_factory=dict)

    @property
    def tf_vars(self) -> dict[str, Any]:
        out = {"agents": self.agents}
        if self.tiers is not None:
            out["tiers"] = self.tiers
        if self.prompt_routers is not None:
            out["prompt_routers"] = self.prompt_routers
        if self.allow_unlisted_models is not None:
            out["allow_unlisted_models"] = self.allow_unlisted_models
        return out


def load() -> list[Case]:
    raw = yaml.safe_load(CASES_FILE.read_text())
    cases = []
    for item in raw:
        item = dict(item)
        cases.append(
            Case(
                id=item.pop("id"),
                agents=item.pop("agents"),
                where=item.pop("where"),
                field=item.pop("field"),
                says=tuple(item.pop("says")),
                tiers=item.pop("tiers", None),
                prompt_routers=item.pop("prompt_routers", None),
                allow_unlisted_models=item.pop("allow_unlisted_models", None),
                listed_in_issue=item.pop("listed_in_issue", False),
                extra=item,
            )
        )
    return cases


def batches(cases: list[Case]) -> dict[str, list[Case]]:
    """Cases planned together: all those with only agents in one plan (agent ids are unique, and the
    rules on resolved records are checked per agent), every case with tiers, routers or
    allow_unlisted_models on its own."""
    out: dict[str, list[Case]] = {}
    for case in cases:
        alone = any(v is not None for v in (case.tiers, case.prompt_routers, case.allow_unlisted_models))
        out.setdefault(case.id if alone else "agents-only", []).append(case)
    return out


def merged_vars(group: list[Case]) -> dict[str, Any]:
    if len(group) == 1:
        return group[0].tf_vars
    agents: dict[str, Any] = {}
    for case in group:
        agents.update(case.agents)
    return {"agents": agents}


def messages_at(text: str, where: str) -> list[str]:
    """Every message in ``text`` that starts at ``where``: the text up to the next agent or tier."""
    out = []
    start = text.find(where)
    while start != -1:
        nxt = _START.search(text, start + len(where))
        out.append(text[start : nxt.start() if nxt else len(text)])
        start = text.find(where, start + 1)
    return out


def names_field(message: str, where: str, field: str) -> bool:
    """Whether ``message`` (starting at ``where``) is about ``field``: it continues ``where.field``
    (``agents["x"].max_tokens = ...``), or reports ``field`` as an unknown attribute. A field name
    merely appearing (``model_id`` inside ``escalation_model_id``, or in a list of allowed names) is
    not enough. An empty ``field`` is the agent or tier itself."""
    if not field:
        return True
    rest, name = message[len(where) :], re.escape(field)
    return bool(
        re.match(rf"\.{name}(?![\w-])", rest) or re.search(rf"unknown attribute [\"']{name}[\"']", rest)
    )


def problems(case: Case, text: str) -> str | None:
    """None when some message at ``case.where`` names ``case.field`` and says everything in ``says``."""
    found = messages_at(text, case.where)
    for message in found:
        if names_field(message, case.where, case.field) and all(s in message for s in case.says):
            return None
    shown = "\n".join(found) or text[-3000:]
    return f"{case.id}: no message at {case.where} naming {case.field!r} and {list(case.says)}; got:\n{shown}"


def describe(value: Any) -> str:
    return json.dumps(value, sort_keys=True)
