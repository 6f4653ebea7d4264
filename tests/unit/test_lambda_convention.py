"""The runtime convention every Lambda of the project follows (agentcore_finops.env's docstring):

- its settings are declared with the shared reader (``VARIABLES`` of ``env.*`` kinds, read with
  ``env.read``) in its ``contract`` module, which also defines its settings, event and report types;
  nothing else in the function reads the environment;
- its handler has the same Powertools stack and a typed ``LambdaContext``;
- a bad variable or a bad event fails (or, for the router's event, answers) in one error shape,
  ``env.error_report``'s ``{"error": {"type", "message", "field", "allowed"}}``.

The first part reads the source (ast); the second runs each handler."""

from __future__ import annotations

import ast
import importlib
import json
from dataclasses import dataclass
from pathlib import Path

import pytest

from agentcore_finops import aws
from agentcore_finops.env import SettingsError
from agentcore_finops.errors import FieldError
from scripts import build_lambdas
from tests import harness

SRC = Path(build_lambdas.SRC_ROOT)


@dataclass(frozen=True)
class Contract:
    settings: str  # the settings type
    loader: str  # what reads it from os.environ
    event: str  # the event type
    report: str  # the report type


CONTRACTS = {
    "tier_router": Contract("Settings", "Settings.from_env", "Request", "Response"),
    "ltm_pruner": Contract("PrunerConfig", "load_config", "RunRequest", "Report"),
    "log_retention_auditor": Contract("AuditPolicy", "policy_from_env", "Event", "Report"),
    "usage_digest": Contract("DigestSettings", "settings_from_env", "DigestEvent", "Digest"),
}
STACK = ["logger.inject_lambda_context(log_event=False)", "metrics.log_metrics"]


def _tree(path: Path) -> ast.Module:
    return ast.parse(path.read_text(), filename=str(path))


def _imports_from(tree: ast.Module, module: str, level: int = 0) -> set[str]:
    return {
        a.name
        for node in ast.walk(tree)
        if isinstance(node, ast.ImportFrom) and node.module == module and node.level == level
        for a in node.names
    }


def test_every_function_is_held_to_the_convention():
    assert sorted(build_lambdas.discover()) == sorted(CONTRACTS)


@pytest.mark.parametrize("fn", CONTRACTS)
def test_the_contract_module_declares_the_settings_with_the_shared_reader_and_defines_the_types(fn):
    c = CONTRACTS[fn]
    tree = _tree(SRC / fn / "contract.py")
    classes = {n.name for n in tree.body if isinstance(n, ast.ClassDef)}
    assert {c.settings, c.event, c.report} <= classes, f"{fn}/contract.py must define its types"
    assert "env" in _imports_from(tree, "agentcore_finops")

    (variables,) = [
        n.value
        for n in tree.body
        if isinstance(n, ast.Assign) and [ast.unparse(t) for t in n.targets] == ["VARIABLES"]
    ]
    assert isinstance(variables, ast.Tuple) and variables.elts
    for element in variables.elts:
        call = element.value.elt if isinstance(element, ast.Starred) else element  # *(env.x(...) for ...)
        assert isinstance(call, ast.Call) and ast.unparse(call.func).startswith("env."), ast.unparse(element)

    reads = [n for n in ast.walk(tree) if isinstance(n, ast.Call) and ast.unparse(n.func) == "env.read"]
    assert len(reads) == 1 and ast.unparse(reads[0].args[1]) == "VARIABLES"
    loader = c.loader.rsplit(".", 1)[-1]
    (defn,) = [n for n in ast.walk(tree) if isinstance(n, ast.FunctionDef) and n.name == loader]
    assert reads[0] in list(ast.walk(defn)), f"{c.loader} is what calls env.read"


