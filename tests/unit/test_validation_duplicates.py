"""No validation rule is written twice across the variables.tf files (issue #13).

Four checks, as code (no external tool at test time), over the root's and every module's variables.tf:

- no validation block of RUN or more lines repeats: each block's lines are reduced to their shape
  (strings -> S, numbers -> 0, names -> n; keywords and function names stay) and compared;
- no rule's values are written twice: a condition that carries values of its own (a pattern, a list,
  a limit other than 0 or 1), with the variable's name taken out, stands in one place only;
- the AWS rules several modules need (modules/aws-rules.json) are read from that file, never copied
  into a .tf file;
- no variable block of RUN or more lines that differs only in names, descriptions and messages stands
  in two variables.tf files (the root's, every module's and every example's; issue #17): a shared
  rule has one owner (modules/aws-scope for a partition, region and account id; modules/lambda-function
  for a Lambda's deployment settings, which the Lambda modules pass on as one ``function`` object), so
  a block two files share is a copy.
"""

from __future__ import annotations

import json
import re
from collections import defaultdict
from pathlib import Path

import pytest

REPO_ROOT = Path(__file__).resolve().parents[2]
RUN = 6

_TOKEN = re.compile(r"[A-Za-z_][A-Za-z0-9_-]*|\d+(?:\.\d+)?")
_LONE_PUNCTUATION = re.compile(r"^[\s{}()\[\],]*$")
_KEEP = {
    *[
        "variable",
        "validation",
        "condition",
        "error_message",
        "description",
        "type",
        "default",
        "nullable",
        "sensitive",
    ],
    *[
        "string",
        "number",
        "bool",
        "list",
        "map",
        "set",
        "object",
        "optional",
        "any",
        "null",
        "true",
        "false",
        "for",
        "in",
        "if",
        "var",
        "local",
    ],
}
_VARIABLE = re.compile(r'^variable "([^"]+)" \{\n(.*?)^\}', re.S | re.M)
_VALIDATION = re.compile(r"^  validation \{\n(.*?)^  \}", re.S | re.M)


def variables_files(root: Path = REPO_ROOT) -> list[Path]:
    """The root's and every module's variables.tf, with a module's own submodules (modules/agentcore/inputs)."""
    nested = [p for p in root.glob("modules/*/*/variables.tf") if "tests" not in p.parts]
    return [root / "variables.tf", *sorted([*root.glob("modules/*/variables.tf"), *nested])]


def all_variables_files(root: Path = REPO_ROOT) -> list[Path]:
    """The root's, every module's and every example's variables.tf (not the tests' fixtures)."""
    return [*variables_files(root), *sorted(root.glob("examples/*/variables.tf"))]


def _name(path: Path) -> str:
    """agentcore/variables.tf, agentcore/inputs/variables.tf, complete/variables.tf; variables.tf (root)."""
    parts = path.parts
    for top in ("modules", "examples"):
        if top in parts:
            return "/".join(parts[len(parts) - parts[::-1].index(top) :])
    return path.name


def _strings(line: str, mark: str = "S") -> tuple[str, list[str]]:
    """The line with every string literal (with its ${...} interpolations) replaced by S, and the
    literals' texts; a trailing comment is dropped."""
    out, found, i, n = [], [], 0, len(line)
    while i < n:
        c = line[i]
        if c == "#" or line.startswith("//", i):
            break
        if c != '"':
            out.append(c)
            i += 1
            continue
        start, i, depth = i, i + 1, 0
        while i < n:
            if line[i] == "\\":
                i += 2
                continue
            if line.startswith("${", i):
                depth += 1
                i += 2
                continue
            if line[i] == "}" and depth:
                depth -= 1
            elif line[i] == '"' and not depth:
                break
            i += 1
        i += 1
        found.append(line[start:i])
        out.append(mark)
    return "".join(out), found


