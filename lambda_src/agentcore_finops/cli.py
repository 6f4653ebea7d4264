"""The ``agentcore-finops`` command. Subcommand ``estimate``: the monthly bill of a fleet, per cost
dimension, from a fleet file or a Terraform plan, with the unoptimised baseline beside it, or the
change from a base (``--against``) with a cost gate. Subcommand ``usage``: what the fleet actually did,
per agent, tier and day, from its metrics (``--export-profile``, ``--against-estimate``); ``usage init``:
a commented usage profile template for a fleet or plan. Subcommand ``recommend``: per-agent changes
with saving, evidence and a patch (docs/usage.md).

    agentcore-finops estimate --fleet examples/complete/fleet.yaml --compare
    terraform plan -out=plan && agentcore-finops estimate --plan plan --compare --format markdown
    agentcore-finops estimate --plan head.plan --against base.plan --fail-on-increase 10% -o cost.md

Exit status: 0 with the estimate on standard output (or in ``--output``); 2 on bad input, with one
line per problem on standard error naming the field, and nothing on standard output; 3 when a cost
gate (``--fail-on-increase``, ``--fail-over-budget``) fails, with the reason on standard error and
the report written as usual; for ``usage`` and ``recommend``, 4 when an AWS read fails (access denied
names the IAM action) and 5 when the window holds no metrics.
"""

from __future__ import annotations

import argparse
import sys
from collections.abc import Sequence
from pathlib import Path

from . import __version__
from .errors import FieldError, FieldErrors
from .usage_report import EmptyWindow, UsageReadError, UsageReport

EXIT_OK = 0
EXIT_BAD_INPUT = 2
EXIT_GATE_FAILED = 3
EXIT_AWS_ERROR = 4
EXIT_EMPTY = 5
_USAGE_EXAMPLES = """\
examples:
  agentcore-finops usage --days 14 --table agentcore-finops-agent-config
  agentcore-finops usage --start 2026-11-01 --end 2026-12-01 --format markdown -o usage.md
  agentcore-finops usage init --fleet fleet.yaml -o usage.yaml      # a usage profile template

exit status: 0 report written; 2 bad input; 4 an AWS read failed (access denied names the IAM
action); 5 no metrics in the window
"""
_RECOMMEND_EXAMPLES = """\
examples:
  agentcore-finops recommend --days 30 --table agentcore-finops-agent-config
  agentcore-finops recommend --days 30 --table T --fleet fleet.yaml --apply-to fleet.auto.tfvars.json
  agentcore-finops recommend --days 30 --table T --min-calls 5000 --min-max-tokens 512 --lowest-tier 2
  agentcore-finops recommend --days 30 --table T --sampling-app abc1234 --max-override-days 14

exit status: as for usage
"""
_EXAMPLES = """\
examples:
  agentcore-finops estimate --fleet examples/complete/fleet.yaml --compare
  agentcore-finops estimate --fleet fleet.yaml --usage my-usage.yaml --prices my-discounts.json
  agentcore-finops estimate --plan plan --compare --format markdown      # plan file or its JSON
  agentcore-finops estimate --plan head.plan --against base.plan --format markdown -o cost.md
  agentcore-finops estimate --plan head.plan --against base.plan --fail-on-increase 10%
  agentcore-finops estimate --plan plan --fail-over-budget               # budget from cost-guardrails
  agentcore-finops estimate --fleet examples/complete/fleet.yaml --prices reference --compare --formulas
  agentcore-finops estimate --plan plan.json --compare --format html -o estimate.html

exit status:
  0  the estimate was written (and every gate passed)
  2  bad input: one line per problem on standard error, naming the field; no estimate is written
  3  a cost gate failed (--fail-on-increase, --fail-over-budget): the reason on standard error,
     the estimate still written
"""


