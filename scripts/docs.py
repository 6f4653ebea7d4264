"""Generate the inputs and outputs tables of every module, example and the root module's README.

The tables sit between ``<!-- BEGIN_TF_DOCS -->`` and ``<!-- END_TF_DOCS -->`` and come from
variables.tf and outputs.tf (description, type, default, required; outputs with description).

    python -m scripts.docs           # rewrite stale tables
    python -m scripts.docs --check   # exit 1 and list the READMEs whose tables are stale
"""

from __future__ import annotations

import argparse
import json
import re
import sys
import textwrap
from pathlib import Path
from typing import Any

import hcl2

from scripts.tfenv import REPO_ROOT

BEGIN, END = "<!-- BEGIN_TF_DOCS -->", "<!-- END_TF_DOCS -->"
_HEREDOC = re.compile(r"^<<-?(\w+)\n(.*)\n\s*\1$", re.S)


def _text(raw: Any) -> str:
    """hcl2 keeps quotes, heredoc markers and ${} wrappers; strip them."""
    if not isinstance(raw, str):
        return raw
    s = raw
    if s.startswith('"') and s.endswith('"'):
        s = s[1:-1]
    m = _HEREDOC.match(s)
    if m:
        s = textwrap.dedent(m.group(2))
    if s.startswith("${") and s.endswith("}"):
        s = s[2:-1]
    return s.replace('\\"', '"')


def _type(raw: Any) -> str:
    t = _text(raw) if raw is not None else "any"
    # A long object type is described in the variable's description; the table shows its shape only.
    return re.sub(r"object\(\{.*\}\)", "object", t, flags=re.S) if len(t) > 60 else t


def _plain(value: Any) -> Any:
    """A default as Terraform reads it: hcl2 keeps the quotes of strings inside lists and maps too."""
    if isinstance(value, str):
        return _text(value)
    if isinstance(value, list):
        return [_plain(v) for v in value]
    if isinstance(value, dict):
        return {_text(k): _plain(v) for k, v in value.items() if k != "__is_block__"}
    return value


def _default(var: dict[str, Any]) -> str:
    if "default" not in var:
        return "n/a"
    value = var["default"]
    if isinstance(value, str):
        value = _text(value)
        return "`null`" if value == "null" else f'`"{value}"`'
    return f"`{json.dumps(_plain(value), sort_keys=True)}`"


def _cell(text: str) -> str:
    return " ".join(str(text).split()).replace("|", "\\|")


def tables(tfdir: Path) -> str:
    variables: dict[str, dict[str, Any]] = {}
    outputs: dict[str, dict[str, Any]] = {}
    for path in sorted(tfdir.glob("*.tf")):
        if path.name.startswith("zz_"):
            continue
        doc = hcl2.loads(path.read_text())
        for block in doc.get("variable", []):
            for name, body in block.items():
                variables[_text(name)] = body
        for block in doc.get("output", []):
            for name, body in block.items():
                outputs[_text(name)] = body
    lines = ["## Inputs", ""]
    if variables:
        lines += [
            "| Name | Description | Type | Default | Required |",
            "|------|-------------|------|---------|:--------:|",
        ]
        for name in sorted(variables):
            v = variables[name]
            lines.append(
                f"| {name} | {_cell(_text(v.get('description', '')))} | `{_cell(_type(v.get('type')))}` "
                f"| {_cell(_default(v))} | {'no' if 'default' in v else 'yes'} |"
            )
    else:
        lines.append("No inputs.")
    lines += ["", "## Outputs", ""]
    if outputs:
        lines += ["| Name | Description |", "|------|-------------|"]
        lines += [f"| {n} | {_cell(_text(outputs[n].get('description', '')))} |" for n in sorted(outputs)]
    else:
        lines.append("No outputs.")
    return "\n".join(lines)


def readmes() -> list[Path]:
    dirs = [REPO_ROOT, *sorted(p.parent for p in REPO_ROOT.glob("modules/*/main.tf"))]
    dirs += sorted(p.parent for p in REPO_ROOT.glob("examples/*/main.tf"))
    return [d / "README.md" for d in dirs]


def render(readme: Path) -> str:
    text = readme.read_text() if readme.exists() else ""
    if BEGIN not in text or END not in text:
        raise ValueError(f"{readme.relative_to(REPO_ROOT)}: add {BEGIN} and {END} where the tables go")
    head, rest = text.split(BEGIN, 1)
    _, tail = rest.split(END, 1)
    return f"{head}{BEGIN}\n{tables(readme.parent)}\n{END}{tail}"


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(
        description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter
    )
    parser.add_argument("--check", action="store_true", help="only report stale tables")
    args = parser.parse_args(argv)
    stale, errors = [], []
    for readme in readmes():
        try:
            new = render(readme)
        except (ValueError, FileNotFoundError) as exc:
            errors.append(str(exc))
            continue
        if new != readme.read_text():
            stale.append(readme.relative_to(REPO_ROOT).as_posix())
            if not args.check:
                readme.write_text(new)
    for e in errors:
        print(f"error: {e}", file=sys.stderr)
    if args.check and stale:
        print("stale tables (run `make docs`): " + ", ".join(stale), file=sys.stderr)
    elif stale:
        print("updated: " + ", ".join(stale))
    return 1 if errors or (args.check and stale) else 0


if __name__ == "__main__":
    sys.exit(main())
