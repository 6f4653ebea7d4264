"""What the estimator prices: the fleet (resolved agent records) and the deployment settings.

The fleet comes from one of:

- a YAML/JSON file with ``agents`` (and optional ``tiers``), the same fields as the Terraform
  variables, resolved by ``agentcore_finops.fleet`` exactly as ``modules/agent-config`` resolves them;
- ``terraform show -json`` of a plan (or of state) of any configuration that uses
  ``modules/agent-config``: the resolved records are read from the planned ``aws_dynamodb_table_item``
  items of that module, wherever it sits (root module, examples, a user's own stack);
- records already resolved (the ``agent_configs`` output of an applied stack).

A plan also says some things about the deployment that a fleet file cannot: the retention and class of
the agents' log groups, and whether the VPC reaches AWS through interface endpoints or NAT gateways.
Those settings are read when present (``PlanSettings``) and take precedence over the usage profile;
``Deployment.from_plan`` lists which ones were taken from the plan, and from which resources.
"""

from __future__ import annotations

import dataclasses
import json
import re
import shutil
import subprocess
from collections import Counter
from collections.abc import Iterator, Mapping
from dataclasses import dataclass, field
from decimal import Decimal
from pathlib import Path
from typing import Any

from .. import fleet
from ..config_store import decode_item
from ..errors import FieldError, FieldErrors
from .gate import parse_budget
from .model import num
from .platform import Inventory, inventory, plan_number
from .usage import UsageProfile

# An agent-config item carries exactly these attributes (fleet.RECORD_FIELDS plus config_version);
# an item written by agentcore-finops 0.1.0 has no prompt_routers (its fleet could name no router).
_RECORD_KEYS = frozenset((*fleet.RECORD_FIELDS, "config_version"))
_RECORD_KEY_SETS = (_RECORD_KEYS, _RECORD_KEYS - {"prompt_routers"})
# Log groups that hold what the agents write: Runtime logs, vended Memory/Gateway logs, and spans.
AGENT_LOG_GROUP_PREFIXES = ("/aws/bedrock-agentcore/", "/aws/vendedlogs/bedrock-agentcore/", "aws/spans")
_LOG_CLASSES = {"STANDARD": "standard", "INFREQUENT_ACCESS": "infrequent_access"}


@dataclass(frozen=True)
class Agent:
    """One resolved agent record, in the types the calculators use. ``None`` caps mean "no cap"."""

    agent_id: str
    tier: int
    model_id: str
    max_tokens: int | None
    step_budget: int | None
    tools: tuple[str, ...]
    is_async: bool
    ltm_enabled: bool
    ltm_importance_threshold: Decimal | None
    trace_sample_rate: Decimal
    escalation_model_id: str | None
    idle_session_timeout_seconds: int
    max_session_lifetime_seconds: int

    @classmethod
    def from_record(cls, record: Mapping[str, Any]) -> Agent:
        def dec(value: Any) -> Decimal | None:
            return None if value is None else Decimal(repr(value) if isinstance(value, float) else value)

        return cls(
            agent_id=record["agent_id"],
            tier=int(record["tier"]),
            model_id=record["model_id"],
            max_tokens=int(record["max_tokens"]),
            step_budget=int(record["step_budget"]),
            tools=tuple(record.get("tools") or ()),
            is_async=bool(record["async"]),
            ltm_enabled=bool(record["ltm_enabled"]),
            ltm_importance_threshold=dec(record.get("ltm_importance_threshold")),
            trace_sample_rate=Decimal(repr(float(record["trace_sample_rate"]))),
            escalation_model_id=record.get("escalation_model_id"),
            idle_session_timeout_seconds=int(record["idle_session_timeout_seconds"]),
            max_session_lifetime_seconds=int(record["max_session_lifetime_seconds"]),
        )


