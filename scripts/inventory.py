"""Plan inventories: what a plan must contain, as data (in the style of Cloud Foundation Fabric).

A plan test case is a tfvars file (optional) plus an inventory YAML with up to three sections:

    values:                       # address -> a subset of the planned attributes
      module.fleet.module.agent_config.aws_dynamodb_table.this:
        billing_mode: PAY_PER_REQUEST
      module.fleet.aws_cloudwatch_log_group.x: __absent__     # this address must not be planned
    counts:                       # resource type -> number planned ("resources" is the total)
      aws_dynamodb_table_item: 100
    outputs:                      # output name -> a subset of its planned value
      agent_config_table_name: acme-agents-agent-config

Matching is by subset: mappings need only the keys listed; lists must match in length and element by
element; ``__absent__`` as a value means the key (or address) must be missing or null; ``__unknown__``
means "known only after apply". Attributes holding JSON text (an item, a policy, a template) are
parsed, so a subset can reach inside them.

``python -m tests.plan.regen_inventory`` (``make inventory``) rewrites an inventory from a fresh plan when a change is intended.
"""

from __future__ import annotations

import json
import re
from collections import Counter
from collections.abc import Mapping
from dataclasses import dataclass, field
from typing import Any

ABSENT = "__absent__"
UNKNOWN = "__unknown__"


@dataclass
class PlanSummary:
    values: dict[str, dict[str, Any]] = field(default_factory=dict)
    counts: dict[str, int] = field(default_factory=dict)
    outputs: dict[str, Any] = field(default_factory=dict)
    raw: Mapping[str, Any] = field(default_factory=dict, repr=False)

    def of_type(self, resource_type: str) -> dict[str, dict[str, Any]]:
        return {a: v for a, v in self.values.items() if _type_of(a) == resource_type}


_MODULE_PREFIX = re.compile(r'^(module\.[^.\[]+(\["[^"]*"\]|\[\d+\])?\.)+')


def _type_of(address: str) -> str:
    """Resource type of an address such as ``module.a["k.1"].module.b.aws_x.name["key"]``."""
    rest = _MODULE_PREFIX.sub("", address)
    head, _, tail = rest.partition(".")
    return f"data.{tail.split('.')[0]}" if head == "data" else head


def _decode_json_strings(value: Any) -> Any:
    if isinstance(value, str) and value[:1] in "{[":
        try:
            return _decode_json_strings(json.loads(value))
        except ValueError:
            return value
    if isinstance(value, Mapping):
        return {k: _decode_json_strings(v) for k, v in value.items()}
    if isinstance(value, list):
        return [_decode_json_strings(v) for v in value]
    return value


def _walk(module: Mapping[str, Any]):
    yield from module.get("resources", [])
    for child in module.get("child_modules", []):
        yield from _walk(child)


def _mark_unknown(value: Any, unknown: Any) -> Any:
    """Replace values Terraform reports as unknown (after_unknown) with UNKNOWN."""
    if unknown is True:
        return UNKNOWN
    if isinstance(unknown, Mapping) and isinstance(value, Mapping):
        out = dict(value)
        for k, u in unknown.items():
            out[k] = _mark_unknown(value.get(k), u)
        return out
    if isinstance(unknown, list) and isinstance(value, list):
        return [
            _mark_unknown(v, u)
            for v, u in zip(value, unknown + [False] * (len(value) - len(unknown)), strict=False)
        ]
    return value


def _planned_resources(plan: Mapping[str, Any]):
    """(address, planned values, after_unknown) of each managed resource the plan creates or keeps.

    ``terraform show -json`` has ``planned_values``; the plan ``terraform test -json -verbose``
    reports for a run has only ``resource_changes``, whose ``change.after`` holds the same values."""
    changes = {c["address"]: c for c in plan.get("resource_changes", [])}
    if "planned_values" in plan:
        for res in _walk(plan["planned_values"].get("root_module", {})):
            if res.get("mode") != "data":
                change = changes.get(res["address"], {}).get("change", {})
                yield res["address"], res.get("values", {}), change.get("after_unknown", {})
        return
    for address, res in changes.items():
        change = res.get("change", {})
        if res.get("mode") != "data" and change.get("actions") != ["delete"]:
            yield address, change.get("after") or {}, change.get("after_unknown", {})


def summarise(plan: Mapping[str, Any]) -> PlanSummary:
    """Summarise a plan: ``terraform show -json <plan>`` output, or a run's plan from ``terraform
    test -json -verbose``."""
    values: dict[str, dict[str, Any]] = {}
    for address, planned, unknown in _planned_resources(plan):
        values[address] = _decode_json_strings(_mark_unknown(planned, unknown))
    counts = Counter(_type_of(a) for a in values)
    counts_dict = dict(sorted(counts.items()))
    counts_dict["resources"] = len(values)
    outputs: dict[str, Any] = {}
    output_changes = plan.get("output_changes", {})
    planned_outputs = (
        plan["planned_values"].get("outputs", {})
        if "planned_values" in plan
        else {name: {} for name, change in output_changes.items() if change.get("actions") != ["delete"]}
    )
    for name, out in planned_outputs.items():
        if "value" in out:
            outputs[name] = _decode_json_strings(out["value"])
        else:
            # Partly unknown: the known parts are in output_changes, the unknown ones marked there.
            change = output_changes.get(name, {})
            outputs[name] = _decode_json_strings(
                _mark_unknown(change.get("after"), change.get("after_unknown"))
            )
    return PlanSummary(values=values, counts=counts_dict, outputs=outputs, raw=plan)


