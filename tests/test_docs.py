"""The README and docs/: every relative link resolves, and the README stays one screen.

Each check is a function of a folder or a text, so the tests below also run it on broken
copies in temporary folders: a check that cannot fail checks nothing. Nothing is written
into the checkout.
"""

from __future__ import annotations

import os
import re
import shlex
import shutil
import subprocess
import sys
from pathlib import Path
from urllib.parse import unquote

ROOT = Path(__file__).resolve().parent.parent
SET_UP = (
    "python -m venv .venv && source .venv/bin/activate && pip install -r requirements.txt"
    " && python -m digits train"
)
README_MAX_LINES = 150
COMMANDS_WITHIN = 30  # lines: the set-up and test commands are on the README's first screen

FENCE = re.compile(r"^ {0,3}(```|~~~).*?^ {0,3}\1", re.MULTILINE | re.DOTALL)
CODE_SPAN = re.compile(r"(`+).+?\1", re.DOTALL)
INLINE = re.compile(r"!?\[(?:[^\[\]]|\[[^\]]*\])*\]\(\s*(<[^>]*>|[^)\s]*)[^)]*\)")
REFERENCE = re.compile(r"^ {0,3}\[[^\]]+\]:\s*(<[^>]*>|\S+)", re.MULTILINE)
HTML = re.compile(r"""<(?:img|a)\b[^>]*?\b(?:src|href)\s*=\s*["']([^"']+)["']""", re.IGNORECASE)
EXTERNAL = re.compile(r"^(?:https?:|mailto:)", re.IGNORECASE)


def markdown_files(folder: Path) -> list[Path]:
    """README.md and every docs/*.md under `folder`."""
    return [folder / "README.md", *sorted((folder / "docs").glob("*.md"))]


def link_targets(text: str) -> list[str]:
    """Every link and image target of a Markdown text, outside code blocks and code spans."""
    text = CODE_SPAN.sub("", FENCE.sub("", text))
    targets = INLINE.findall(text) + REFERENCE.findall(text) + HTML.findall(text)
    return [target.strip("<>") for target in targets]


def broken_links(folder: Path) -> list[str]:
    """'file: target' for each relative link in the Markdown files of `folder` that names
    no file or folder inside `folder`. Anchors are cut off (the file must exist); http(s)
    and mailto links are not followed."""
    broken = []
    for page in markdown_files(folder):
        for target in link_targets(page.read_text(encoding="utf-8")):
            if EXTERNAL.match(target):
                continue
            path = unquote(target.split("#", 1)[0].split("?", 1)[0])
            if not path:  # "#anchor": this page
                continue
            where = os.path.normpath(page.parent / path)
            inside = os.path.commonpath([folder, where]) == str(folder)
            if not (inside and os.path.exists(where)):
                broken.append(f"{page.relative_to(folder)}: {target}")
    return broken


def bash_lines(text: str) -> dict[str, int]:
    """Each line of the ```bash blocks of a Markdown text -> its line number (first seen)."""
    lines, in_bash = {}, False
    for number, line in enumerate(text.splitlines(), start=1):
        if line.startswith("```"):
            in_bash = not in_bash and line.strip() == "```bash"
        elif in_bash:
            lines.setdefault(line, number)
    return lines


def console_examples(text: str) -> list[tuple[str, list[str]]]:
    """Each `$ command` in the ```console blocks of a Markdown text, with the lines shown
    after it (up to the next command or the block's end)."""
    examples, in_console = [], False
    for line in text.splitlines():
        if line.startswith("```"):
            in_console = not in_console and line.strip() == "```console"
        elif in_console and line.startswith("$ "):
            examples.append((line[2:], []))
        elif in_console and examples:
            examples[-1][1].append(line)
    return examples


def ci_test_command(script: str) -> str:
    """The one test command a CI script runs: its line that starts `python -m pytest`."""
    commands = [line for line in script.splitlines() if line.startswith("python -m pytest")]
    assert len(commands) == 1, f"expected one 'python -m pytest' line in .ci/run: {commands}"
    return commands[0]


def readme_problems(readme: str, test_command: str) -> list[str]:
    """What is wrong with a README's first screen, as one line each; [] when nothing is."""
    problems = []
    count = len(readme.splitlines())
    if count > README_MAX_LINES:
        problems.append(f"README.md has {count} lines, more than {README_MAX_LINES}")
    commands = bash_lines(readme)
    for name, command in (("set-up", SET_UP), ("test", test_command)):
        line = commands.get(command)
        if line is None:
            problems.append(f"README.md has no ```bash line that is the {name} command {command!r}")
        elif line > COMMANDS_WITHIN:
            problems.append(
                f"README.md gives the {name} command on line {line}, after line {COMMANDS_WITHIN}"
            )
    return problems


def copy_of_the_docs(tmp_path: Path) -> Path:
    """A copy of the repository's tracked-looking files in `tmp_path` (no venv, no git, no
    caches), to break without touching the checkout."""
    copy = tmp_path / "repository"
    skipped = shutil.ignore_patterns(".git", ".venv", "__pycache__", ".pytest_cache", "*.egg-info")
    shutil.copytree(ROOT, copy, ignore=skipped)
    return copy


def test_every_relative_link_and_image_in_the_readme_and_docs_resolves():
    assert (ROOT / "docs").is_dir(), "docs/ is missing"
    broken = broken_links(ROOT)
    assert not broken, "links to nothing in the repository:\n" + "\n".join(broken)