@dataclass(frozen=True)
class PlanSettings:
    """Deployment settings found in a plan; ``None`` where the plan says nothing."""

    log_retention_days: Decimal | None = None
    log_class: str | None = None
    interface_endpoint_enis: Decimal | None = None
    nat_gateways: Decimal | None = None
    evidence: Mapping[str, str] = field(default_factory=dict)
    # Monthly USD budgets (aws_budgets_budget, e.g. modules/cost-guardrails): (address, limit).
    budgets: tuple[tuple[str, Decimal], ...] = ()
    platform: Inventory | None = None  # the project's own resources (Lambdas, alarms, ...)
    traffic_gb: Decimal | None = None  # monthly_traffic_gb of modules/vpc-endpoints


@dataclass(frozen=True)
class FleetInput:
    """The agents to price, where they came from, and what the plan said about the deployment."""

    agents: tuple[Agent, ...]
    source: str
    tier1_model_id: str
    settings: PlanSettings = field(default_factory=PlanSettings)
    # Where each agent is defined: the plan's resource address, or `<fleet file>: agents["id"]`.
    addresses: Mapping[str, str] = field(default_factory=dict)
    # Prompt routers an agent names as model_id: router ARN -> {"models": [...], "split": {...}}.
    prompt_routers: Mapping[str, Any] = field(default_factory=dict)

    @property
    def tier_counts(self) -> dict[int, int]:
        return dict(sorted(Counter(a.tier for a in self.agents).items()))


@dataclass(frozen=True)
class Deployment:
    """The deployment settings an estimate uses: the usage profile's, overridden by the plan's."""

    log_retention_days: Decimal  # 0: never expires
    log_class: str  # standard | infrequent_access
    network_mode: str  # endpoints | nat | public
    interface_endpoint_enis: Decimal  # interface endpoints x AZs (one ENI each, billed per hour)
    nat_gateways: Decimal
    cross_az_share: Decimal
    from_plan: tuple[tuple[str, str], ...] = ()  # (setting, the resources it was read from)
    platform: Inventory | None = None  # the plan's project resources; None for a fleet file
    traffic_gb: Decimal | None = None  # the VPC's monthly traffic when the plan states it

    @classmethod
    def resolve(cls, usage: UsageProfile, settings: PlanSettings) -> Deployment:
        net = usage.network
        mode = net.mode
        enis = net.interface_endpoints * net.availability_zones if mode == "endpoints" else Decimal(0)
        nat = net.nat_gateways if mode == "nat" else Decimal(0)
        if settings.interface_endpoint_enis is not None or settings.nat_gateways is not None:
            enis = settings.interface_endpoint_enis or Decimal(0)
            nat = settings.nat_gateways or Decimal(0)
            mode = "endpoints" if enis else "nat" if nat else mode
        return cls(
            log_retention_days=(
                settings.log_retention_days
                if settings.log_retention_days is not None
                else usage.observability.log_retention_days
            ),
            log_class=settings.log_class or usage.observability.log_class,
            network_mode=mode,
            interface_endpoint_enis=enis,
            nat_gateways=nat,
            cross_az_share=net.cross_az_share,
            from_plan=tuple(settings.evidence.items()),
            platform=settings.platform,
            traffic_gb=settings.traffic_gb,
        )


# ------------------------------------------------------------------------------------------------
# from a fleet file, or from resolved records


def tier1_model(agents: tuple[Agent, ...], tiers: Mapping[str, Any] | None = None) -> str:
    """The model of the unoptimised baseline: the most common model of the tier-1 agents, else the
    tier-1 default (``tiers`` overrides, then built-in). Ties go to the first id in sorted order."""
    counts = Counter(a.model_id for a in agents if a.tier == 1)
    if counts:
        return sorted(counts.items(), key=lambda kv: (-kv[1], kv[0]))[0][0]
    return fleet.tier_configs(tiers)["1"]["model_id"]


_DERIVED = ("agent_id", "config_version", "prompt_routers")  # record fields no agent input sets