@pytest.mark.parametrize("fn", CONTRACTS)
def test_the_handler_reads_the_settings_through_the_contract_and_has_the_decorator_stack(fn):
    c = CONTRACTS[fn]
    tree = _tree(SRC / fn / "handler.py")
    assert {c.settings, c.loader.split(".")[0]} <= _imports_from(tree, "contract", level=1)
    assert "LambdaContext" in _imports_from(tree, "aws_lambda_powertools.utilities.typing")
    # A bad configuration is logged and raised by the shared helper, in error_report's shape.
    assert "logged_errors" in _imports_from(tree, "agentcore_finops.env")
    assert any(
        isinstance(n, ast.With)
        and ast.unparse(n.items[0].context_expr)
        == "logged_errors(logger.error, 'misconfigured', SettingsError)"
        for n in ast.walk(tree)
    )

    (handler,) = [n for n in tree.body if isinstance(n, ast.FunctionDef) and n.name == "lambda_handler"]
    assert [ast.unparse(d) for d in handler.decorator_list] == STACK
    assert [(a.arg, ast.unparse(a.annotation)) for a in handler.args.args] == [
        ("event", "dict[str, Any]"),
        ("context", "LambdaContext"),
    ]
    loads = [
        n for n in ast.walk(tree) if isinstance(n, ast.Call) and ast.unparse(n) == f"{c.loader}(os.environ)"
    ]
    assert len(loads) == 1, f"the handler reads its settings once, with {c.loader}(os.environ)"


@pytest.mark.parametrize("fn", CONTRACTS)
def test_nothing_else_in_the_function_reads_the_environment(fn):
    loader = CONTRACTS[fn].loader
    for path in sorted((SRC / fn).glob("*.py")):
        tree = _tree(path)
        assert not _imports_from(tree, "os") & {"environ", "environb", "getenv"}, path.name
        parents = {child: node for node in ast.walk(tree) for child in ast.iter_child_nodes(node)}
        for node in ast.walk(tree):
            text = ast.unparse(node) if isinstance(node, ast.Attribute) else ""
            if text not in ("os.environ", "os.getenv", "os.environb"):
                continue
            parent = parents[node]
            ok = isinstance(parent, ast.Call) and ast.unparse(parent) == f"{loader}(os.environ)"
            assert ok, (
                f"{path.name}:{node.lineno}: {ast.unparse(parent)} reads the environment outside {loader}"
            )


# -- behaviour: the same error shape from every handler --------------------------------------------------


def _logged(caplog: pytest.LogCaptureFixture, message: str) -> dict:
    """The error a handler logged with ``message`` (Powertools passes ``extra`` keys to the record)."""
    records = [r for r in caplog.records if r.getMessage() == message]
    assert len(records) == 1, [r.getMessage() for r in caplog.records]
    assert records[0].levelname == "ERROR"
    return records[0].__dict__["error"]


def _assert_shape(error: dict, *, type_: str, fields: list[str]) -> None:
    assert set(error) <= {"type", "message", "field", "allowed", "errors"}
    assert error["type"] == type_ and error["field"] == ", ".join(fields)
    assert all(f in error["message"] for f in fields)
    if len(fields) > 1:
        assert [e["field"] for e in error["errors"]] == fields
    else:
        assert error["allowed"], "a single error says what is allowed"


@pytest.fixture
def handler_of(monkeypatch):
    """``handler_of(fn)``: the function's handler module in a fresh container (no cached settings or
    router, none of its variables set) that must not create an AWS client: every check runs first."""
    modules = []

    def reset(handler) -> None:
        for cached in ("settings", "configured_policy"):
            if hasattr(handler, cached):
                getattr(handler, cached).cache_clear()
        if hasattr(handler, "use_router"):
            handler.use_router(None)
        handler.metrics.clear_metrics()

    def get(fn: str):
        handler = importlib.import_module(f"{fn}.handler")
        contract = importlib.import_module(f"{fn}.contract")
        for var in contract.VARIABLES:
            monkeypatch.delenv(var.name, raising=False)
        monkeypatch.setattr(aws, "client", lambda *a, **k: pytest.fail("an AWS client before the checks"))
        reset(handler)
        modules.append(handler)
        return handler

    yield get
    for handler in modules:
        reset(handler)