def _parser() -> argparse.ArgumentParser:
    from .estimate.formats import FORMATS

    parser = argparse.ArgumentParser(
        prog="agentcore-finops", description="Cost tools for AI agent fleets on Amazon Bedrock AgentCore."
    )
    parser.add_argument("--version", action="version", version=f"%(prog)s {__version__}")
    sub = parser.add_subparsers(dest="command", required=True, metavar="command")
    est = sub.add_parser(
        "estimate",
        help="the monthly bill of a fleet, per cost dimension",
        description=(
            "Price a fleet (a fleet file, or `terraform show -json` of a plan of any configuration using "
            "modules/agent-config) under a usage profile, per cost dimension and per month. Every figure "
            "carries its formula."
        ),
        epilog=_EXAMPLES,
        formatter_class=argparse.RawDescriptionHelpFormatter,
    )
    source = est.add_mutually_exclusive_group(required=True)
    source.add_argument("--fleet", metavar="FILE", help="YAML/JSON with `agents` (and optional `tiers`)")
    source.add_argument(
        "--plan",
        metavar="FILE",
        help="a plan file (`terraform plan -out=FILE`; read with `terraform show -json` in its directory), "
        "or the output of `terraform show -json` of a plan or of state",
    )
    est.add_argument(
        "--against",
        metavar="FILE",
        help="the base to compare with, of the same kind as the head (with --plan: a plan file, plan JSON "
        "or state; with --fleet: a fleet file): report the cost change",
    )
    est.add_argument(
        "--plan-module",
        metavar="ADDRESS",
        help="with --plan: only the agent-config instance at this module address (e.g. module.fleet.module.agent_config)",
    )
    est.add_argument(
        "--usage",
        metavar="FILE",
        default="reference",
        help="usage profile (YAML/JSON); default: the packaged reference workload",
    )
    est.add_argument(
        "--prices",
        metavar="FILE",
        help="price overrides in the catalogue's override format; `reference` = the worked example's prices",
    )
    est.add_argument(
        "--compare", action="store_true", help="add the unoptimised baseline and the saving per lever"
    )
    est.add_argument("--format", choices=FORMATS, default="table", help="output format (default: table)")
    est.add_argument("--formulas", action="store_true", help="table format: print every formula")
    est.add_argument(
        "--summary",
        action="store_true",
        help="table and markdown: totals and levers only, without the line-by-line figures",
    )
    est.add_argument(
        "-o", "--output", metavar="FILE", help="write the estimate to FILE instead of standard output"
    )
    gate = est.add_argument_group("cost gate (exit status 3 when a check fails)")
    gate.add_argument(
        "--fail-on-increase",
        metavar="LIMIT",
        help="with --against: fail when the monthly cost rises by more than LIMIT, "
        "a percentage of the base (10%%) or USD a month (500)",
    )
    gate.add_argument(
        "--fail-over-budget",
        action="store_true",
        help="fail when the monthly estimate is over the budget: --budget, else the plan's monthly "
        "aws_budgets_budget (modules/cost-guardrails)",
    )
    gate.add_argument("--budget", metavar="USD", help="the monthly budget for --fail-over-budget")

    usage = sub.add_parser(
        "usage",
        help="what the fleet really did, per agent, tier and day (`usage init`: a usage profile template)",
        description=(
            "Read the fleet's actual usage for a window of whole UTC days: the metrics the tier router and "
            "the guards publish (per AgentId and Tier), the agent-config table and the agents' log groups. "
            "Read-only. `usage init` writes a commented usage profile template instead."
        ),
        epilog=_USAGE_EXAMPLES,
        formatter_class=argparse.RawDescriptionHelpFormatter,
    )
    _reading_options(usage)
    usage.add_argument(
        "--format", choices=("table", "json", "markdown"), default="table", help="output format"
    )
    usage.add_argument("--daily", action="store_true", help="table and markdown: a row per agent per day too")
    usage.add_argument(
        "-o", "--output", metavar="FILE", help="write the report to FILE instead of standard output"
    )
    usage.add_argument(
        "--export-profile",
        metavar="FILE",
        help="also write the measured usage as a usage profile for `estimate --usage` (per tier and per agent)",
    )
    usage.add_argument("--force", action="store_true", help="overwrite --export-profile if it exists")
    usage.add_argument(
        "--against-estimate",
        action="store_true",
        help="with --fleet: report the measured model cost a month beside what estimate predicts per agent, largest drift first",
    )
    usage.add_argument(
        "--fleet", metavar="FILE", help="with --against-estimate: the fleet file (YAML/JSON with `agents`)"
    )
    usage.add_argument(
        "--usage",
        metavar="FILE",
        default="reference",
        help="with --against-estimate: the usage profile to estimate with (default: reference)",
    )
    usage_sub = usage.add_subparsers(dest="usage_command", required=False, metavar="init")
    init = usage_sub.add_parser(
        "init",
        help="write a usage profile template: every field, per tier and per agent, commented out",
        description=(
            "Write a usage profile for a fleet: every field with its reference value and meaning, and a "
            "per-tier and per-agent section listing the fleet's tiers and agents, all commented out (the "
            "file reads as the reference profile until you uncomment what differs)."
        ),
        epilog="example:\n  agentcore-finops usage init --plan plan.json -o usage.yaml",
        formatter_class=argparse.RawDescriptionHelpFormatter,
    )
    init_source = init.add_mutually_exclusive_group(required=True)
    init_source.add_argument("--fleet", metavar="FILE", help="YAML/JSON with `agents` (and optional `tiers`)")
    init_source.add_argument("--plan", metavar="FILE", help="a plan file, or `terraform show -json` output")
    init.add_argument("--plan-module", metavar="ADDRESS", help="with --plan: one agent-config instance")
    init.add_argument("-o", "--output", metavar="FILE", help="write to FILE instead of standard output")
    init.add_argument("--force", action="store_true", help="overwrite --output if it exists")

    rec = sub.add_parser(
        "recommend",
        help="per-agent changes the measured usage supports, with saving, evidence and a patch",
        description=(
            "Read the same figures as `usage` and propose per-agent changes (a lower tier, max_tokens, "
            "step_budget, long-term memory off; advisory: trace-sampling overrides left at 1.0, cache points), each with its monthly saving, confidence and evidence, and a patch for `agents`."
        ),
        epilog=_RECOMMEND_EXAMPLES,
        formatter_class=argparse.RawDescriptionHelpFormatter,
    )
    _reading_options(rec)
    rules = rec.add_argument_group("thresholds and floors")
    rules.add_argument(
        "--min-calls", type=int, default=1000, help="model calls an agent needs in the window (1000)"
    )
    rules.add_argument(
        "--max-escalation-rate", type=float, default=0.05, help="lower tier: escalation rate at most (0.05)"
    )
    rules.add_argument("--lowest-tier", default="3", help="floor: never propose a tier above this number (3)")
    rules.add_argument(
        "--headroom", type=float, default=0.25, help="max_tokens, step_budget: headroom over p99 (0.25)"
    )
    rules.add_argument(
        "--shrink",
        type=float,
        default=0.75,
        help="max_tokens: propose when at most this share of the current (0.75)",
    )
    rules.add_argument("--min-max-tokens", type=int, default=256, help="floor for max_tokens (256)")
    rules.add_argument("--min-step-budget", type=int, default=2, help="floor for step_budget (2)")
    rules.add_argument(
        "--max-exhausted-rate",
        type=float,
        default=0.01,
        help="step_budget: keep it when hit more often (0.01)",
    )
    rules.add_argument(
        "--min-ltm-writes",
        type=int,
        default=100,
        help="floor: long-term records an agent wrote in the window before ltm_off is considered (100)",
    )
    rules.add_argument(
        "--max-ltm-retrieval-ratio",
        type=float,
        default=0.1,
        help="ltm_off: propose when long-term retrievals per record written are below this (0.1)",
    )
    rules.add_argument(
        "--max-override-days",
        type=int,
        default=7,
        help="sampling_override: propose removing a 1.0 trace-sampling override older than this (7)",
    )
    rules.add_argument(
        "--min-prompt-tokens",
        type=int,
        default=2048,
        help="floor: input tokens per call before cache_points is considered (2048)",
    )
    rules.add_argument(
        "--max-cache-hit-ratio",
        type=float,
        default=0.2,
        help="cache_points: propose when the cache hit ratio is below this (0.2)",
    )
    rules.add_argument(
        "--cacheable-share",
        type=float,
        default=0.5,
        help="cache_points: share of the uncached input assumed to be a repeated prefix (0.5)",
    )
    rec.add_argument(
        "--sampling-app",
        metavar="ID",
        help="AppConfig application of the trace-sampling document (root output "
        "sampling_appconfig_application_id): check for overrides left at 1.0",
    )
    rec.add_argument(
        "--fleet",
        metavar="FILE",
        help="the fleet file (YAML/JSON with `agents`, optional `tiers`) the table was deployed from",
    )
    rec.add_argument(
        "--apply-to",
        metavar="FILE",
        help="with --fleet: write the fleet's `agents` with the changes to this *.tfvars.json",
    )
    rec.add_argument("--force", action="store_true", help="overwrite --apply-to if it exists")
    rec.add_argument("--format", choices=("table", "json", "markdown"), default="table", help="output format")
    rec.add_argument(
        "-o", "--output", metavar="FILE", help="write the report to FILE instead of standard output"
    )
    return parser


