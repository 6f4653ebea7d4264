"""Module documentation stays true: the README tables match variables.tf and outputs.tf."""

from __future__ import annotations

import pytest

from scripts import docs


def test_readme_tables_are_up_to_date():
    stale = [
        t.path.relative_to(docs.REPO_ROOT).as_posix()
        for t in docs.targets()
        if docs.render(t) != t.path.read_text()
    ]
    assert not stale, f"stale inputs/outputs tables in {stale}: run `make docs`"


def test_every_module_and_example_has_full_tables_and_the_root_a_compact_one():
    by_path = {t.path.relative_to(docs.REPO_ROOT).as_posix(): t for t in docs.targets()}
    modules = {p.parent.name for p in docs.REPO_ROOT.glob("modules/*/main.tf")}
    assert {f"modules/{m}/README.md" for m in modules} <= set(by_path)
    assert by_path["README.md"].full == docs.ROOT_FULL and by_path[docs.ROOT_FULL].full is None
    readme = (docs.REPO_ROOT / "README.md").read_text()
    assert "| name_prefix | n/a |" in readme and "| Name | Description |" not in readme
    assert "| name_prefix | Prefix for every resource name" in (docs.REPO_ROOT / docs.ROOT_FULL).read_text()


def _sample(tmp_path):
    (tmp_path / "variables.tf").write_text('variable "x" {\n  description = "old"\n  type = string\n}\n')
    (tmp_path / "outputs.tf").write_text('output "y" {\n  description = "why"\n  value = 1\n}\n')
    readme = tmp_path / "README.md"
    readme.write_text(f"# t\n{docs.BEGIN}\n{docs.END}\n")
    return readme


def test_a_changed_variable_makes_the_table_stale(tmp_path):
    readme = _sample(tmp_path)
    target = docs.Target(readme, tmp_path)
    readme.write_text(docs.render(target))
    assert "| x | old | `string` | n/a | yes |" in readme.read_text()
    assert "| y | why |" in readme.read_text()
    (tmp_path / "variables.tf").write_text('variable "x" {\n  description = "new"\n  default = 3\n}\n')
    assert docs.render(target) != readme.read_text()


def test_the_compact_table_links_the_full_one_and_goes_stale_too(tmp_path):
    readme = _sample(tmp_path)
    target = docs.Target(readme, tmp_path, full="docs/full.md")
    readme.write_text(docs.render(target))
    text = readme.read_text()
    assert "Required: `x`. Descriptions and types: [the full table](docs/full.md#inputs)." in text
    assert "| x | n/a |" in text and "old" not in text
    assert "`y`" in text and "[the full table](docs/full.md#outputs)" in text
    (tmp_path / "variables.tf").write_text('variable "x" {\n  description = "new"\n  default = 3\n}\n')
    assert "| x | `3` |" in docs.render(target)
    assert "Required: none." in docs.render(target)


def test_a_file_without_markers_is_an_error(tmp_path):
    (tmp_path / "README.md").write_text("# t\n")
    with pytest.raises(ValueError, match="add <!-- BEGIN_TF_DOCS --> and <!-- END_TF_DOCS -->"):
        docs.render(docs.Target(tmp_path / "README.md", tmp_path))
