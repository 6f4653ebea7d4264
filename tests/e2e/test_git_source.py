"""Zero-step consumption: a configuration in an empty directory sources the root module and
modules/tier-router by Git URL (``git::file://<bare clone>?ref=<tag>``, made from the current HEAD),
and ``terraform init`` + ``terraform apply`` against the emulator deploys working functions with no
``make build`` and no ``lambda_package_dir``. The deployed router's package (the zip committed with
the module, as Terraform fetched it) then runs its handler against the applied table, and everything
is destroyed.

The repository is served at HEAD: uncommitted changes are not in it (commit first)."""

from __future__ import annotations

import base64
import hashlib
import json
import os
import subprocess
import sys
import sysconfig
import zipfile
from pathlib import Path

import pytest

from scripts import tfenv
from tests import tier_defaults

pytestmark = [pytest.mark.e2e, pytest.mark.terraform]

TAG = "v0.0.0-e2e"
OFFICIAL = "arn:aws:lambda:us-east-1:017000801446:layer:AWSLambdaPowertoolsPythonV3-python312-arm64:37"

CONSUMER = """
terraform {{
  required_providers {{
    aws = {{
      source  = "hashicorp/aws"
      version = ">= 5.100"
    }}
  }}
}}

provider "aws" {{
  region = "us-east-1"
}}

module "fleet" {{
  source = "git::file://{repo}?ref={tag}"

  name_prefix              = "git-consumer"
  deletion_protection      = false
  create_sampling_profiles = false
  create_tier_router       = false # the router comes from the module below
  account_id               = "123456789012"

  agents = {{
    "triage-orchestrator" = {{ tier = 1 }}
    "ticket-tagger"       = {{ tier = 3 }}
  }}
}}

module "router" {{
  source = "git::file://{repo}//modules/tier-router?ref={tag}"

  function                = {{ name = "git-consumer-router" }}
  agent_config_table_name = module.fleet.agent_config_table_name
  agent_config_table_arn  = module.fleet.agent_config_table_arn
  agent_configs           = module.fleet.agent_configs
}}

output "router" {{
  value = module.router.function.lambda_function_name
}}
"""

# Runs the deployed package's handler in a fresh interpreter: the package's own code first on the path,
# then the test environment's site-packages standing in for the Powertools layer (``-S``: the editable
# install's .pth, which would put lambda_src on the path, is not read).
_INVOKE = """
import json, sys
package, site = sys.argv[1:3]
sys.path[:0] = [package]
sys.path.append(site)
from tier_router import handler

class Context:
    function_name = "git-consumer-router"
    memory_limit_in_mb = 256
    invoked_function_arn = "arn:aws:lambda:us-east-1:123456789012:function:git-consumer-router"
    aws_request_id = "git-e2e"

event = {
    "agent_id": "ticket-tagger",
    "messages": [{"role": "user", "content": "Tag this ticket."}],
    "system": "You tag tickets.",
    "trace_id": "trace-git-e2e",
}
response = handler.lambda_handler(event, Context())
loaded = sorted(
    {m.__name__.split(".")[0] for m in list(sys.modules.values())
     if (getattr(m, "__file__", None) or "").startswith(package + "/")}
)
print(json.dumps({"response": response, "from_package": loaded, "handler_file": handler.__file__}))
"""


def _run(args: list[str], cwd: Path, env: dict[str, str]) -> str:
    proc = subprocess.run(args, cwd=cwd, env=env, capture_output=True, text=True)
    assert proc.returncode == 0, f"{' '.join(args)} failed:\n{proc.stdout[-3000:]}\n{proc.stderr[-3000:]}"
    return proc.stdout


def _serve_head_as_git_remote(tmp_path: Path) -> Path:
    """A bare clone of this repository with the tag on the current HEAD (nothing is pushed anywhere)."""
    head = _run(["git", "rev-parse", "HEAD"], tfenv.REPO_ROOT, dict(os.environ)).strip()
    bare = tmp_path / "agentcore-finops.git"
    _run(["git", "clone", "--quiet", "--bare", str(tfenv.REPO_ROOT), str(bare)], tmp_path, dict(os.environ))
    _run(["git", "tag", TAG, head], bare, dict(os.environ))
    return bare


def test_a_git_sourced_configuration_applies_with_no_build_step(aws_env, aws, tmp_path):
    repo = _serve_head_as_git_remote(tmp_path)
    consumer = tmp_path / "consumer"
    consumer.mkdir()
    (consumer / "main.tf").write_text(CONSUMER.format(repo=repo, tag=TAG))
    env = tfenv.terraform_env(aws_env)
    lam = aws("lambda")

    _run(["terraform", "init", "-no-color"], consumer, env)
    # Terraform fetched the modules from the Git remote; nothing was built for them.
    fetched = consumer / ".terraform" / "modules"
    router_zip = fetched / "router" / "modules" / "tier-router" / "package" / "tier_router.zip"
    assert router_zip.is_file()
    assert not any(fetched.glob("*/build")), "no build output in the fetched repository"
    try:
        _run(["terraform", "apply", "-auto-approve", "-no-color"], consumer, env)
        outputs = json.loads(_run(["terraform", "output", "-json"], consumer, env))
        name = outputs["router"]["value"]

        config = lam.get_function_configuration(FunctionName=name)
        # The deployed code is the zip committed with the module, and Powertools is the official layer.
        assert (
            config["CodeSha256"]
            == base64.b64encode(hashlib.sha256(router_zip.read_bytes()).digest()).decode()
        )
        assert [layer["Arn"] for layer in config["Layers"]] == [OFFICIAL]
        # The root's own Lambdas deploy with no lambda_package_dir too (the auditor is on by default).
        auditor = lam.get_function_configuration(FunctionName="git-consumer-log-retention-auditor")
        assert auditor["Handler"] == "log_retention_auditor.handler.lambda_handler"

        # The deployed package's handler, configured exactly as the deployed function, routes a call.
        package = tmp_path / "deployed"
        with zipfile.ZipFile(router_zip) as zf:
            zf.extractall(package)
        run_env = {k: v for k, v in env.items() if k != "PYTHONPATH"}
        run_env.update(config["Environment"]["Variables"])
        site = sysconfig.get_paths()["purelib"]
        proc = subprocess.run(
            [sys.executable, "-S", "-c", _INVOKE, str(package), site],
            capture_output=True,
            text=True,
            env=run_env,
            cwd=tmp_path,
        )
        assert proc.returncode == 0, proc.stderr[-3000:]
        result = json.loads(proc.stdout.strip().splitlines()[-1])
        assert result["handler_file"].startswith(str(package))
        assert result["from_package"] == ["agentcore_finops", "tier_router"]
        response = result["response"]
        assert response["status"] == 200, response
        decision = response["decision"]
        # the ticket-tagger on tier 3's defaults
        assert (decision["model_id"], decision["max_tokens"]) == (
            tier_defaults.model(3),
            tier_defaults.default(3, "max_tokens"),
        )
    finally:
        # state fresh from the apply above: no refresh (see harness.Workspace.destroy)
        _run(["terraform", "destroy", "-auto-approve", "-refresh=false", "-no-color"], consumer, env)
    assert lam.list_functions()["Functions"] == []
