"""Fixtures shared by every test layer."""

from __future__ import annotations

import os
from pathlib import Path

import pytest

from scripts import tfenv


@pytest.fixture(scope="session")
def tf_cli_config() -> str:
    """The generated Terraform CLI config (provider mirror when one is found)."""
    return str(tfenv.write_cli_config())


def run_tmp_dir(tmp_path_factory) -> Path:
    """A folder every process of this run shares: under xdist each worker's base temp folder is
    ``<run>/popen-gw<n>``, so the run's folder is its parent; without xdist it is the base itself."""
    base = tmp_path_factory.getbasetemp()
    return base.parent if os.environ.get("PYTEST_XDIST_WORKER") else base


@pytest.fixture(scope="session", autouse=True)
def shared_plans(tmp_path_factory):
    """One plan per configuration per run: ``harness.plan`` (and so ``example_plan``) keeps plans in
    the run's temp folder, keyed by the staged files and the variables, under a file lock, so a
    configuration that several tests or xdist workers plan is planned once."""
    from tests import harness

    previous = harness.use_plan_cache(run_tmp_dir(tmp_path_factory) / "plan-cache")
    yield
    harness.use_plan_cache(previous)


@pytest.fixture(scope="session", autouse=True)
def one_botocore_loader():
    """One botocore data loader per test process, shared by every boto3 session.

    Each new boto3 session makes a new loader, which parses its JSON files again: the endpoints and
    partitions for the session, and each service's model and endpoint rules for its clients. The
    Lambdas make a session per client (``agentcore_finops.aws.client``), ``aws.reset_clients`` runs
    around each test, and moto's fixtures make clients too, so most tests parsed those files afresh:
    a fifth of the unit tests' CPU time was ``json.loads`` in botocore's loader. The loader caches by
    file name and version; its files do not change during a run, so sharing it changes no answer.
    Keyed by the search path (``AWS_DATA_PATH``), as botocore makes it."""
    import botocore.session

    make = botocore.session.create_loader
    loaders: dict[str | None, object] = {}

    def shared(search_path_string: str | None = None):
        if search_path_string not in loaders:
            loaders[search_path_string] = make(search_path_string)
        return loaders[search_path_string]

    with pytest.MonkeyPatch.context() as patch:
        patch.setattr(botocore.session, "create_loader", shared)
        yield loaders


@pytest.fixture(scope="session", autouse=True)
def shared_provider_lifetime():
    """Stop this test process's running AWS provider (tests/shared_provider.py) when the session ends."""
    from tests import shared_provider

    yield shared_provider.SHARED
    shared_provider.stop_all()


@pytest.fixture(scope="session")
def example_plan(tmp_path_factory):
    """Plan an example offline with its default variables (once per run, see ``shared_plans``). An
    example whose variables have no defaults (ids of things the user already has) ships sample values
    in ``example.tfvars``, which is used when present."""
    from tests import harness

    def get(example: str):
        sample = harness.REPO_ROOT / example / "example.tfvars"
        return harness.plan(
            example,
            tmp_path_factory.mktemp(example.replace("/", "-")),
            var_files=[sample] if sample.is_file() else None,
        )

    return get


# -- scheduling under xdist (`make test` runs `--dist loadgroup --no-loadscope-reorder`) -------------


def _uses_module_fixture(item: pytest.Item) -> bool:
    info = getattr(item, "_fixtureinfo", None)
    defs = info.name2fixturedefs.values() if info else ()
    return any(d and d[-1].scope == "module" for d in defs)


def _add_group_to_nodeid(item: pytest.Item) -> None:
    """What xdist's loadgroup does: ``<nodeid>@<group>`` makes the controller schedule a group as one
    unit. xdist 3.8 writes ``item._nodeid``, which pytest 9 no longer reads (the id is ``item._id``),
    so its groups are silently ignored; this sets the id pytest 9 reads, and does nothing once xdist's
    own suffix is there."""
    names = sorted({str(m.args[0]) for m in item.iter_markers("xdist_group") if m.args})
    suffix = "@" + "_".join(names)
    if not names or item.nodeid.endswith(suffix):
        return
    if hasattr(item, "_id"):
        item._id = type(item._id).parse(item.nodeid + suffix)
    else:
        item._nodeid = item.nodeid + suffix


@pytest.hookimpl(wrapper=True)
def pytest_collection_modifyitems(config, items):
    """Group, then order the run for xdist's loadgroup scheduling (what `make test` uses).

    Before the other hooks (xdist reads the marks in its own): a test that uses a module-scoped
    fixture (an initialised workspace, plans memoised per module) gets its module as ``xdist_group``,
    so it runs on the same worker as the rest of its module and the fixture is set up once.

    After them (pytest's own reordering included): the longest tests start first, those marked slow,
    then the rest of the end-to-end layer, then the other Terraform tests (plans), then the rest, each
    in collection order; with scopes not reordered (``--no-loadscope-reorder``) the first two start on
    different workers."""
    grouping = config.pluginmanager.hasplugin("xdist")
    for item in items:
        if grouping and _uses_module_fixture(item):
            item.add_marker(pytest.mark.xdist_group(item.module.__name__))
    result = yield
    if getattr(config.option, "loadgroup", False):  # an xdist worker under --dist loadgroup
        for item in items:
            _add_group_to_nodeid(item)
    items.sort(
        key=lambda i: (
            not i.get_closest_marker("slow"),
            not i.get_closest_marker("e2e"),
            not i.get_closest_marker("terraform"),
        )
    )
    return result