def _reading_options(parser: argparse.ArgumentParser) -> None:
    window = parser.add_argument_group("window (whole UTC days)")
    window.add_argument("--days", metavar="N", help="the N days before today (default 7)")
    window.add_argument("--start", metavar="YYYY-MM-DD", help="first day")
    window.add_argument("--end", metavar="YYYY-MM-DD", help="day after the last (default: today)")
    parser.add_argument("--region", help="AWS region (default: the standard AWS settings)")
    parser.add_argument("--table", metavar="NAME", help="the agent-config table (output config_table_name)")
    parser.add_argument(
        "--log-group-prefix", metavar="PREFIX", help="add stored bytes of log groups under PREFIX"
    )


def _read_usage(args: argparse.Namespace) -> UsageReport:
    from . import usage_report
    from .aws import client

    window = usage_report.Window.parse(args.days, args.start, args.end)

    def progress(text: str) -> None:
        if sys.stderr.isatty():
            print(f"\r\033[K{text}", end="", file=sys.stderr, flush=True)
        else:
            print(text, file=sys.stderr, flush=True)

    cloudwatch = client("cloudwatch", args.region)
    report = usage_report.collect(
        window,
        cloudwatch=cloudwatch,
        dynamodb=client("dynamodb", args.region) if args.table else None,
        table=args.table,
        logs=client("logs", args.region) if args.log_group_prefix else None,
        log_group_prefix=args.log_group_prefix,
        region=cloudwatch.meta.region_name,
        progress=progress,
    )
    if sys.stderr.isatty():
        print("\r\033[K", end="", file=sys.stderr, flush=True)
    if report.empty:
        raise usage_report.EmptyWindow(usage_report.empty_message(report))
    return report