def normalise(line: str, values: bool = False) -> str:
    """A line's shape: strings -> S, numbers -> 0, names -> n; keywords, attribute keys and function
    names stay (they are the rule), white space is folded. With ``values``, numbers, the rules of
    aws-rules.json a line reads (``local.aws_rules.<rule>``) and the strings of any line but a
    description or an error message (the variable's name, patterns, allowed values, defaults) stay
    too."""
    keep = values and not re.match(r"\s*(description|error_message)\b", line)
    text, literals = _strings(line, mark="\0" if keep else "S")  # \0: a kept literal, restored below

    def shape(m: re.Match) -> str:
        word = m.group(0)
        if word[0].isdigit():
            return word if values else "0"
        if values and text[: m.start()].endswith("aws_rules."):
            return word
        if word == "S" or word in _KEEP or text[m.end() : m.end() + 1] == "(":
            return word
        return "n"

    shaped = " ".join(_TOKEN.sub(shape, text).split())
    for literal in literals if keep else []:
        shaped = shaped.replace("\0", literal, 1)
    return shaped


def validations(path: Path) -> list[tuple[str, int, str]]:
    """(variable, first line, block text) of every validation block in a variables.tf."""
    text = path.read_text()
    found = []
    for var in _VARIABLE.finditer(text):
        for block in _VALIDATION.finditer(text, var.start(2), var.end(2)):
            found.append((var.group(1), text.count("\n", 0, block.start()) + 1, block.group(0)))
    return found


def lambda_modules(root: Path = REPO_ROOT) -> list[Path]:
    """variables.tf of every module built on modules/lambda-function."""
    return sorted(
        p.parent / "variables.tf"
        for p in root.glob("modules/*/main.tf")
        if 'source = "../lambda-function"' in " ".join(p.read_text().split()).replace("  ", " ")
    )


def _shape(block: str, values: bool = False) -> tuple[str, ...]:
    lines = [s.strip() for s in block.splitlines()]
    return tuple(
        normalise(s, values) for s in lines if s and not s.startswith("#") and not _LONE_PUNCTUATION.match(s)
    )


def repeated_variable_shapes(files: list[Path], run: int = RUN) -> list[str]:
    """Variable blocks of `run` or more significant lines that stand in two of ``files`` differing only
    in names, descriptions and messages: the same limits, patterns and defaults are the same rule."""
    seen: dict[tuple[str, ...], str] = {}
    found = []
    for path in files:
        text = path.read_text()
        for var in _VARIABLE.finditer(text):
            shape = _shape(var.group(0), values=True)
            if len(shape) < run:
                continue
            where = f"{_name(path)}:{text.count(chr(10), 0, var.start()) + 1} ({var.group(1)})"
            if shape in seen and seen[shape].split(":")[0] != where.split(":")[0]:
                found.append(f"{where} repeats {seen[shape]}")
            else:
                seen.setdefault(shape, where)
    return found


def repeated_block_shapes(files: list[Path], run: int = RUN) -> list[str]:
    """Validation blocks of `run` or more significant lines whose shape stands in two places."""
    seen: dict[tuple[str, ...], str] = {}
    found = []
    for path in files:
        for variable, line, block in validations(path):
            shape = _shape(block)
            if len(shape) < run:
                continue
            where = f"{_name(path)}:{line} ({variable})"
            if shape in seen:
                found.append(f"{where} repeats {seen[shape]}")
            else:
                seen[shape] = where
    return found


def _condition(block: str) -> str:
    match = re.search(r"condition\s*=\s*(.*?)\n\s*error_message", block, re.S)
    assert match, block
    return " ".join(match.group(1).split())


def _carries_values(condition: str) -> bool:
    """A pattern, a list of values or a limit other than 0 and 1 of its own."""
    text, literals = _strings(condition)
    numbers = [float(n) for n in re.findall(r"(?<![\w.])\d+(?:\.\d+)?", text)]
    return bool(literals) or any(n not in (0, 1) for n in numbers)


