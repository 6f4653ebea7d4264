"""The root module's account_id (issue #17: one source for the account). It is required, checked by
modules/aws-scope like every account id of this project, and the one account every module is given:
the plan fails without it or with a bad one, naming the field and what is allowed."""

from __future__ import annotations

import pytest

from tests import harness

pytestmark = pytest.mark.terraform

AGENTS = {"a-ok": {"tier": 1}}
# A module call that leaves account_id out, as a user's configuration would.
WITHOUT_ACCOUNT = """\
module "agents" {
  source = "../"

  name_prefix = "acct-input"
  agents      = { "a-ok" = { tier = 1 } }
}
"""


def test_a_configuration_without_account_id_fails_naming_it(tmp_path):
    ws = harness.Workspace("account-stack", tmp_path, files={"main.tf": WITHOUT_ACCOUNT})
    ws.init()
    message = harness.plan_error(ws)
    assert 'The argument "account_id" is required' in message, message[-2000:]


@pytest.fixture(scope="module")
def root(tmp_path_factory):
    return harness.Workspace(".", tmp_path_factory.mktemp("account-root"))


BAD = {
    "null": (None, ["var.account_id", "required variable may not be set to null"]),
    "too_short": ("12345", ['account_id must be 12 digits; got "12345"', "account_id = var.account_id"]),
    "not_digits": ("12345678901a", ['account_id must be 12 digits; got "12345678901a"']),
    "an_arn": (
        "arn:aws:iam::123456789012:root",
        ['account_id must be 12 digits; got "arn:aws:iam::123456789012:root"'],
    ),
}
ACCOUNT = "210987654321"
GOOD = {
    "account_id": ACCOUNT,
    "create_agentcore": True,
    "agentcore_runtimes": {"a-ok": {"container_uri": f"{ACCOUNT}.dkr.ecr.us-east-1.amazonaws.com/a:1"}},
}


@pytest.fixture(scope="module")
def outcomes(root):
    """Every bad account, and GOOD, planned at once (one ``terraform test`` run, see harness.plan_cases)."""
    base = {"name_prefix": "acct-input", "agents": AGENTS}
    cases = {case: {**base, "account_id": value} for case, (value, _) in BAD.items()}
    return harness.plan_cases(root, {**cases, "good": {**base, **GOOD}})


@pytest.mark.parametrize("case", BAD, ids=list(BAD))
def test_a_bad_account_id_fails_the_plan_naming_it(case, outcomes):
    harness.assert_fails_naming(outcomes[case], BAD[case][1])


def test_every_module_names_the_account_given_before_anything_exists(outcomes):
    """The key policy, the log-retention auditor's role and the AgentCore roles' trust all name
    account_id, known at plan time: nothing waits for the config table's ARN."""
    account = ACCOUNT
    summary = outcomes["good"].planned()
    policy = summary.outputs["kms_key_policy"]
    assert {s["Sid"]: s for s in policy["Statement"]}["AccountAdministersKey"]["Principal"] == {
        "AWS": f"arn:aws:iam::{account}:root"
    }
    resources = [
        r
        for address, values in summary.of_type("aws_iam_role_policy").items()
        if "log_retention_auditor" in address and isinstance(values["policy"], dict)  # not unknown
        for statement in values["policy"]["Statement"]
        for r in _list(statement["Resource"])
    ]
    assert f"arn:aws:logs:us-east-1:{account}:log-group:*" in resources, resources
    runtime_role = next(v for a, v in summary.of_type("aws_iam_role").items() if 'runtime["a-ok"]' in a)
    [trust] = runtime_role["assume_role_policy"]["Statement"]
    assert trust["Condition"]["StringEquals"]["aws:SourceAccount"] == account


def _list(x):
    return x if isinstance(x, list) else [x]
