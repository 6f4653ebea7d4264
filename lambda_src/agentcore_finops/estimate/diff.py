"""The cost change between two configurations: a base (the target branch's plan) and a head (the pull
request's), priced under the same usage profile and prices.

The change is given per dimension, per tier and per agent (added, removed, or changed, with the
attributes of its agent-config record that changed, at their resource addresses), and per deployment
setting read from the plans (log retention, endpoints, NAT gateways), so a reviewer sees which
setting caused each figure.

An agent's monthly cost is what it adds to the bill on its own: the lines of a one-agent fleet that
scale with agents (tokens, Runtime, Gateway, Policy, Memory, its logs and spans, its traffic), not the
fleet-wide fixed charges (endpoint-hours, NAT gateway-hours, tool indexing).
"""

from __future__ import annotations

import dataclasses
from dataclasses import dataclass
from decimal import Decimal
from typing import TYPE_CHECKING

from ..pricing import Catalogue
from .inputs import Agent, Deployment
from .model import DIMENSIONS, ZERO
from .scenarios import State, run

if TYPE_CHECKING:
    from . import Report

# Agent fields as the agent-config record (and the Terraform `agents` variable) spells them.
RECORD_NAMES = {"is_async": "async"}


@dataclass(frozen=True)
class AgentChange:
    agent_id: str
    change: str  # added | removed | changed
    tier_before: int | None
    tier_after: int | None
    base: Decimal
    head: Decimal
    address: str  # the agent's resource address (head's, or base's when removed)
    attributes: tuple[tuple[str, str, str], ...]  # (record attribute, before, after) of a changed agent

    @property
    def delta(self) -> Decimal:
        return self.head - self.base

    @property
    def cause(self) -> str:
        """The setting that caused the change: ``<address>.item: tier 2 → 1, model_id ...``."""
        if self.change != "changed":
            return f"{self.address} {self.change}"
        if not self.attributes:
            return "deployment settings (below)"
        where = self.address if ": " in self.address else f"{self.address}.item"
        return f"{where}: " + ", ".join(f"{n} {o} → {v}" for n, o, v in self.attributes)


@dataclass(frozen=True)
class SettingChange:
    setting: str
    base: str
    head: str
    cause: str


@dataclass(frozen=True)
class Diff:
    base: Report
    head: Report
    agents: tuple[AgentChange, ...]
    settings: tuple[SettingChange, ...]

    @property
    def base_total(self) -> Decimal:
        return self.base.configured.total

    @property
    def head_total(self) -> Decimal:
        return self.head.configured.total

    @property
    def delta(self) -> Decimal:
        return self.head_total - self.base_total

    @property
    def percent(self) -> Decimal | None:
        """The change as a percentage of the base; None when the base costs nothing."""
        return None if not self.base_total else self.delta / self.base_total * 100

    def dimensions(self) -> dict[str, tuple[Decimal, Decimal]]:
        return {
            key: (self.base.configured.dimension_total(key), self.head.configured.dimension_total(key))
            for key in DIMENSIONS
        }

    def groups(self) -> dict[str, tuple[Decimal, Decimal]]:
        """Cost per tier ("tier 1", ..., and "fleet" for fleet-wide charges), base and head."""
        out: dict[str, list[Decimal]] = {}
        for index, report in enumerate((self.base, self.head)):
            for line in report.configured.lines:
                out.setdefault(line.group, [ZERO, ZERO])[index] += line.cost
        order = sorted(out, key=lambda g: (g == "fleet", g))
        return {g: (out[g][0], out[g][1]) for g in order}


def agent_cost(agent: Agent, report: Report, catalogue: Catalogue) -> Decimal:
    """What one agent adds to the monthly bill under the report's usage and deployment."""
    state = State((agent,), report.usage, report.deployment)
    return sum(
        (line.cost for line in run("agent", agent.agent_id, state, catalogue).lines if line.agents), ZERO
    )


def _value(value: object) -> str:
    if value is None:
        return "null"
    if isinstance(value, bool):
        return str(value).lower()
    if isinstance(value, tuple):
        return "[" + ", ".join(str(v) for v in value) + "]"
    return str(value)


def _changed_fields(before: Agent, after: Agent) -> list[tuple[str, str, str]]:
    out = []
    for f in dataclasses.fields(Agent):
        old, new = getattr(before, f.name), getattr(after, f.name)
        if old != new:
            out.append((RECORD_NAMES.get(f.name, f.name), _value(old), _value(new)))
    return out


def _deployment_changes(base: Deployment, head: Deployment) -> list[SettingChange]:
    names = {
        "log_retention_days": ("log retention", "log retention"),
        "log_class": ("log class", "log class"),
        "network_mode": ("network mode", "interface endpoints"),
        "interface_endpoint_enis": ("interface endpoint ENIs", "interface endpoints"),
        "nat_gateways": ("NAT gateways", "NAT gateways"),
        "cross_az_share": ("cross-AZ share", ""),
        "traffic_gb": ("network traffic (GB a month)", "network traffic"),
    }
    base_evidence, head_evidence = dict(base.from_plan), dict(head.from_plan)
    out = []
    for name, (title, evidence) in names.items():
        old, new = getattr(base, name), getattr(head, name)
        if old != new:
            cause = head_evidence.get(evidence) or base_evidence.get(evidence) or "the usage profile"
            out.append(SettingChange(title, _value(old), _value(new), cause))
    # the project's own resources, counted per type (an added alarm, a removed module's Lambdas)
    if base.platform is not None or head.platform is not None:
        before = dict(base.platform.types) if base.platform else {}
        after = dict(head.platform.types) if head.platform else {}
        for rtype in sorted(before.keys() | after.keys()):
            if before.get(rtype, 0) != after.get(rtype, 0):
                out.append(
                    SettingChange(
                        f"{rtype} resources", str(before.get(rtype, 0)), str(after.get(rtype, 0)), "the plans"
                    )
                )
    return out


def diff(base: Report, head: Report, catalogue: Catalogue) -> Diff:
    """Compare two estimates (``Report``s) priced with the same usage profile and catalogue."""
    before = {a.agent_id: a for a in base.fleet.agents}
    after = {a.agent_id: a for a in head.fleet.agents}
    changes: list[AgentChange] = []
    # The same agent under the same usage and deployment costs the same: no need to price it twice.
    same_pricing = base.usage == head.usage and base.deployment == head.deployment
    for agent_id in sorted(before.keys() | after.keys()):
        old, new = before.get(agent_id), after.get(agent_id)
        if same_pricing and old == new:
            continue
        old_cost = agent_cost(old, base, catalogue) if old else ZERO
        new_cost = agent_cost(new, head, catalogue) if new else ZERO
        fields = _changed_fields(old, new) if old and new else []
        if old and new and not fields and old_cost == new_cost:
            continue
        change = "added" if old is None else "removed" if new is None else "changed"
        addresses = base.fleet.addresses if new is None else head.fleet.addresses
        changes.append(
            AgentChange(
                agent_id,
                change,
                old.tier if old else None,
                new.tier if new else None,
                old_cost,
                new_cost,
                addresses.get(agent_id, f'agents["{agent_id}"]'),
                tuple(fields),
            )
        )
    changes.sort(key=lambda c: (-abs(c.delta), c.agent_id))
    return Diff(base, head, tuple(changes), tuple(_deployment_changes(base.deployment, head.deployment)))