def rules_written_twice(files: list[Path]) -> list[str]:
    """Conditions with values of their own that stand in two places once the variable's name is out."""
    places: dict[str, list[str]] = defaultdict(list)
    for path in files:
        for variable, line, block in validations(path):
            condition = _condition(block)
            if not _carries_values(condition):
                continue
            key = re.sub(rf"\bvar\.{re.escape(variable)}\b", "var.<name>", condition)
            places[key].append(f"{_name(path)}:{line} ({variable})")
    return [f"{' and '.join(where)}: {rule}" for rule, where in places.items() if len(where) > 1]


def hcl_forms(value) -> list[str]:
    """How a rule value of aws-rules.json would look copied into HCL."""
    if isinstance(value, str):
        return [json.dumps(value)]
    if isinstance(value, list):
        listed = [f"[{', '.join(json.dumps(v) for v in value)}]"]
        # A list of numbers also as an error message spells it out (prose may name a few strings).
        return listed + ([", ".join(str(v) for v in value)] if all(isinstance(v, int) for v in value) else [])
    return []


# -- the repository keeps the rule ---------------------------------------------------------------------


def test_no_validation_block_is_repeated_across_variables_files():
    files = variables_files()
    assert len(files) > 10, files
    assert sum(len(validations(f)) for f in files) > 100, "the parser found too few validation blocks"
    repeated = repeated_block_shapes(files)
    assert not repeated, "validation blocks written more than once:\n" + "\n".join(repeated)


def test_no_variable_block_is_repeated_across_the_lambda_modules():
    files = lambda_modules()
    assert [f.parent.name for f in files] == [
        "log-retention-auditor",
        "ltm-pruner",
        "tier-router",
        "usage-digest",
    ]
    repeated = repeated_variable_shapes(files)
    assert not repeated, (
        "variable blocks copied between Lambda modules (a deployment setting belongs in the function object "
        "modules/lambda-function declares):\n" + "\n".join(repeated)
    )


def test_no_variable_block_is_repeated_across_any_variables_files():
    files = all_variables_files()
    assert len(files) > 15 and REPO_ROOT / "variables.tf" in files, files
    repeated = repeated_variable_shapes(files)
    assert not repeated, (
        "variable blocks copied between variables.tf files (give the rule one owner: modules/aws-scope for "
        "a partition, region or account id, the module that declares an object for its type and "
        "checks):\n" + "\n".join(repeated)
    )


def test_no_rule_is_written_twice():
    repeated = rules_written_twice(variables_files())
    assert not repeated, (
        "the same rule in several places (put its values in modules/aws-rules.json):\n" + "\n".join(repeated)
    )


def test_the_shared_aws_rules_are_read_not_copied():
    rules = json.loads((REPO_ROOT / "modules" / "aws-rules.json").read_text())
    tf_files = [*REPO_ROOT.glob("*.tf"), *REPO_ROOT.glob("modules/*/*.tf")]
    copies = [
        f"{f.relative_to(REPO_ROOT)}: {key}"
        for key, value in rules.items()
        if not key.startswith("_")
        for form in hcl_forms(value)
        for f in tf_files
        if form in f.read_text()
    ]
    assert not copies, "aws-rules.json values copied into Terraform:\n" + "\n".join(copies)
    readers = sorted(f.parent.name for f in tf_files if "aws-rules.json" in f.read_text())
    unused = [
        key
        for key in rules
        if not key.startswith("_") and not any(f"aws_rules.{key}" in f.read_text() for f in tf_files)
    ]
    assert len(readers) >= 7 and not unused, (readers, unused)


# -- the checks themselves catch what they are for -----------------------------------------------------------

_VAR = """
variable "{name}" {{
  description = "{doc}"
  type        = number
  default     = {default}
  nullable    = false

  validation {{
    condition     = {condition}
    error_message = "{name} must be allowed; got ${{var.{name}}}."
  }}
}}
"""


