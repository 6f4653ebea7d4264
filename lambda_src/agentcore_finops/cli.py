"""The ``agentcore-finops`` command. Subcommand ``estimate``: the monthly bill of a fleet, per cost
dimension, from a fleet file or a Terraform plan, with the unoptimised baseline beside it, or the
change from a base (``--against``) with a cost gate. Subcommand ``usage init``: a commented usage
profile template for a fleet or plan.

    agentcore-finops estimate --fleet examples/complete/fleet.yaml --compare
    terraform plan -out=plan && agentcore-finops estimate --plan plan --compare --format markdown
    agentcore-finops estimate --plan head.plan --against base.plan --fail-on-increase 10% -o cost.md

Exit status: 0 with the estimate on standard output (or in ``--output``); 2 on bad input, with one
line per problem on standard error naming the field, and nothing on standard output; 3 when a cost
gate (``--fail-on-increase``, ``--fail-over-budget``) fails, with the reason on standard error and
the report written as usual.
"""

from __future__ import annotations

import argparse
import sys
from collections.abc import Sequence
from pathlib import Path

from . import __version__
from .errors import FieldError, FieldErrors

EXIT_OK = 0
EXIT_BAD_INPUT = 2
EXIT_GATE_FAILED = 3
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
        help="usage profiles: `usage init` writes a commented template for a fleet or plan",
        description="Usage profiles for `estimate --usage`.",
    )
    usage_sub = usage.add_subparsers(dest="usage_command", required=True, metavar="command")
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
    return parser


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
        text, checks = _usage_init(args) if args.command == "usage" else _estimate(args)
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