MISCONFIGURED = {
    "tier_router": {"CONVERSE_MAX_ATTEMPTS": "many", "APPCONFIG_APPLICATION": "a"},
    "ltm_pruner": {"TTL_DAYS": '{"1": 90}', "DRY_RUN": "yes"},
    "log_retention_auditor": {"MODE": "fix", "MAX_CHANGES": "-1"},
    "usage_digest": {"WINDOW_DAYS": "0", "TOP_K": "many"},
}
MISCONFIGURED_FIELDS = {
    "tier_router": ["CONFIG_TABLE_NAME", "CONVERSE_MAX_ATTEMPTS", "APPCONFIG_ENVIRONMENT, APPCONFIG_PROFILE"],
    "ltm_pruner": ["MEMORY_SCOPES", "TTL_DAYS", "DRY_RUN"],
    "log_retention_auditor": ["INCLUDE_PREFIXES", "MODE", "MAX_CHANGES"],
    "usage_digest": ["CONFIG_TABLE_NAME", "SNS_TOPIC_ARN", "WINDOW_DAYS", "TOP_K"],
}


@pytest.mark.filterwarnings("ignore:No application metrics to publish")
@pytest.mark.parametrize("fn", CONTRACTS)
def test_a_misconfigured_function_fails_naming_every_bad_variable_and_logs_the_error_shape(
    fn, handler_of, monkeypatch, caplog
):
    handler = handler_of(fn)
    for name, value in MISCONFIGURED[fn].items():
        monkeypatch.setenv(name, value)
    with pytest.raises(SettingsError) as info:
        handler.lambda_handler({}, harness.lambda_context(fn))
    assert [e.field for e in info.value.errors] == MISCONFIGURED_FIELDS[fn]
    _assert_shape(_logged(caplog, "misconfigured"), type_="SettingsError", fields=MISCONFIGURED_FIELDS[fn])


GOOD_ENV = {
    "tier_router": {"CONFIG_TABLE_NAME": "unit-agent-config"},
    "ltm_pruner": {
        "MEMORY_SCOPES": json.dumps(
            [{"memory_id": "acme_agents_memory-a1b2c3d4e5", "namespace_paths": ["/f/"]}]
        ),
        "TTL_DAYS": json.dumps({"1": 90, "2": 30, "3": 7}),
    },
    "log_retention_auditor": {"INCLUDE_PREFIXES": '["/acme/"]'},
    "usage_digest": {"CONFIG_TABLE_NAME": "cfg", "SNS_TOPIC_ARN": "arn:aws:sns:us-east-1:123456789012:t"},
}
BAD_EVENT = {
    "tier_router": ({"agentId": "x", "messages": []}, "agentId"),
    "ltm_pruner": ({"dry_run": "no"}, "event.dry_run"),
    "log_retention_auditor": ({"mode": "fix"}, "event.mode"),
    "usage_digest": ({"top_k": 99}, "event.top_k"),
}


@pytest.mark.filterwarnings("ignore:No application metrics to publish")
@pytest.mark.parametrize("fn", CONTRACTS)
def test_a_bad_event_gets_the_same_error_shape_from_every_function(fn, handler_of, monkeypatch, caplog):
    handler = handler_of(fn)
    for name, value in GOOD_ENV[fn].items():
        monkeypatch.setenv(name, value)
    event, field = BAD_EVENT[fn]
    if fn == "tier_router":  # a synchronous API: the caller gets the error, the alarm does not fire
        out = handler.lambda_handler(event, harness.lambda_context(fn))
        assert out["status"] == 400 and set(out) == {"status", "error"}
        _assert_shape(out["error"], type_="InvalidRequest", fields=[field])
        return
    with pytest.raises(FieldError) as info:  # scheduled: the invocation fails so the error alarm fires
        handler.lambda_handler(event, harness.lambda_context(fn))
    assert info.value.field == field
    _assert_shape(_logged(caplog, "refused"), type_="FieldError", fields=[field])