def _module(tmp_path: Path, name: str, *variables: dict) -> Path:
    folder = tmp_path / "modules" / name
    folder.mkdir(parents=True)
    path = folder / "variables.tf"
    path.write_text("".join(_VAR.format(**{"doc": "Doc.", "default": 1, **v}) for v in variables))
    return path


def test_a_rule_copied_with_another_name_is_found(tmp_path):
    a = _module(tmp_path, "a", {"name": "days", "condition": "contains([1, 3, 5], var.days)"})
    b = _module(tmp_path, "b", {"name": "retention", "condition": "contains([1, 3, 5], var.retention)"})
    assert rules_written_twice([a, b]) == [
        "a/variables.tf:8 (days) and b/variables.tf:8 (retention): contains([1, 3, 5], var.<name>)"
    ]


def test_rules_with_other_values_or_no_values_of_their_own_are_not_copies(tmp_path):
    a = _module(
        tmp_path,
        "a",
        {"name": "days", "condition": "contains(local.aws_rules.log_retention_days, var.days)"},
        {"name": "timeout", "condition": "var.timeout >= 1 && var.timeout <= 900"},
    )
    b = _module(
        tmp_path,
        "b",
        {"name": "retention", "condition": "contains(local.aws_rules.log_retention_days, var.retention)"},
        {"name": "wait", "condition": "var.wait >= 1 && var.wait <= 60"},
    )
    assert rules_written_twice([a, b]) == []


def test_a_long_block_of_the_same_shape_is_found_and_a_short_one_is_not(tmp_path):
    long_condition = (
        'alltrue([\n      for x in var.{n} :\n      can(regex(\n        "^x$",\n        x\n      ))\n    ])'
    )
    a = _module(tmp_path, "a", {"name": "arn", "condition": long_condition.format(n="arn")})
    b = _module(
        tmp_path,
        "b",
        {"name": "topic", "condition": long_condition.format(n="topic").replace("^x$", "^y$")},
        {"name": "days", "condition": "contains([1, 3], var.days)"},
    )
    c = _module(tmp_path, "c", {"name": "d2", "condition": "contains([7, 9], var.d2)"})
    assert repeated_block_shapes([a, b, c]) == ["b/variables.tf:8 (topic) repeats a/variables.tf:8 (arn)"]


def test_a_variable_block_copied_into_another_lambda_module_is_found(tmp_path):
    memory = {"name": "memory_size", "condition": "var.memory_size >= 128"}
    a = _module(tmp_path, "a", memory, {"name": "ttl", "condition": "var.ttl >= 1"})
    b = _module(tmp_path, "b", {**memory, "doc": "Memory in MB."})  # the same block, another description
    c = _module(tmp_path, "c", {"name": "memory_size", "condition": "contains([128, 256], var.memory_size)"})
    assert repeated_variable_shapes([a, b, c]) == [
        "b/variables.tf:2 (memory_size) repeats a/variables.tf:2 (memory_size)"
    ]
    # Short blocks (the one-line-per-field function object) and blocks within one module do not count.
    short = tmp_path / "modules" / "d" / "variables.tf"
    short.parent.mkdir(parents=True)
    short.write_text('variable "function" {\n  description = "x"\n  type = any\n  default = {}\n}\n')
    e = _module(tmp_path, "e", memory, {**memory, "name": "memory_mb"})
    assert repeated_variable_shapes([short, short, e]) == []


