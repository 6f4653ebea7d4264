"""agentcore_finops.env: the one typed environment reader of the Lambdas. A table of what each kind
accepts and refuses, a property test that every bad variable (and only those) is reported, and the
error report shape."""

from __future__ import annotations

import pytest
from hypothesis import given
from hypothesis import strategies as st

from agentcore_finops import env
from agentcore_finops.errors import FieldError, FieldErrors

NUMBERS = (
    env.whole("COUNT", default=4, lo=1, hi=10),
    env.whole("FLOOR", default=0, lo=0),
    env.number("TTL", default=60.0, lo=0, hi=3600),
)

SNS = env.text("A", pattern=r"arn:aws:sns:[a-z0-9-]+:\d{12}:[\w-]+", allowed="an SNS topic ARN")

# (variable, raw text, value read; or None when refused)
TABLE = [
    (env.whole("N", lo=1, hi=10), "7", 7),
    (env.whole("N", lo=1, hi=10), " 7 ", 7),
    (env.whole("N", lo=1, hi=10), "-3", None),
    (env.whole("N", lo=-5, hi=10), "-3", -3),
    (env.whole("N", lo=1, hi=10), "11", None),
    (env.whole("N", lo=1, hi=10), "1.5", None),
    (env.whole("N", lo=1, hi=10), "+5", None),
    (env.whole("N", lo=1, hi=10), "1_0", None),
    (env.whole("N", lo=1, hi=10), "٣", None),  # a non-ASCII digit int() would accept
    (env.whole("N", lo=0), "123456789012", 123456789012),
    (env.number("X", lo=0, hi=1), "0.25", 0.25),
    (env.number("X", lo=0, hi=1), "nan", None),
    (env.number("X", lo=0, hi=1e9), "inf", None),
    (env.number("X", lo=0, hi=1), "1.5", None),
    (env.number("X", lo=0, hi=1), "soon", None),
    (env.boolean("B"), "TRUE", True),
    (env.boolean("B"), "false", False),
    (env.boolean("B"), "yes", None),
    (env.boolean("B"), "1", None),
    (env.choice("M", ("report", "enforce")), "Enforce", "enforce"),
    (env.choice("M", ("report", "enforce")), "fix", None),
    (env.text("T"), "acme-config", "acme-config"),
    (SNS, "arn:aws:sns:us-east-1:123456789012:t", "arn:aws:sns:us-east-1:123456789012:t"),
    (SNS, "topic", None),
    (env.json("J", list, allowed="a JSON list"), '["a", 1]', ["a", 1]),
    (env.json("J", list, allowed="a JSON list"), '{"a": 1}', None),
    (env.json("J", list, allowed="a JSON list"), "[1,", None),
    (env.json("J", dict, allowed="a JSON object"), '{"a": 1}', {"a": 1}),
    (env.json("J", dict, allowed="a JSON object"), "null", None),
]


@pytest.mark.parametrize(("var", "raw", "expected"), TABLE, ids=[f"{v.name}={r!r}" for v, r, _ in TABLE])
def test_each_kind_reads_what_it_allows_and_refuses_the_rest_naming_the_variable(var, raw, expected):
    if expected is None:
        with pytest.raises(env.SettingsError) as info:
            env.read({var.name: raw}, [var])
        assert [e.field for e in info.value.errors] == [var.name]
        assert info.value.errors[0].allowed, "every refusal says what is allowed"
    else:
        assert env.read({var.name: raw}, [var]) == {var.name: expected}


@pytest.mark.parametrize("raw", [None, "", "   "])
def test_unset_or_blank_takes_the_default_and_a_required_variable_is_reported(raw):
    environ = {} if raw is None else {"X": raw, "Y": raw}
    assert env.read(environ, [env.whole("X", default=3, lo=0)]) == {"X": 3}
    with pytest.raises(env.SettingsError, match=r"Y: is not set \(allowed: the table name\)"):
        env.read(environ, [env.text("Y", required=True, allowed="the table name")])


def test_a_json_number_too_long_for_python_is_refused_naming_the_variable():
    # json.loads raises a plain ValueError (not a JSONDecodeError) past int()'s 4,300-digit limit.
    var = env.json("J", list, allowed="a JSON list")
    with pytest.raises(env.SettingsError) as info:
        env.read({"J": "[" + "1" * 5000 + "]"}, [var])
    [error] = info.value.errors
    assert error.field == "J" and error.problem.startswith("is not JSON (Exceeds the limit")


