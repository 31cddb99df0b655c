"""The README's two Quickstart commands stay in step with CI."""

from pathlib import Path

REPO = Path(__file__).resolve().parents[1]


def _bash_blocks(text):
    blocks, inside = [], None
    for line in text.splitlines():
        if line.startswith("```bash"):
            inside = []
        elif line.startswith("```") and inside is not None:
            blocks.append("\n".join(inside))
            inside = None
        elif inside is not None:
            inside.append(line)
    return blocks


def test_ci_runs_the_readme_test_command():
    readme = (REPO / "README.md").read_text()
    quickstart = readme.split("## Quickstart")[1].split("## ")[0]
    commands = _bash_blocks(quickstart)
    assert len(commands) == 2  # exactly two commands: main job, every test
    ci_command = (REPO / ".ci" / "run").read_text().strip().splitlines()[-1]
    assert ci_command == commands[1]
    assert "constraints.txt" in commands[0] and "constraints.txt" in commands[1]


def test_constraints_pin_the_cpu_torch():
    constraints = (REPO / "constraints.txt").read_text()
    assert "torch==2.13.0" in constraints.splitlines()