def _usage(args: argparse.Namespace) -> tuple[str, list]:
    from . import usage_report

    if args.against_estimate and not args.fleet:
        raise FieldError("--against-estimate", "needs --fleet (the fleet to estimate)", "--fleet FILE")
    if args.fleet and not args.against_estimate:
        raise FieldError("--fleet", "only applies with --against-estimate (or `usage init`)")
    fleet_input = usage_profile = None
    if args.against_estimate:
        from .estimate import load_fleet, load_usage

        fleet_input, usage_profile = load_fleet(args.fleet), load_usage(args.usage)
    if args.export_profile and Path(args.export_profile).exists() and not args.force:
        raise FieldError(
            "--export-profile", f"{args.export_profile} exists", "a new file, or --force to overwrite it"
        )
    report = _read_usage(args)
    if args.export_profile:
        from . import profile_export

        Path(args.export_profile).write_text(profile_export.dump(report), encoding="utf-8")
        print(f"agentcore-finops usage: wrote {args.export_profile}", file=sys.stderr)
    if args.against_estimate:
        from . import against_estimate, pricing

        drifts = against_estimate.compare(report, fleet_input, usage_profile, pricing.load_catalogue())
        return against_estimate.render(drifts, args.format, str(args.usage)), []
    return usage_report.render(report, args.format, daily=args.daily), []


