"""Module documentation stays true: the README tables match variables.tf and outputs.tf."""

from __future__ import annotations

from scripts import docs


def test_readme_tables_are_up_to_date():
    stale = [
        r.relative_to(docs.REPO_ROOT).as_posix() for r in docs.readmes() if docs.render(r) != r.read_text()
    ]
    assert not stale, f"stale inputs/outputs tables in {stale}: run `make docs`"


def test_a_changed_variable_makes_the_table_stale(tmp_path):
    (tmp_path / "variables.tf").write_text('variable "x" {\n  description = "old"\n  type = string\n}\n')
    (tmp_path / "outputs.tf").write_text('output "y" {\n  description = "why"\n  value = 1\n}\n')
    readme = tmp_path / "README.md"
    readme.write_text(f"# t\n{docs.BEGIN}\n{docs.END}\n")
    readme.write_text(docs.render(readme))
    assert "| x | old | `string` | n/a | yes |" in readme.read_text()
    assert "| y | why |" in readme.read_text()
    (tmp_path / "variables.tf").write_text('variable "x" {\n  description = "new"\n  default = 3\n}\n')
    assert docs.render(readme) != readme.read_text()