def test_a_variable_block_copied_between_any_two_variables_files_is_found(tmp_path):
    """Not only between Lambda modules: the root, any module and any example."""
    account = {
        "name": "account_id",
        "default": '"123456789012"',
        "condition": "can(regex(local.aws_rules.account_id_pattern, var.account_id))",
    }
    _module(tmp_path, "aws-scope", {**account, "doc": "AWS account id (12 digits)."})
    _module(tmp_path, "agentcore", {**account, "doc": "The account the resources live in."})
    (tmp_path / "variables.tf").write_text(_VAR.format(**{**account, "doc": "Root."}))
    example = tmp_path / "examples" / "complete" / "variables.tf"
    example.parent.mkdir(parents=True)
    example.write_text(_VAR.format(**{**account, "doc": "Example."}))
    files = all_variables_files(tmp_path)
    assert files[0] == tmp_path / "variables.tf" and files[-1] == example
    assert repeated_variable_shapes(files) == [
        "agentcore/variables.tf:2 (account_id) repeats variables.tf:2 (account_id)",
        "aws-scope/variables.tf:2 (account_id) repeats variables.tf:2 (account_id)",
        "complete/variables.tf:2 (account_id) repeats variables.tf:2 (account_id)",
    ], "another description does not hide a copy, between any two variables.tf files"
    # Another default, or another rule of aws-rules.json, is another rule.
    example.write_text(_VAR.format(**{**account, "doc": "Example.", "default": '"000000000000"'}))
    (tmp_path / "variables.tf").write_text(
        _VAR.format(
            **{
                **account,
                "doc": "Root.",
                "condition": account["condition"].replace("_id_pattern", "_pattern"),
            }
        )
    )
    assert repeated_variable_shapes(all_variables_files(tmp_path)) == [
        "aws-scope/variables.tf:2 (account_id) repeats agentcore/variables.tf:2 (account_id)"
    ]


def test_the_lambda_modules_are_found_by_their_lambda_function_call(tmp_path):
    for name, source in [("job", "../lambda-function"), ("other", "../log-groups")]:
        folder = tmp_path / "modules" / name
        folder.mkdir(parents=True)
        (folder / "main.tf").write_text(f'module "function" {{\n  source = "{source}"\n}}\n')
    assert [p.parent.name for p in lambda_modules(tmp_path)] == ["job"]


def test_copied_aws_rule_values_are_recognised():
    assert hcl_forms(["aws", "aws-cn"]) == ['["aws", "aws-cn"]']
    assert hcl_forms([1, 3]) == ["[1, 3]", "1, 3"]
    assert hcl_forms("^[0-9]{12}$") == ['"^[0-9]{12}$"']


@pytest.mark.parametrize(
    ("line", "shape"),
    [
        ('error_message = "got \\"${coalesce(var.x, "null")}\\"."', "error_message = S"),
        ("condition = contains([1, 3, 5], var.days)", "condition = contains([0, 0, 0], var.n)"),
        (
            'condition = can(regex("^[0-9]{12}$", var.account_id)) # comment',
            "condition = can(regex(S, var.n))",
        ),
    ],
)
def test_normalise(line, shape):
    assert normalise(line) == shape


def test_normalise_with_values_keeps_limits_patterns_and_defaults_but_not_prose():
    assert normalise('condition = contains(["report", "enforce"], var.mode)', values=True) == (
        'condition = contains(["report", "enforce"], var.n)'
    )
    assert normalise("condition = var.top_k >= 1 && var.top_k <= 50", values=True) == (
        "condition = var.n >= 1 && var.n <= 50"
    )
    assert normalise('error_message = "mode must be ${var.mode}."', values=True) == "error_message = S"
    assert normalise('description = "Settings (S3)."', values=True) == "description = S"


def test_the_auditor_lambda_accepts_the_retention_values_terraform_checks():
    """The auditor's Lambda re-checks its event and environment (it may be invoked by hand) with its own
    list, packaged in its zip; it must be the list of aws-rules.json."""
    from log_retention_auditor.contract import VALID_RETENTION_DAYS

    rules = json.loads((REPO_ROOT / "modules" / "aws-rules.json").read_text())
    assert list(VALID_RETENTION_DAYS) == rules["log_retention_days"]