def _recommend(args: argparse.Namespace) -> tuple[str, list]:
    from . import fleet as fleet_mod
    from . import pricing, recommend

    if args.apply_to and not args.fleet:
        raise FieldError(
            "--apply-to", "needs --fleet (the full `agents` map is written)", "--fleet FILE --apply-to FILE"
        )
    if args.apply_to and Path(args.apply_to).exists() and not args.force:
        raise FieldError("--apply-to", f"{args.apply_to} exists", "a new file, or --force to overwrite it")
    thresholds = recommend.Thresholds(
        min_calls=args.min_calls,
        max_escalation_rate=args.max_escalation_rate,
        lowest_tier=str(args.lowest_tier),
        headroom=args.headroom,
        shrink=args.shrink,
        min_max_tokens=args.min_max_tokens,
        min_step_budget=args.min_step_budget,
        max_exhausted_rate=args.max_exhausted_rate,
        min_ltm_writes=args.min_ltm_writes,
        max_ltm_retrieval_ratio=args.max_ltm_retrieval_ratio,
        max_override_days=args.max_override_days,
        min_prompt_tokens=args.min_prompt_tokens,
        max_cache_hit_ratio=args.max_cache_hit_ratio,
        cacheable_share=args.cacheable_share,
    ).check()
    tiers = fleet_mod.load_fleet_file(args.fleet)[1] if args.fleet else None
    report = _read_usage(args)
    overrides, not_checked = _sampling_overrides(args)
    extra_rules = []
    if overrides:
        from . import recommend_sampling

        extra_rules.append(recommend_sampling.rule(overrides))
    recs, skipped = recommend.recommend(
        report, pricing.load_catalogue(), thresholds, tiers, extra_rules=extra_rules
    )
    if args.apply_to:
        recommend.write_patch(args.apply_to, args.fleet, recommend.patch(recs)["agents"], force=args.force)
        print(f"agentcore-finops recommend: wrote {args.apply_to} ({len(recs)} changes)", file=sys.stderr)
    return recommend.render(recs, skipped, report, thresholds, args.format, not_checked), []


def _sampling_overrides(args: argparse.Namespace) -> tuple[list | None, list[str]]:
    """The trace-sampling overrides at 1.0, or None and why: a failed read is reported, and the
    other rules still run."""
    if not args.sampling_app:
        return None, ["sampling_override: not checked (give --sampling-app)"]
    from . import sampling_history
    from .aws import client

    print(f"reading trace-sampling deployments: {args.sampling_app}", file=sys.stderr)
    try:
        return sampling_history.read_overrides(client("appconfig", args.region), args.sampling_app), []
    except sampling_history.SamplingReadError as exc:
        print(f"agentcore-finops recommend: sampling_override not checked: {exc}", file=sys.stderr)
        return None, [f"sampling_override: not checked: {exc}"]


def _usage_init(args: argparse.Namespace) -> tuple[str, list]:
    from .estimate import load_fleet, load_plan
    from .estimate.usage import template

    if args.plan_module and not args.plan:
        raise FieldError("--plan-module", "only applies with --plan")
    if args.output and Path(args.output).exists() and not args.force:
        raise FieldError("--output", f"{args.output} exists", "a new file, or --force to overwrite it")
    fleet = load_plan(args.plan, module=args.plan_module) if args.plan else load_fleet(args.fleet)
    return template(fleet), []


