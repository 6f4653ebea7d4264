"""`agentcore-finops estimate`, through main([...]) and once through the installed console script.

Bad input exits 2 with an error naming the field on standard error, and prints no estimate."""

from __future__ import annotations

import json
import shutil
import subprocess
import sys
from pathlib import Path

import pytest
import yaml

from agentcore_finops import __version__, cli
from agentcore_finops.estimate import usage
from agentcore_finops.estimate.formats import MARKER

REPO = Path(__file__).resolve().parents[2]
FLEET_YAML = str(REPO / "examples" / "complete" / "fleet.yaml")


def run(capsys, *args: str) -> tuple[int, str, str]:
    code = cli.main(["estimate", *args])
    out, err = capsys.readouterr()
    return code, out, err


def test_default_is_a_table_of_the_configured_fleet(capsys):
    code, out, err = run(capsys, "--fleet", FLEET_YAML)
    assert code == 0 and err == ""
    assert out.startswith("agentcore-finops estimate: monthly cost in USD")
    header = next(line for line in out.splitlines() if line.startswith("dimension"))
    assert header.split() == ["dimension", "configured"]  # no baseline without --compare
    assert "Saving per lever" not in out and "Reference check" not in out


def test_json_compare_with_the_examples_prices(capsys):
    code, out, _ = run(
        capsys, "--fleet", FLEET_YAML, "--prices", "reference", "--compare", "--format", "json"
    )
    assert code == 0
    data = json.loads(out)
    assert data["scenarios"]["baseline"]["dimensions"]["llm"]["total_usd"] == 10500.0
    assert data["prices"]["overrides"] == "reference"
    rows = {r["label"]: r for r in data["reference_check"]["rows"]}
    assert rows["tiered: total"]["formula_usd"] == 1461.0 and rows["tiered: total"]["published_usd"] == 1382.0


def test_the_reference_check_also_follows_the_file_path(capsys):
    from agentcore_finops.estimate.reference import PRICES_FILE

    code, out, _ = run(capsys, "--fleet", FLEET_YAML, "--prices", str(PRICES_FILE), "--format", "json")
    assert code == 0 and "reference_check" in json.loads(out)
    code, out, _ = run(capsys, "--fleet", FLEET_YAML, "--format", "json")
    assert "reference_check" not in json.loads(out)


@pytest.mark.parametrize("fmt", ["markdown", "html"])
def test_output_file(capsys, tmp_path, fmt):
    target = tmp_path / f"estimate.{fmt}"
    code, out, err = run(capsys, "--fleet", FLEET_YAML, "--compare", "--format", fmt, "-o", str(target))
    assert code == 0 and out == "" and str(target) in err
    text = target.read_text()
    assert ("<svg" in text) if fmt == "html" else text.startswith(f"{MARKER}\n### agentcore-finops estimate")


def test_usage_file_changes_the_estimate(capsys, tmp_path):
    profile = tmp_path / "usage.yaml"
    profile.write_text("extends: reference\nsessions_per_agent_month: 2000\n")
    _, base, _ = run(capsys, "--fleet", FLEET_YAML, "--format", "json")
    code, doubled, _ = run(capsys, "--fleet", FLEET_YAML, "--usage", str(profile), "--format", "json")
    assert code == 0
    llm = [
        json.loads(x)["scenarios"]["configured"]["dimensions"]["llm"]["total_usd"] for x in (base, doubled)
    ]
    assert llm[1] == pytest.approx(2 * llm[0])


def _fleet(tmp_path: Path, agents: dict) -> str:
    path = tmp_path / f"fleet-{len(list(tmp_path.glob('fleet-*.yaml')))}.yaml"
    path.write_text(yaml.safe_dump({"agents": agents}))
    return str(path)


def _full_profile_without(tmp_path: Path, section: str, field: str) -> str:
    data = usage.reference().to_dict()
    del data[section][field]
    path = tmp_path / "usage.yaml"
    path.write_text(yaml.safe_dump(data))
    return str(path)


