"""scripts.tfenv: the provider-mirror setting and the generated Terraform CLI config."""

from __future__ import annotations

import pytest

from scripts import tfenv


def _mirror(root, version="5.100.0"):
    d = root / "registry.terraform.io" / "hashicorp" / "aws" / version / "linux_amd64"
    d.mkdir(parents=True)
    (d / f"terraform-provider-aws_v{version}_x5").write_text("binary")
    return d


def test_setting_names_the_mirror_root(tmp_path, monkeypatch):
    _mirror(tmp_path)
    monkeypatch.setattr(tfenv, "WELL_KNOWN_MIRRORS", ())
    assert tfenv.find_mirror({"TF_PROVIDER_MIRROR": str(tmp_path)}) == tmp_path


def test_a_path_inside_the_mirror_is_accepted(tmp_path):
    binary_dir = _mirror(tmp_path)
    found = tfenv.find_mirror({"TF_PROVIDER_MIRROR": str(binary_dir / "terraform-provider-aws_v5.100.0_x5")})
    assert found == tmp_path


def test_a_setting_that_is_not_a_mirror_is_a_clear_error(tmp_path):
    with pytest.raises(
        tfenv.MirrorError, match=r"TF_PROVIDER_MIRROR=.*registry\.terraform\.io/hashicorp/aws"
    ):
        tfenv.find_mirror({"TF_PROVIDER_MIRROR": str(tmp_path)})


def test_without_setting_a_well_known_mirror_is_used(tmp_path, monkeypatch):
    _mirror(tmp_path / "b")
    monkeypatch.setattr(tfenv, "WELL_KNOWN_MIRRORS", (str(tmp_path / "a"), str(tmp_path / "b")))
    assert tfenv.find_mirror({}) == tmp_path / "b"
    monkeypatch.setattr(tfenv, "WELL_KNOWN_MIRRORS", (str(tmp_path / "a"),))
    assert tfenv.find_mirror({}) is None


def test_cli_config_with_mirror_never_falls_back_to_the_registry(tmp_path):
    text = tfenv.cli_config_text(tmp_path)
    assert f'path    = "{tmp_path}"' in text
    assert 'exclude = ["registry.terraform.io/*/*"]' in text
    assert "plugin_cache_dir" not in text


def test_cli_config_without_mirror_uses_the_registry_with_a_cache(tmp_path):
    text = tfenv.cli_config_text(None, plugin_cache=tmp_path)
    assert "provider_installation" not in text and f'plugin_cache_dir = "{tmp_path}"' in text


def test_terraform_env_overrides_an_inherited_cli_config():
    env = tfenv.terraform_env({"TF_CLI_CONFIG_FILE": "/nonexistent/.terraformrc"})
    assert env["TF_CLI_CONFIG_FILE"] == str(tfenv.CLI_CONFIG)
    assert env["TF_IN_AUTOMATION"] == "1"


def test_stage_copies_the_terraform_tree_without_state(tmp_path):
    root = tfenv.stage(tmp_path / "s")
    assert (root / "main.tf").is_file() and (root / "modules" / "agent-config" / "main.tf").is_file()
    assert (root / "examples" / "complete" / "main.tf").is_file()
    root_files = {p.name for p in tfenv.REPO_ROOT.glob("*.tf")}
    # topic files of the root module (network.tf, router.tf, agentcore.tf, ...) are staged with it
    assert {"network.tf", "router.tf", "agentcore.tf"} <= root_files
    assert root_files == {p.name for p in root.glob("*.tf")}
    assert not list(root.rglob(".terraform"))
    assert not list(root.rglob("*.tfstate"))


def test_stage_copies_every_root_tf_file(tmp_path):
    """Root wiring lives in several files (observability.tf, ...); a staged root needs all of them."""
    root = tfenv.stage(tmp_path / "s")
    expected = sorted(p.name for p in tfenv.REPO_ROOT.glob("*.tf"))
    assert "observability.tf" in expected
    assert sorted(p.name for p in root.glob("*.tf")) == expected


def test_staged_files_are_what_stage_copies(tmp_path):
    """The plan cache keys on staged_files: it must list exactly what a staged copy holds."""
    root = tfenv.stage(tmp_path / "s")
    copied = {
        p.relative_to(root).as_posix()
        for p in root.rglob("*")
        if p.is_file() and not p.is_symlink() and "build" not in p.relative_to(root).parts
    }
    lambda_dir = root / "build" / "lambda"
    if lambda_dir.exists():
        copied |= {
            f"build/lambda/{p.relative_to(lambda_dir).as_posix()}"
            for p in lambda_dir.rglob("*")
            if p.is_file()
        }
    listed = {p.relative_to(tfenv.REPO_ROOT).as_posix() for p in tfenv.staged_files()}
    assert listed == copied
    assert not [f for f in listed if "/.terraform/" in f or f.endswith((".tfstate", ".pyc"))]


def test_make_offline_overrides_or_adds_the_provider(tmp_path):
    (tmp_path / "ex").mkdir()
    (tmp_path / "ex" / "main.tf").write_text('provider "aws" {\n  region = "eu-west-1"\n}\n')
    tfenv.make_offline(tmp_path / "ex")
    assert "skip_credentials_validation" in (tmp_path / "ex" / "zz_offline_override.tf").read_text()
    (tmp_path / "mod").mkdir()
    (tmp_path / "mod" / "main.tf").write_text('resource "aws_sqs_queue" "q" {}\n')
    tfenv.make_offline(tmp_path / "mod")
    assert (
        'region                      = "us-east-1"'
        in (tmp_path / "mod" / "zz_offline_provider.tf").read_text()
    )


def test_terraform_gets_fewer_garbage_collections_unless_the_environment_says_otherwise(monkeypatch):
    monkeypatch.delenv("GOGC", raising=False)
    monkeypatch.delenv("GOMEMLIMIT", raising=False)
    assert {k: tfenv.terraform_env()[k] for k in tfenv.GO_GC_SETTINGS} == tfenv.GO_GC_SETTINGS
    monkeypatch.setenv("GOGC", "100")
    assert tfenv.terraform_env()["GOGC"] == "100"
    assert tfenv.terraform_env({"GOGC": "off"})["GOGC"] == "off"
