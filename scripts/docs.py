"""Generate the inputs and outputs tables of every module, example and the root module.

The tables sit between ``<!-- BEGIN_TF_DOCS -->`` and ``<!-- END_TF_DOCS -->`` and come from
variables.tf and outputs.tf (description, type, default, required; outputs with description). Each
module's and example's README holds its full tables. The root module has more inputs than its README
can carry: the README holds a compact table (name, default, required; output names) and
docs/root-module.md the full one.

    python -m scripts.docs           # rewrite stale tables
    python -m scripts.docs --check   # exit 1 and list the files whose tables are stale
"""

from __future__ import annotations

import argparse
import json
import re
import sys
import textwrap
from dataclasses import dataclass
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


def _read(tfdir: Path) -> tuple[dict[str, dict[str, Any]], dict[str, dict[str, Any]]]:
    """The variables and outputs of a Terraform folder, by name."""
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
    return variables, outputs


def compact_tables(tfdir: Path, full: str) -> str:
    """Inputs with their default and whether they are required, and the output names; ``full`` is the
    link (relative to the file holding these tables) to the full tables."""
    variables, outputs = _read(tfdir)
    required = [f"`{n}`" for n in sorted(variables) if "default" not in variables[n]]
    lines = [
        "### Inputs",
        "",
        f"Required: {', '.join(required) or 'none'}. Descriptions and types: [the full table]({full}#inputs).",
        "",
        "| Name | Default |",
        "|------|---------|",
    ]
    lines += [f"| {n} | {_cell(_default(variables[n]))} |" for n in sorted(variables)]
    lines += [
        "",
        "### Outputs",
        "",
        ", ".join(f"`{n}`" for n in sorted(outputs)) or "No outputs.",
        "",
        f"Descriptions: [the full table]({full}#outputs).",
    ]
    return "\n".join(lines)


def tables(tfdir: Path) -> str:
    variables, outputs = _read(tfdir)
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


@dataclass(frozen=True)
class Target:
    """A Markdown file holding the tables of one Terraform folder; ``full`` links a compact table to
    the full one (a path relative to ``path``), None for the full tables."""

    path: Path
    tfdir: Path
    full: str | None = None


ROOT_FULL = "docs/root-module.md"


def targets() -> list[Target]:
    found = [Target(REPO_ROOT / "README.md", REPO_ROOT, full=ROOT_FULL)]
    found.append(Target(REPO_ROOT / ROOT_FULL, REPO_ROOT))
    dirs = sorted(p.parent for p in REPO_ROOT.glob("modules/*/main.tf"))
    dirs += sorted(p.parent for p in REPO_ROOT.glob("examples/*/main.tf"))
    return found + [Target(d / "README.md", d) for d in dirs]


def render(target: Target) -> str:
    text = target.path.read_text() if target.path.exists() else ""
    if BEGIN not in text or END not in text:
        raise ValueError(f"{_name(target.path)}: add {BEGIN} and {END} where the tables go")
    head, rest = text.split(BEGIN, 1)
    _, tail = rest.split(END, 1)
    body = tables(target.tfdir) if target.full is None else compact_tables(target.tfdir, target.full)
    return f"{head}{BEGIN}\n{body}\n{END}{tail}"


def _name(path: Path) -> str:
    return path.relative_to(REPO_ROOT).as_posix() if path.is_relative_to(REPO_ROOT) else str(path)


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(
        description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter
    )
    parser.add_argument("--check", action="store_true", help="only report stale tables")
    args = parser.parse_args(argv)
    stale, errors = [], []
    for target in targets():
        try:
            new = render(target)
        except (ValueError, FileNotFoundError) as exc:
            errors.append(str(exc))
            continue
        if new != target.path.read_text():
            stale.append(_name(target.path))
            if not args.check:
                target.path.write_text(new)
    for e in errors:
        print(f"error: {e}", file=sys.stderr)
    if args.check and stale:
        print("stale tables (run `make docs`): " + ", ".join(stale), file=sys.stderr)
    elif stale:
        print("updated: " + ", ".join(stale))
    return 1 if errors or (args.check and stale) else 0


if __name__ == "__main__":
    sys.exit(main())