def test_a_broken_link_or_image_in_a_copy_is_named_with_its_file(tmp_path):
    copy = copy_of_the_docs(tmp_path)
    assert broken_links(copy) == []
    readme = copy / "README.md"
    readme.write_text(
        readme.read_text(encoding="utf-8").replace("(docs/pad.md)", "(docs/no-such-page.md)", 1),
        encoding="utf-8",
    )
    page = next((copy / "docs").glob("*.md"))
    with page.open("a", encoding="utf-8") as text:
        text.write("\n![a figure](../figures/no-such-figure.png)\n")
    assert broken_links(copy) == [
        "README.md: docs/no-such-page.md",
        f"docs/{page.name}: ../figures/no-such-figure.png",
    ]


def test_links_are_read_as_github_shows_them(tmp_path):
    (tmp_path / "outside.md").touch()
    folder = tmp_path / "repository"
    (folder / "docs").mkdir(parents=True)
    (folder / "figures").mkdir()
    (folder / "figures" / "a b.png").touch()
    (folder / "docs" / "page.md").write_text("# A page\n", encoding="utf-8")
    (folder / "README.md").write_text(
        "[page](docs/page.md#a-page) [here](#set-up) ![fig](figures/a%20b.png 'title')\n"
        "[site](https://example.org/x.md) [mail](mailto:a@example.org) [folder](docs/)\n"
        "`[code](not-checked.md)` and [ref]\n"
        "```\n[fenced](not-checked-either.md)\n```\n"
        '<img src="figures/gone.png" alt="gone">\n'
        "[out](../outside.md) [gone](docs/gone.md#anchor)\n\n"
        "[ref]: docs/missing.md\n",
        encoding="utf-8",
    )
    assert broken_links(folder) == [
        "README.md: ../outside.md",
        "README.md: docs/gone.md#anchor",
        "README.md: docs/missing.md",
        "README.md: figures/gone.png",
    ]


def test_the_readme_is_one_screen_with_the_set_up_and_test_commands_near_the_top():
    test_command = ci_test_command((ROOT / ".ci" / "run").read_text(encoding="utf-8"))
    problems = readme_problems((ROOT / "README.md").read_text(encoding="utf-8"), test_command)
    assert not problems, "\n".join(problems)


def test_the_readme_test_command_is_the_line_ci_runs():
    test_command = ci_test_command((ROOT / ".ci" / "run").read_text(encoding="utf-8"))
    assert test_command in bash_lines((ROOT / "README.md").read_text(encoding="utf-8")), (
        f"README.md has no ```bash line that is .ci/run's test command {test_command!r}"
    )


def test_a_long_readme_or_a_command_too_low_or_changed_is_reported():
    test_command = "python -m pytest tests"
    good = f"# x\n\n```bash\n{SET_UP}\n```\n\n```bash\n{test_command}\n```\n"
    assert readme_problems(good, test_command) == []
    long = good + "more\n" * README_MAX_LINES
    assert readme_problems(long, test_command) == [
        f"README.md has {len(long.splitlines())} lines, more than {README_MAX_LINES}"
    ]
    low = "\n" * COMMANDS_WITHIN + good
    assert [problem.split(" on line")[0] for problem in readme_problems(low, test_command)] == [
        "README.md gives the set-up command",
        "README.md gives the test command",
    ]
    changed = good.replace(test_command, test_command + " -x")
    assert readme_problems(changed, test_command) == [
        f"README.md has no ```bash line that is the test command {test_command!r}"
    ]
    not_bash = good.replace("```bash", "```text")
    assert len(readme_problems(not_bash, test_command)) == 2


def test_the_ci_test_command_is_found_in_a_script():
    script = (
        "set -e\n# The README's test command:\npython -m pytest tests nb.ipynb --nbval\n"
        "XLA_FLAGS=x \\\n  python -m pytest nb.ipynb --nbval\n"
    )
    assert ci_test_command(script) == "python -m pytest tests nb.ipynb --nbval"


def test_the_readme_examples_print_what_the_readme_shows():
    """The README's example commands, run as a user would from the project folder, print
    exactly what the README says they print (the shipped reader is the same file on every
    machine)."""
    examples = console_examples((ROOT / "README.md").read_text(encoding="utf-8"))
    assert examples, "README.md shows no ```console example"
    for command, shown in examples:
        words = shlex.split(command)
        assert words[0] == "digits", f"an example runs the digits command: {command!r}"
        result = subprocess.run(
            [sys.executable, "-m", *words], cwd=ROOT, capture_output=True, text=True
        )
        assert result.returncode == 0, (command, result.stderr)
        # Paths print with the system's separator; the README shows them as POSIX does.
        assert result.stdout.replace(os.sep, "/").splitlines() == shown, command


def test_console_examples_are_read_command_by_command():
    text = (
        "```console\n$ digits predict a.png\na.png: 7 (99.0%)\n$ digits predict b.png\n"
        "b.png: 1 (98.0%)\n```\n\n```bash\n$ not an example\n```\n"
    )
    assert console_examples(text) == [
        ("digits predict a.png", ["a.png: 7 (99.0%)"]),
        ("digits predict b.png", ["b.png: 1 (98.0%)"]),
    ]