def _estimate(args: argparse.Namespace) -> tuple[str, list]:
    """The report's text and the gate's checks."""
    from . import pricing
    from .estimate import diff, estimate, gate, load_fleet, load_plan, load_usage, render
    from .estimate.formats import render_diff
    from .estimate.reference import PRICES_FILE

    if args.plan_module and not args.plan:
        raise FieldError("--plan-module", "only applies with --plan")
    if args.fail_on_increase is not None and not args.against:
        raise FieldError("--fail-on-increase", "only applies with --against (the base to compare with)")
    if args.budget is not None and not args.fail_over_budget:
        raise FieldError("--budget", "only applies with --fail-over-budget")
    if args.against and args.format == "html":
        raise FieldError("--format", "html is not available with --against", "table, json, markdown")
    if args.against and args.compare:
        raise FieldError("--compare", "does not apply with --against (the base is the baseline)")
    threshold = gate.parse_threshold(args.fail_on_increase) if args.fail_on_increase is not None else None
    budget = gate.parse_budget(args.budget) if args.budget is not None else None

    fleet = load_plan(args.plan, module=args.plan_module) if args.plan else load_fleet(args.fleet)
    base_fleet = None
    if args.against:
        base_fleet = (
            load_plan(args.against, module=args.plan_module, option="--against")
            if args.plan
            else load_fleet(args.against)
        )
    usage = load_usage(args.usage)
    prices = PRICES_FILE if args.prices == "reference" else args.prices
    if prices is not None and not Path(prices).is_file():
        raise FieldError("--prices", f"no such file: {prices}", "reference, or a price-override JSON file")
    catalogue = pricing.load_catalogue(overrides=prices)
    is_reference = prices is not None and Path(prices).resolve() == PRICES_FILE.resolve()
    label = None if prices is None else ("reference" if is_reference else str(prices))

    budget_where = "--budget"
    if args.fail_over_budget and budget is None:
        budgets = fleet.settings.budgets
        if not budgets:
            raise FieldError(
                "--fail-over-budget",
                "no budget: give --budget, or a plan with a monthly USD aws_budgets_budget",
                "--budget USD, or --plan of a stack using modules/cost-guardrails",
            )
        budget_where, budget = min(budgets, key=lambda b: b[1])

    report = estimate(
        fleet,
        usage,
        catalogue,
        compare_baseline=args.compare,
        reference_check=is_reference and not args.against,
        overrides_label=label,
    )
    checks = []
    if base_fleet is not None:
        base = estimate(base_fleet, usage, catalogue, overrides_label=label)
        change = diff.diff(base, report, catalogue)
        if threshold is not None:
            checks.append(gate.increase(change.base_total, change.head_total, threshold))
    if budget is not None:
        checks.append(gate.over_budget(report.configured.total, budget, budget_where))
    if base_fleet is not None:
        return render_diff(change, args.format, detail=not args.summary, checks=checks), checks
    return render(report, args.format, formulas=args.formulas, detail=not args.summary, checks=checks), checks


def main(argv: Sequence[str] | None = None) -> int:
    """Run the command; returns the exit status (the console script exits with it)."""
    parser = _parser()
    try:
        args = parser.parse_args(argv)
    except SystemExit as exc:  # --help, or a usage error already printed by argparse
        return int(exc.code or 0)
    try:
        if args.command == "usage":
            text, checks = _usage_init(args) if args.usage_command == "init" else _usage(args)
        elif args.command == "recommend":
            text, checks = _recommend(args)
        else:
            text, checks = _estimate(args)
    except UsageReadError as exc:
        print(f"agentcore-finops {args.command}: error: {exc}", file=sys.stderr)
        return EXIT_AWS_ERROR
    except EmptyWindow as exc:
        print(f"agentcore-finops {args.command}: {exc}", file=sys.stderr)
        return EXIT_EMPTY
    except FieldErrors as exc:
        for error in exc.errors:
            print(f"agentcore-finops {args.command}: error: {error}", file=sys.stderr)
        return EXIT_BAD_INPUT
    except FieldError as exc:
        print(f"agentcore-finops {args.command}: error: {exc}", file=sys.stderr)
        return EXIT_BAD_INPUT
    if args.output:
        Path(args.output).write_text(text, encoding="utf-8")
        print(f"agentcore-finops {args.command}: wrote {args.output}", file=sys.stderr)
    else:
        sys.stdout.write(text)
    failed = [check for check in checks if not check.passed]
    for check in failed:
        print(f"agentcore-finops {args.command}: cost gate failed: {check.reason}", file=sys.stderr)
    return EXIT_GATE_FAILED if failed else EXIT_OK


if __name__ == "__main__":
    sys.exit(main())