def _subset_errors(actual: Any, expected: Any, path: str) -> list[str]:
    if expected == ABSENT:
        return [] if actual is None else [f"{path}: expected absent/null, got {actual!r}"]
    if isinstance(expected, Mapping):
        if not isinstance(actual, Mapping):
            return [f"{path}: expected a mapping, got {actual!r}"]
        errors = []
        for k, v in expected.items():
            if v == ABSENT:
                if actual.get(k) is not None:
                    errors.append(f"{path}.{k}: expected absent/null, got {actual[k]!r}")
            elif k not in actual:
                errors.append(f"{path}.{k}: missing")
            else:
                errors += _subset_errors(actual[k], v, f"{path}.{k}")
        return errors
    if isinstance(expected, list):
        if not isinstance(actual, list) or len(actual) != len(expected):
            return [f"{path}: expected {len(expected)} items {expected!r}, got {actual!r}"]
        errors = []
        for i, (a, e) in enumerate(zip(actual, expected, strict=True)):
            errors += _subset_errors(a, e, f"{path}[{i}]")
        return errors
    if isinstance(expected, float) or isinstance(actual, float):
        ok = (
            isinstance(actual, int | float) and not isinstance(actual, bool) and abs(actual - expected) < 1e-9
        )
        return [] if ok else [f"{path}: expected {expected!r}, got {actual!r}"]
    return [] if actual == expected else [f"{path}: expected {expected!r}, got {actual!r}"]


def check(summary: PlanSummary, inventory: Mapping[str, Any]) -> list[str]:
    """Every way ``summary`` departs from ``inventory``; empty when it matches."""
    unknown_sections = set(inventory) - {"values", "counts", "outputs"}
    if unknown_sections:
        return [f"inventory: unknown section(s) {sorted(unknown_sections)}; allowed: values, counts, outputs"]
    errors: list[str] = []
    for address, expected in (inventory.get("values") or {}).items():
        if expected == ABSENT:
            if address in summary.values:
                errors.append(f"{address}: expected not to be planned")
        elif address not in summary.values:
            near = [a for a in summary.values if a.split("[")[0] == address.split("[")[0]][:3]
            errors.append(f"{address}: not planned" + (f" (similar: {near})" if near else ""))
        else:
            errors += _subset_errors(summary.values[address], expected, address)
    for rtype, n in (inventory.get("counts") or {}).items():
        got = summary.counts.get(rtype, 0)
        if got != n:
            errors.append(f"counts.{rtype}: expected {n}, got {got}")
    for name, expected in (inventory.get("outputs") or {}).items():
        if name not in summary.outputs:
            errors.append(f"outputs.{name}: missing")
        else:
            errors += _subset_errors(summary.outputs[name], expected, f"outputs.{name}")
    return errors


def _refresh(actual: Any, expected: Any) -> Any:
    """Expected's shape filled with actual's values (used when regenerating an inventory)."""
    if expected == ABSENT:
        return ABSENT if actual is None else actual
    if isinstance(expected, Mapping) and isinstance(actual, Mapping):
        return {
            k: (ABSENT if v == ABSENT and actual.get(k) is None else _refresh(actual.get(k), v))
            for k, v in expected.items()
        }
    if isinstance(expected, list) and isinstance(actual, list) and len(expected) == len(actual):
        return [_refresh(a, e) for a, e in zip(actual, expected, strict=True)]
    return actual


def regenerate(summary: PlanSummary, inventory: Mapping[str, Any] | None) -> dict[str, Any]:
    """A new inventory: the same addresses and keys as ``inventory`` with today's planned values, the
    full counts, and the listed outputs. With no inventory, every resource and output in full."""
    if not inventory:
        return {"values": summary.values, "counts": summary.counts, "outputs": summary.outputs}
    values = {}
    for address, expected in (inventory.get("values") or {}).items():
        if expected == ABSENT:
            values[address] = summary.values.get(address, ABSENT)
        elif address in summary.values:
            values[address] = _refresh(summary.values[address], expected)
    outputs = {
        n: _refresh(summary.outputs.get(n), e)
        for n, e in (inventory.get("outputs") or {}).items()
        if n in summary.outputs
    }
    out: dict[str, Any] = {}
    if values:
        out["values"] = values
    out["counts"] = summary.counts
    if outputs:
        out["outputs"] = outputs
    return out
