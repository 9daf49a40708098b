"""The house a newcomer reads: the manual names every command and stays short, the docs exist,
and no comment block in the package runs past six lines (history goes in commit messages)."""
from __future__ import annotations

import re

from typer.testing import CliRunner

from svodka.cli import app

from conftest import ROOT


def test_the_readme_is_short_and_names_every_command():
    readme = (ROOT / "README.md").read_text(encoding="utf-8")
    assert len(readme.encode("utf-8")) <= 20_000
    listed = CliRunner().invoke(app, ["--help"], terminal_width=200).output
    commands = re.findall(r"^│ (\w+) ", listed, flags=re.M)
    assert {"run", "stories", "show", "articles", "explain", "merge", "split", "extract", "annotate", "serve"} <= set(commands)
    assert [c for c in commands if f"svodka {c}" not in readme] == []
    for doc in ("docs/evaluation.md", "docs/design.md"):
        assert doc in readme and (ROOT / doc).is_file()


def test_no_comment_block_in_the_package_runs_past_six_lines():
    long = []
    for path in sorted((ROOT / "svodka").rglob("*.py")):
        run = 0
        for number, line in enumerate(path.read_text(encoding="utf-8").splitlines() + [""], start=1):
            if line.strip().startswith("#"):
                run += 1
                continue
            if run > 6:
                long.append(f"{path.relative_to(ROOT)}:{number - run}")
            run = 0
    assert long == []


def test_the_version_is_printed():
    from svodka import __version__

    assert CliRunner().invoke(app, ["--version"]).output.strip() == f"svodka {__version__}"


def test_the_web_app_is_small_routers_of_short_functions():
    import ast

    long = []
    for path in (ROOT / "svodka" / "web").glob("*.py"):
        for node in ast.walk(ast.parse(path.read_text(encoding="utf-8"))):
            if isinstance(node, (ast.FunctionDef, ast.AsyncFunctionDef)) and node.end_lineno - node.lineno >= 60:
                long.append(f"{path.name}:{node.name}")
    assert not long, long