@pytest.mark.parametrize(
    ("case", "named"),
    [
        ("unknown model", "agents[\"a-b\"].model_id: unknown model id 'acme.mystery-v1:0'"),
        ("unknown escalation model", 'agents["a-b"].escalation_model_id'),
        ("negative usage", "usage.llm.output_tokens_per_call: must not be negative"),
        ("missing usage field", "usage.runtime.vcpus: missing value"),
        ("missing fleet field", 'agents["a-b"].tier: missing required field'),
        ("bad plan", "--plan:"),
        ("missing prices file", "--prices: no such file"),
        ("bad price override", 'models["amazon.nova-micro-v1:0"].usd_per_1m_tokens.input'),
        ("plan module without plan", "--plan-module: only applies with --plan"),
    ],
)
def test_bad_input_names_the_field_and_prints_no_estimate(capsys, tmp_path, case, named):
    fleet_ok = _fleet(tmp_path, {"a-b": {"tier": 3}})
    args = {
        "unknown model": ["--fleet", _fleet(tmp_path, {"a-b": {"tier": 3, "model_id": "acme.mystery-v1:0"}})],
        "unknown escalation model": [
            "--fleet",
            _fleet(tmp_path, {"a-b": {"tier": 3, "escalation_model_id": "acme.mystery-v1:0"}}),
        ],
        "negative usage": ["--fleet", fleet_ok, "--usage", str(_negative(tmp_path))],
        "missing usage field": [
            "--fleet",
            fleet_ok,
            "--usage",
            _full_profile_without(tmp_path, "runtime", "vcpus"),
        ],
        "missing fleet field": ["--fleet", _fleet(tmp_path, {"a-b": {"max_tokens": 64}})],
        "bad plan": ["--plan", str(_write(tmp_path / "plan.json", '{"format_version": "1.2"}'))],
        "missing prices file": ["--fleet", fleet_ok, "--prices", str(tmp_path / "nope.json")],
        "bad price override": [
            "--fleet",
            fleet_ok,
            "--prices",
            str(
                _write(
                    tmp_path / "p.json",
                    json.dumps(
                        {
                            "override_source": {"title": "t", "as_of": "2026-01"},
                            "models": {"amazon.nova-micro-v1:0": {"usd_per_1m_tokens": {"input": -1}}},
                        }
                    ),
                )
            ),
        ],
        "plan module without plan": ["--fleet", fleet_ok, "--plan-module", "module.x"],
    }[case]
    code, out, err = run(capsys, *args, "--compare")
    assert code == cli.EXIT_BAD_INPUT
    assert out == ""
    assert named in err, err
    assert err.startswith("agentcore-finops estimate: error: ")


def _write(path: Path, text: str) -> Path:
    path.write_text(text)
    return path


def _negative(tmp_path: Path) -> Path:
    return _write(tmp_path / "neg.yaml", "extends: reference\nllm: {output_tokens_per_call: -300}\n")


def test_usage_errors_from_argparse_return_2(capsys):
    assert cli.main(["estimate"]) == 2
    assert "one of the arguments --fleet --plan is required" in capsys.readouterr().err
    assert cli.main(["estimate", "--fleet", FLEET_YAML, "--format", "pdf"]) == 2
    assert cli.main([]) == 2
    assert cli.main(["estimate", "--help"]) == 0
    assert "terraform show -json" in capsys.readouterr().out


def test_installed_console_script(tmp_path):
    """The `agentcore-finops` entry point declared in pyproject.toml runs the same code."""
    script = Path(sys.executable).with_name("agentcore-finops")
    assert script.is_file() or shutil.which("agentcore-finops"), "run `make setup` to install the package"
    exe = str(script) if script.is_file() else shutil.which("agentcore-finops")
    ok = subprocess.run(
        [exe, "estimate", "--fleet", FLEET_YAML, "--compare", "--format", "json"],
        capture_output=True,
        text=True,
        check=False,
    )
    assert ok.returncode == 0, ok.stderr
    data = json.loads(ok.stdout)
    assert data["fleet"]["agents"] == 100 and data["saving_usd"] > 0
    bad = subprocess.run(
        [exe, "estimate", "--fleet", str(_write(tmp_path / "f.yaml", "agents: {a-b: {tier: 7}}\n"))],
        capture_output=True,
        text=True,
        check=False,
    )
    assert bad.returncode == 2 and bad.stdout == ""
    assert 'agents["a-b"].tier: invalid value 7' in bad.stderr


def test_version(capsys):
    assert cli.main(["--version"]) == 0
    assert capsys.readouterr().out.strip() == f"agentcore-finops {__version__}"


def test_help_documents_the_exit_statuses(capsys):
    assert cli.main(["estimate", "--help"]) == 0
    out = capsys.readouterr().out
    assert "exit status:" in out
    assert (
        f"  {cli.EXIT_GATE_FAILED}  a cost gate failed" in out and f"  {cli.EXIT_BAD_INPUT}  bad input" in out
    )


