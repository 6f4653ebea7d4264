"""The ``agentcore-finops`` command. Subcommand ``estimate``: the monthly bill of a fleet, per cost
dimension, from a fleet file or a Terraform plan, with the unoptimised baseline beside it.

    agentcore-finops estimate --fleet examples/complete/fleet.yaml --compare
    terraform plan -out=plan && terraform show -json plan > plan.json
    agentcore-finops estimate --plan plan.json --compare --format markdown > estimate.md

Exit status: 0 with the estimate on standard output (or in ``--output``); 2 on bad input, with one
line per problem on standard error naming the field, and nothing on standard output.
"""

from __future__ import annotations

import argparse
import sys
from collections.abc import Sequence
from pathlib import Path

from .errors import FieldError, FieldErrors

EXIT_OK = 0
EXIT_BAD_INPUT = 2
_EXAMPLES = """\
examples:
  agentcore-finops estimate --fleet examples/complete/fleet.yaml --compare
  agentcore-finops estimate --fleet fleet.yaml --usage my-usage.yaml --prices my-discounts.json
  agentcore-finops estimate --plan plan.json --compare --format markdown    # in CI, on a PR
  agentcore-finops estimate --fleet examples/complete/fleet.yaml --prices reference --compare --formulas
  agentcore-finops estimate --plan plan.json --compare --format html -o estimate.html
"""


def _parser() -> argparse.ArgumentParser:
    from .estimate.formats import FORMATS

    parser = argparse.ArgumentParser(
        prog="agentcore-finops", description="Cost tools for AI agent fleets on Amazon Bedrock AgentCore."
    )
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
        "--plan", metavar="JSON", help="output of `terraform show -json <planfile>` (or of state)"
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
    return parser


def _estimate(args: argparse.Namespace) -> str:
    from . import pricing
    from .estimate import estimate, load_fleet, load_plan, load_usage, render
    from .estimate.reference import PRICES_FILE

    if args.plan_module and not args.plan:
        raise FieldError("--plan-module", "only applies with --plan")
    fleet = load_plan(args.plan, module=args.plan_module) if args.plan else load_fleet(args.fleet)
    usage = load_usage(args.usage)
    prices = PRICES_FILE if args.prices == "reference" else args.prices
    if prices is not None and not Path(prices).is_file():
        raise FieldError("--prices", f"no such file: {prices}", "reference, or a price-override JSON file")
    catalogue = pricing.load_catalogue(overrides=prices)
    is_reference = prices is not None and Path(prices).resolve() == PRICES_FILE.resolve()
    report = estimate(
        fleet,
        usage,
        catalogue,
        compare_baseline=args.compare,
        reference_check=is_reference,
        overrides_label=None if prices is None else ("reference" if is_reference else str(prices)),
    )
    return render(report, args.format, formulas=args.formulas, detail=not args.summary)


def main(argv: Sequence[str] | None = None) -> int:
    """Run the command; returns the exit status (the console script exits with it)."""
    parser = _parser()
    try:
        args = parser.parse_args(argv)
    except SystemExit as exc:  # --help, or a usage error already printed by argparse
        return int(exc.code or 0)
    try:
        text = _estimate(args)
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
    return EXIT_OK


if __name__ == "__main__":
    sys.exit(main())