def from_records(records: Mapping[str, Mapping[str, Any]], source: str) -> FleetInput:
    """A fleet from resolved records (the ``agent_configs`` output, or decoded table items). The
    prompt routers the records carry are checked as a fleet file's are and priced at their split."""
    errors: list[FieldError] = []
    routers: dict[str, Any] = {}
    for agent_id, record in records.items():
        fields = {k: v for k, v in record.items() if k not in _DERIVED}
        missing = [k for k in fleet.RECORD_FIELDS if k not in record and k != "prompt_routers"]
        if missing:
            errors.append(FieldError(f'agents["{agent_id}"].{missing[0]}', "missing field in the record"))
            continue
        try:
            fleet.validate({agent_id: fields})
        except FieldErrors as exc:
            errors += exc.errors
        errors += _record_routers(agent_id, record.get("prompt_routers"), routers)
    if not records:
        errors.append(FieldError("agents", "no agent records", "at least one agent"))
    if errors:
        raise FieldErrors(errors)
    agents = tuple(Agent.from_record(records[k]) for k in sorted(records))
    return FleetInput(
        agents=agents, source=source, tier1_model_id=tier1_model(agents), prompt_routers=routers
    )


def _record_routers(agent_id: str, given: Any, routers: dict[str, Any]) -> list[FieldError]:
    """Add the routers of one record (its prompt_routers field) to ``routers``; the errors of a
    malformed one, or of one router that two records describe differently."""
    where = f'agents["{agent_id}"].prompt_routers'
    if given is None:
        return []
    if not isinstance(given, Mapping):
        return [FieldError(where, f"invalid value {given!r}", "a map of router ARN to {models, split}")]
    errors = [
        FieldError(f'agents["{agent_id}"].{e.field}', e.problem, e.allowed)
        for e in fleet.prompt_router_errors(given)
    ]
    if errors:
        return errors
    for arn, router in given.items():
        router = {"models": list(router["models"]), "split": router.get("split")}
        if routers.setdefault(arn, router) != router:
            errors.append(
                FieldError(
                    f'{where}["{arn}"]',
                    f"{router!r} differs from another agent's record of the same router ({routers[arn]!r})",
                    "one declaration per router (prompt_routers of modules/agent-config)",
                )
            )
    return errors


def load_fleet(path: str | Path) -> FleetInput:
    """A fleet from a YAML/JSON file of ``agents`` and optional ``tiers``, resolved like Terraform."""
    path = Path(path)
    if not path.is_file():
        raise FieldError("--fleet", f"no such file: {path}", "a YAML or JSON file with 'agents'")
    agents_in, tiers, options = fleet.read_fleet_file(path)
    records = fleet.resolve(agents_in, tiers, **options)
    agents = tuple(Agent.from_record(records[k]) for k in sorted(records))
    return FleetInput(
        agents=agents,
        source=str(path),
        tier1_model_id=tier1_model(agents, tiers),
        addresses={a.agent_id: f'{path.name}: agents["{a.agent_id}"]' for a in agents},
        prompt_routers=options["prompt_routers"],
    )


# ------------------------------------------------------------------------------------------------
# from `terraform show -json`


# A binary plan file (`terraform plan -out=plan`) is a zip archive.
_ZIP_MAGIC = b"PK\x03\x04"
TERRAFORM_TIMEOUT_SECONDS = 300


def load_plan(path: str | Path, module: str | None = None, option: str = "--plan") -> FleetInput:
    """A fleet (and deployment settings) from ``terraform show -json`` output, or from a binary plan
    file, which is turned into that JSON by running ``terraform show -json`` on it. ``option`` names
    the command-line option in error messages (``--plan``, ``--against``)."""
    path = Path(path)
    try:
        raw = path.read_bytes()
    except OSError as exc:
        raise FieldError(option, f"cannot read {path}: {exc.strerror or exc}") from exc
    if raw.startswith(_ZIP_MAGIC):
        text = show_json(path, option)
    else:
        try:
            text = raw.decode("utf-8")
        except UnicodeDecodeError as exc:
            raise FieldError(
                option,
                f"{path} is neither JSON nor a Terraform plan file",
                "a plan file from `terraform plan -out=FILE`, or the output of `terraform show -json`",
            ) from exc
    try:
        data = json.loads(text)
    except ValueError as exc:
        raise FieldError(
            option,
            f"{path} is not JSON ({exc})",
            "a plan file from `terraform plan -out=FILE`, or the output of `terraform show -json`",
        ) from exc
    return read_plan(data, source=str(path), module=module, option=option)