def _head_fleet(tmp_path: Path, tier2_to_tier1: int) -> str:
    """examples/complete/fleet.yaml with the first ``tier2_to_tier1`` tier-2 agents moved to tier 1."""
    data = yaml.safe_load(Path(FLEET_YAML).read_text())
    moved = [k for k, v in data["agents"].items() if v["tier"] == 2][:tier2_to_tier1]
    for key in moved:
        data["agents"][key]["tier"] = 1
    path = tmp_path / f"head-{tier2_to_tier1}.yaml"
    path.write_text(yaml.safe_dump(data))
    return str(path)


@pytest.mark.parametrize(
    ("limit", "moved", "status"),
    [
        ("10%", 10, cli.EXIT_GATE_FAILED),  # ten agents to tier 1 raise the bill by well over 10%
        ("50%", 10, cli.EXIT_OK),
        ("1000", 10, cli.EXIT_OK),  # USD a month: the move adds about $720
        ("500", 10, cli.EXIT_GATE_FAILED),
        ("0", 0, cli.EXIT_OK),  # no change passes even a zero limit
    ],
)
def test_fail_on_increase(capsys, tmp_path, limit, moved, status):
    out_file = tmp_path / "cost.json"
    code = cli.main(
        [
            *("estimate", "--fleet", _head_fleet(tmp_path, moved), "--against", FLEET_YAML),
            *("--fail-on-increase", limit, "--format", "json", "-o", str(out_file)),
        ]
    )
    _, err = capsys.readouterr()
    assert code == status
    data = json.loads(out_file.read_text())  # the report is written either way
    delta = data["total"]["delta_usd"]
    assert (delta > 0) == bool(moved)
    assert data["gate"]["passed"] is (status == cli.EXIT_OK)
    if status == cli.EXIT_GATE_FAILED:
        assert f"agentcore-finops estimate: cost gate failed: monthly cost change ${delta:,.2f}" in err
        assert (
            f"exceeds the allowed increase of {limit if limit.endswith('%') else '$' + limit + '.00'}" in err
        )
    else:
        assert "cost gate failed" not in err


def test_fail_over_budget(capsys, tmp_path):
    code, out, err = run(capsys, "--fleet", FLEET_YAML, "--fail-over-budget", "--budget", "1000")
    assert code == cli.EXIT_GATE_FAILED
    assert "Cost gate\n  FAILED: monthly estimate $" in out  # the report, with the verdict
    assert "is over the budget of $1,000.00 (--budget)" in err
    code, out, err = run(capsys, "--fleet", FLEET_YAML, "--fail-over-budget", "--budget", "100000")
    assert code == cli.EXIT_OK and "passed: monthly estimate" in out and err == ""


@pytest.mark.parametrize(
    ("args", "named"),
    [
        (["--fail-on-increase", "10%"], "--fail-on-increase: only applies with --against"),
        (["--against", FLEET_YAML, "--fail-on-increase", "ten"], "--fail-on-increase: invalid value 'ten'"),
        (["--against", FLEET_YAML, "--fail-on-increase", "-5"], "--fail-on-increase: invalid value '-5'"),
        (["--fail-over-budget"], "--fail-over-budget: no budget"),
        (["--fail-over-budget", "--budget", "0"], "--budget: invalid value '0'"),
        (["--budget", "100"], "--budget: only applies with --fail-over-budget"),
        (["--against", FLEET_YAML, "--format", "html"], "--format: html is not available with --against"),
        (["--against", FLEET_YAML, "--compare"], "--compare: does not apply with --against"),
    ],
)
def test_gate_and_diff_input_errors(capsys, args, named):
    code, out, err = run(capsys, "--fleet", FLEET_YAML, *args)
    assert code == cli.EXIT_BAD_INPUT and out == ""
    assert named in err, err


def test_fail_over_budget_reads_the_plans_budget(capsys, tmp_path):
    from tests.unit.test_estimate_inputs import _fleet_items, _plan

    module = "module.agent_config"
    budget = {
        "address": "module.guardrails.aws_budgets_budget.this",
        "mode": "managed",
        "type": "aws_budgets_budget",
        "values": {
            "budget_type": "COST",
            "limit_amount": "5.00",
            "limit_unit": "USD",
            "time_unit": "MONTHLY",
        },
    }
    plan = _write(tmp_path / "plan.json", json.dumps(_plan((module, _fleet_items(module)), extra=[budget])))
    code, out, err = run(capsys, "--plan", str(plan), "--fail-over-budget")
    assert code == cli.EXIT_GATE_FAILED and out
    assert "is over the budget of $5.00 (module.guardrails.aws_budgets_budget.this)" in err
    # --budget wins over the plan's
    code, _, err = run(capsys, "--plan", str(plan), "--fail-over-budget", "--budget", "1000000")
    assert code == cli.EXIT_OK and err == ""