def test_a_json_check_may_name_a_path_inside_the_variable():
    def check(name, value):
        if value and value[0] != "ok":
            raise FieldError(f"{name}[0]", f"invalid value {value[0]!r}", "ok")
        return tuple(value)

    var = env.json("L", list, allowed="a list", check=check)
    assert env.read({"L": '["ok"]'}, [var]) == {"L": ("ok",)}
    with pytest.raises(env.SettingsError) as info:
        env.read({"L": '["no"]'}, [var])
    assert info.value.field == "L[0]"


def test_a_rule_across_variables_sees_only_what_was_read_and_adds_its_errors():
    seen = []

    def rule(values):
        seen.append(dict(values))
        return (
            [FieldError("A, B", "both or neither", "both or neither")]
            if bool(values["A"]) != bool(values["B"])
            else []
        )

    variables = [env.text("A"), env.text("B"), env.whole("N", lo=0)]
    with pytest.raises(env.SettingsError) as info:
        env.read({"A": "x", "N": "-1"}, variables, check=rule)
    assert [e.field for e in info.value.errors] == ["N", "A, B"]
    assert seen == [{"A": "x", "B": None}]  # N was bad: the rule does not see it


@given(
    st.fixed_dictionaries(
        {},
        optional={
            v.name: st.one_of(
                st.text(max_size=8),
                st.integers(-20, 5000).map(str),
                st.floats(allow_nan=True, allow_infinity=True).map(str),
            )
            for v in NUMBERS
        },
    )
)
def test_every_bad_variable_and_only_those_is_reported_together(environ):
    def good(var, raw):
        try:
            var.parse(raw.strip())
        except FieldError:
            return False
        return True

    bad = [
        v.name
        for v in NUMBERS
        if v.name in environ and environ[v.name].strip() and not good(v, environ[v.name])
    ]
    if not bad:
        values = env.read(environ, NUMBERS)
        for v in NUMBERS:
            raw = environ.get(v.name, "").strip()
            assert values[v.name] == (v.parse(raw) if raw else v.default)
        assert 1 <= values["COUNT"] <= 10 and values["FLOOR"] >= 0 and 0 <= values["TTL"] <= 3600
        return
    with pytest.raises(env.SettingsError) as info:
        env.read(environ, NUMBERS)
    assert [e.field for e in info.value.errors] == bad
    assert all(name in str(info.value) for name in bad)


def test_the_settings_error_is_both_one_field_error_and_a_list_of_them():
    one = env.SettingsError([FieldError("A", "is not set", "a name")])
    two = env.SettingsError(
        [FieldError("A", "is not set", "a name"), FieldError("B", "invalid value 'x'", "1-3")]
    )
    assert isinstance(one, FieldError) and isinstance(one, FieldErrors)
    assert (one.field, one.problem, one.allowed, str(one)) == (
        "A",
        "is not set",
        "a name",
        "A: is not set (allowed: a name)",
    )
    assert (
        two.field == "A, B"
        and str(two) == "A: is not set (allowed: a name); B: invalid value 'x' (allowed: 1-3)"
    )


def test_the_error_report_shape():
    assert env.error_report(FieldError("event.mode", "unknown mode 'x'", "report or enforce")) == {
        "error": {
            "type": "FieldError",
            "message": "event.mode: unknown mode 'x' (allowed: report or enforce)",
            "field": "event.mode",
            "allowed": "report or enforce",
        }
    }
    report = env.error_report(env.SettingsError([FieldError("A", "is not set", "a"), FieldError("B", "bad")]))
    assert report["error"]["type"] == "SettingsError" and report["error"]["field"] == "A, B"
    assert [e["field"] for e in report["error"]["errors"]] == ["A", "B"]
    assert "allowed" not in report["error"]["errors"][1]
    assert env.error_report(RuntimeError("boom")) == {"error": {"type": "RuntimeError", "message": "boom"}}


def test_logged_errors_logs_the_listed_kinds_in_the_error_shape_and_reraises():
    logged: list[tuple[str, dict]] = []

    def log(message: str, extra: dict) -> None:
        logged.append((message, extra))

    bad = env.SettingsError([FieldError("MAX_CHANGES", "must be a whole number", "0 to 10000")])
    with pytest.raises(env.SettingsError), env.logged_errors(log, "misconfigured", env.SettingsError):
        raise bad
    assert logged == [("misconfigured", env.error_report(bad))]

    # Anything else passes through unlogged; a block that raises nothing logs nothing.
    with pytest.raises(KeyError), env.logged_errors(log, "refused", FieldError):
        raise KeyError("x")
    with env.logged_errors(log, "refused", FieldError):
        pass
    assert len(logged) == 1