def show_json(path: Path, option: str = "--plan") -> str:
    """``terraform show -json`` of a binary plan file, run in the plan file's directory (Terraform
    needs the initialised working directory the plan was made in: its providers give the schemas)."""
    terraform = shutil.which("terraform")
    if terraform is None:
        raise FieldError(
            option,
            f"{path} is a binary plan file and terraform is not on PATH, so it cannot be read",
            "install Terraform, or pass the output of `terraform show -json <planfile>` instead",
        )
    try:
        done = subprocess.run(
            [terraform, "show", "-json", "-no-color", str(path.resolve())],
            cwd=path.resolve().parent,
            capture_output=True,
            text=True,
            timeout=TERRAFORM_TIMEOUT_SECONDS,
            check=False,
        )
    except (OSError, subprocess.TimeoutExpired) as exc:
        raise FieldError(option, f"`terraform show -json {path}` failed: {exc}") from exc
    if done.returncode != 0:
        detail = " ".join(done.stderr.split())[:600] or f"exit status {done.returncode}"
        raise FieldError(
            option,
            f"`terraform show -json {path}` failed: {detail}",
            "a plan file in the initialised Terraform directory it was made in (run `terraform init` there)",
        )
    return done.stdout


def _root(data: Any, option: str = "--plan") -> Mapping[str, Any]:
    if isinstance(data, Mapping):
        for key in ("planned_values", "values"):
            values = data.get(key)
            root = values.get("root_module") if isinstance(values, Mapping) else None
            if isinstance(root, Mapping):
                return root
    raise FieldError(
        option,
        "not the JSON of a Terraform plan or state (no planned_values.root_module or values.root_module)",
        "the output of `terraform show -json <planfile>`",
    )


def _resources(module: Mapping[str, Any], address: str = "(root)") -> Iterator[dict[str, Any]]:
    """Managed resources of a module tree, each with ``module`` set to its module's address."""
    for key in ("resources", "child_modules"):
        entries = module.get(key, [])
        if not isinstance(entries, list) or not all(isinstance(e, Mapping) for e in entries):
            raise FieldError(
                f"{address}.{key}", "not a list of objects", "the output of `terraform show -json`"
            )
    for res in module.get("resources", []):
        if not isinstance(res.get("values"), Mapping | None):
            raise FieldError(
                f"{res.get('address', address)}.values", "not an object", "the resource's attributes"
            )
        if res.get("mode", "managed") == "managed":
            yield {**res, "module": address}
    for child in module.get("child_modules", []):
        yield from _resources(child, str(child.get("address", "?")))


def read_plan(
    data: Any, source: str = "plan", module: str | None = None, option: str = "--plan"
) -> FleetInput:
    """Agent records from the planned ``aws_dynamodb_table_item`` items of every instance of
    modules/agent-config (recognised by the item's attributes, so any module path works), restricted to
    module address ``module`` when given; plus the deployment settings the plan holds."""
    resources: list[Mapping[str, Any]] = list(_resources(_root(data, option)))
    records: dict[str, dict[str, Any]] = {}
    where: dict[str, str] = {}
    modules: list[str] = []
    found: list[str] = []  # every module address holding agent-config items, for a wrong --plan-module
    errors: list[FieldError] = []
    for res in resources:
        if res.get("type") != "aws_dynamodb_table_item":
            continue
        address = res.get("address", "?")
        raw = (res.get("values") or {}).get("item")
        if module is not None and res["module"] != module:
            if _is_record(raw) and res["module"] not in found:
                found.append(res["module"])
            continue
        if raw is None:
            errors.append(FieldError(f"{address}.item", "unknown until apply", "an item known at plan time"))
            continue
        try:
            item = json.loads(raw) if isinstance(raw, str) else raw
        except ValueError:
            continue
        if not isinstance(item, Mapping) or set(item) not in _RECORD_KEY_SETS:
            continue  # another table's item
        record = decode_item(item)
        agent_id = record["agent_id"]
        if agent_id in records:
            errors.append(
                FieldError(
                    f'agents["{agent_id}"]',
                    f"defined twice: {where[agent_id]} and {address}",
                    "one agent-config instance, chosen with --plan-module",
                )
            )
            continue
        records[agent_id], where[agent_id] = record, address
        if res["module"] not in modules:
            modules.append(res["module"])
    if errors:
        raise FieldErrors(errors)
    if not records and module is not None:
        raise FieldError(
            "--plan-module",
            f"no agent-config records at module address {module} in {source}",
            ", ".join(found) if found else "none: the plan holds no modules/agent-config items",
        )
    if not records:
        raise FieldError(
            option,
            f"no agent-config records in {source}",
            "a plan of a configuration that uses modules/agent-config (its aws_dynamodb_table_item items)",
        )
    fleet_input = from_records(records, source=f"{source} ({', '.join(modules)})")
    settings = plan_settings(resources)
    traffic = plan_traffic(data)
    if traffic is not None:
        gb, where_from = traffic
        settings = dataclasses.replace(
            settings, traffic_gb=gb, evidence={**settings.evidence, "network traffic": where_from}
        )
    return dataclasses.replace(fleet_input, settings=settings, addresses=where)


# modules/vpc-endpoints' monthly_cost_estimate output carries these keys.
_ENDPOINT_ESTIMATE_KEYS = frozenset(
    ("traffic_gb", "interface_endpoints", "availability_zones", "endpoint_data_usd")
)


def plan_traffic(data: Mapping[str, Any]) -> tuple[Decimal, str] | None:
    """The fleet's monthly VPC traffic as modules/vpc-endpoints was given it (``monthly_traffic_gb``):
    from a root output that passes the module's ``monthly_cost_estimate`` on, else from a literal
    ``monthly_traffic_gb`` in a call of the module. None when the plan does not say."""
    found: list[tuple[Decimal, str]] = []
    outputs = (data.get("planned_values") or data.get("values") or {}).get("outputs") or {}
    for name, output in sorted(outputs.items() if isinstance(outputs, Mapping) else ()):
        value = output.get("value") if isinstance(output, Mapping) else None
        if (
            isinstance(value, Mapping)
            and set(value) >= _ENDPOINT_ESTIMATE_KEYS
            and value.get("traffic_gb") is not None
        ):
            where = f"output {name}.traffic_gb"
            found.append((plan_number(value["traffic_gb"], where, 0), where))
    if not found:
        found = list(_traffic_in_calls((data.get("configuration") or {}).get("root_module") or {}, ""))
    if not found:
        return None
    total = sum((gb for gb, _ in found), Decimal(0))
    return total, f"{num(total)} GB a month (monthly_traffic_gb of modules/vpc-endpoints) from " + ", ".join(
        w for _, w in found
    )


def _traffic_in_calls(module: Mapping[str, Any], prefix: str) -> Iterator[tuple[Decimal, str]]:
    for name, call in (module.get("module_calls") or {}).items():
        address = f"{prefix}module.{name}"
        if str(call.get("source", "")).rstrip("/").endswith("vpc-endpoints"):
            constant = ((call.get("expressions") or {}).get("monthly_traffic_gb") or {}).get("constant_value")
            if isinstance(constant, int | float) and not isinstance(constant, bool):
                where = f"{address} monthly_traffic_gb"
                yield plan_number(constant, where, 0), where
        yield from _traffic_in_calls(call.get("module") or {}, f"{address}.")


def _is_record(raw: Any) -> bool:
    """Whether a planned item's value is an agent-config record."""
    try:
        item = json.loads(raw) if isinstance(raw, str) else raw
    except ValueError:
        return False
    return isinstance(item, Mapping) and set(item) in _RECORD_KEY_SETS


AZ_TAG = "agentcore-finops:availability-zones"


_INSTANCE_KEY = re.compile(r'\["(?:[^"\\]|\\.)*"\]$|\[\d+\]$')


def _addresses(resources: list[Mapping[str, Any]]) -> str:
    """Where a setting came from, short: instances of one resource block are counted, not listed
    (``module.x.aws_cloudwatch_log_group.this (14 instances)``)."""
    blocks: dict[str, int] = {}
    for r in resources:
        block = _INSTANCE_KEY.sub("", str(r["address"]))
        blocks[block] = blocks.get(block, 0) + 1
    return ", ".join(f"{b} ({n} instances)" if n > 1 else b for b, n in blocks.items())


def _endpoint_subnet_count(resource: Mapping[str, Any]) -> int:
    """Subnets (one ENI each, billed per hour) of a planned interface endpoint: its subnet ids when
    known at plan time, else the AZs that modules/vpc-endpoints lists in its tag (subnet ids of a VPC
    created in the same apply are unknown until then). 0 when neither is known."""
    values = resource.get("values") or {}
    subnet_ids = values.get("subnet_ids")
    if isinstance(subnet_ids, list) and subnet_ids:
        return len(subnet_ids)
    tags = values.get("tags") or {}
    return len(str(tags.get(AZ_TAG, "")).split())


def plan_settings(resources: list[Mapping[str, Any]]) -> PlanSettings:
    """Log retention and class of the agents' log groups, interface endpoints and NAT gateways."""
    evidence: dict[str, str] = {}
    retention: Decimal | None = None
    log_class: str | None = None

    groups = [
        r
        for r in resources
        if r.get("type") == "aws_cloudwatch_log_group"
        and str((r.get("values") or {}).get("name") or "").startswith(AGENT_LOG_GROUP_PREFIXES)
    ]
    if groups:
        days = [int(g["values"].get("retention_in_days") or 0) for g in groups]
        # The longest retention prices the worst case; 0 (never expires) is the longest of all.
        retention = Decimal(0) if 0 in days else Decimal(max(days))
        names = _addresses(groups)
        evidence["log retention"] = (
            f"{'never expires' if retention == 0 else f'{retention} days'}"
            f"{' (the longest of ' + ', '.join(str(d) for d in sorted(set(days))) + ')' if len(set(days)) > 1 else ''}"
            f" from {names}"
        )
        classes = {_LOG_CLASSES.get(str(g["values"].get("log_group_class") or "STANDARD")) for g in groups}
        log_class = "standard" if "standard" in classes or None in classes else "infrequent_access"
        evidence["log class"] = f"{log_class} from {names}"

    enis: Decimal | None = None
    interface = [
        r
        for r in resources
        if r.get("type") == "aws_vpc_endpoint"
        and (r.get("values") or {}).get("vpc_endpoint_type") == "Interface"
    ]
    nats = [r for r in resources if r.get("type") == "aws_nat_gateway"]
    if interface or nats:
        known = [_endpoint_subnet_count(r) for r in interface]
        if any(n == 0 for n in known):
            unknown = [r["address"] for r, n in zip(interface, known, strict=True) if n == 0]
            raise FieldError(
                "--plan",
                f"the subnets of {', '.join(unknown)} are unknown until apply, so their hourly charge "
                "(per AZ) cannot be priced",
                f"subnet ids known at plan time, or the {AZ_TAG} tag that modules/vpc-endpoints sets",
            )
        enis = Decimal(sum(known))
        if interface:
            evidence["interface endpoints"] = (
                f"{len(interface)} endpoints in {num(enis)} subnets (ENIs) from " + _addresses(interface)
            )
        evidence["NAT gateways"] = f"{len(nats)} from {_addresses(nats)}" if nats else "none planned"
    return PlanSettings(
        log_retention_days=retention,
        log_class=log_class,
        interface_endpoint_enis=enis,
        nat_gateways=Decimal(len(nats)) if (interface or nats) else None,
        evidence=evidence,
        budgets=_budgets(resources),
        platform=inventory(resources),
    )


def _budgets(resources: list[Mapping[str, Any]]) -> tuple[tuple[str, Decimal], ...]:
    out = []
    for r in resources:
        values = r.get("values") or {}
        if r.get("type") != "aws_budgets_budget" or values.get("time_unit") != "MONTHLY":
            continue
        if values.get("limit_unit") != "USD" or values.get("budget_type", "COST") != "COST":
            continue
        if values.get("limit_amount") is None:
            continue  # unknown until apply
        address = str(r.get("address"))
        out.append((address, parse_budget(str(values["limit_amount"]), option=f"{address}.limit_amount")))
    return tuple(out)
