"""Regroup bot/'s flat modules into packages by purpose, and check the grouping with a layers contract.

Issue 20, item 3. Run it from the repository's root on a clean work tree (it moves files with
`git mv`), then review and commit what it did:

    .venv/bin/python tools/regroup.py            # move, rewrite, add the contract, tidy imports
    .venv/bin/python tools/regroup.py --dry-run  # only say what it would move

It is idempotent: a module already moved is skipped, a name already rewritten is left alone, the
contract is added once. So it can be run again on a later main that still imports the old names.

What it does:
1. `git mv` each module of MOVES to its new place, and writes each new package's `__init__.py`
   (a docstring, nothing imported: importing a package must not import its modules).
2. Rewrites `from bot import a, b as c` (and `from bot.digest import model`) into imports from the new
   packages, keeping the names the code uses (`from bot.coordinator import rounds as coordination`).
3. Rewrites every dotted name (`bot.coordination.close_` in imports, monkeypatch and caplog
   strings, docstrings, docs) and every path (`bot/retry.py`) in the repository's text files.
4. Corrects the few lines the move makes wrong (FIXES: a path relative to a moved file, a sentence).
5. Adds LAYERS_CONTRACT to pyproject.toml's import-linter contracts.
6. Runs `ruff check --select I --fix` and `ruff format` on the files it changed (import order), and
   wraps the comment and docstring lines a longer name pushed past 120 columns.

It ends by listing the modules directly under bot/ that no layer names (a module added since this
table was written): place each in MOVES (or in a layer) and run it again; the contract is
`exhaustive`, so lint-imports fails until every module has its place.
"""

from __future__ import annotations

import argparse
import ast
import io
import re
import subprocess
import sys
import tokenize
from pathlib import Path

ROOT = Path(__file__).resolve().parents[1]
#: ruff's line length (pyproject.toml).
LINE = 120

#: The new packages under bot/, each with its docstring (their order: LAYERS).
PACKAGES = {
    "domain": "The vocabulary of the core: its values, its errors, who a round is for, the buttons' actions.",
    "i18n": (
        "What people read, in their language and time zone: the catalogue of texts and its translations,\n"
        "dates and numbers, working hours, a round's own text in the reader's language."
    ),
    "records": (
        "What the record holds and what is counted from it: the export's sheets, a round's status report,\n"
        "the digest's figures, and text any XML document can hold."
    ),
    "outreach": (
        "Reaching people: invitation codes, e-mails to contacts, and the pushes (invitations, reminders)\n"
        "a change writes to the outbox."
    ),
    "delivery": (
        "Getting what the outbox holds to the platforms: the dispatcher, the stored form of a reply,\n"
        "the one retry policy, the counters for /metrics."
    ),
    "coordinator": (
        "The Secretariat's use cases: rounds (create, open, extend, close, remind, invite), the follow-up,\n"
        "contacts, the registry of stakeholders, sign-in by link."
    ),
    "planning": "What the passing of time changes: the planner's passes and the scheduler's ticks.",
    "dialogue": (
        "The delegate's dialogue: the answering use case, its screens, reading what a person typed, what\n"
        "they saw, and what a use case knows of the message it serves."
    ),
    "views": "Read-only use cases: the pages' content (a delegation's answers, the overview) and the compilation.",
}

#: Old module -> new module. bot.engine (the entry point), bot.ports and bot.digest stay where they are.
MOVES = {
    "bot.model": "bot.domain.model",
    "bot.errors": "bot.domain.errors",
    "bot.audience": "bot.domain.audience",
    "bot.actions": "bot.domain.actions",
    "bot.catalogue": "bot.i18n.catalogue",
    "bot.catalogue_extract": "bot.i18n.catalogue_extract",  # the Babel extraction method (babel.cfg)
    "bot.timefmt": "bot.i18n.timefmt",
    "bot.worktime": "bot.i18n.worktime",
    "bot.formats": "bot.i18n.formats",  # on wip/i18n, wip/texts, wip/mailweb
    "bot.translations": "bot.i18n.translations",  # on wip/i18n, wip/texts (bot/locale/ itself stays: see FIXES)
    "bot.content": "bot.i18n.content",  # on wip/content; bot.records.exports imports it, so i18n is below records
    "bot.exports": "bot.records.exports",
    "bot.status": "bot.records.status",
    "bot.xmlchars": "bot.records.xmlchars",
    "bot.digest.model": "bot.records.digest_values",  # bot.ports needs these values: below ports, not in bot.digest
    "bot.joining": "bot.outreach.joining",
    "bot.mailing": "bot.outreach.mailing",
    "bot.pushes": "bot.outreach.pushes",
    "bot.dispatch": "bot.delivery.dispatch",
    "bot.codec": "bot.delivery.codec",
    "bot.retry": "bot.delivery.retry",
    "bot.telemetry": "bot.delivery.telemetry",
    "bot.coordination": "bot.coordinator.rounds",
    "bot.followup": "bot.coordinator.followup",
    "bot.contacts": "bot.coordinator.contacts",
    "bot.stakeholders": "bot.coordinator.stakeholders",
    "bot.signin": "bot.coordinator.signin",
    "bot.planner": "bot.planning.planner",
    "bot.jobs": "bot.planning.jobs",
    "bot.answering": "bot.dialogue.answering",
    "bot.screens": "bot.dialogue.screens",
    "bot.text": "bot.dialogue.text",
    "bot.context": "bot.dialogue.context",
    "bot.seen": "bot.dialogue.seen",  # on wip/dialogue
    "bot.sheets": "bot.views.sheets",
    "bot.compilation": "bot.views.compilation",
}

#: Highest first; `|` joins layers that must not import each other.
LAYERS = [
    "engine",
    "dialogue | digest | views",
    "planning",
    "coordinator",
    "outreach | delivery",
    "ports",
    "records",
    "i18n",
    "domain",
]

CONTRACT_NAME = "The core in layers: entry point, use cases, outreach and delivery, ports, records, i18n, vocabulary"
LAYERS_CONTRACT = (
    "\n[[tool.importlinter.contracts]]\n"
    f'name = "{CONTRACT_NAME}"\n'
    'type = "layers"\n'
    'containers = ["bot"]\n'
    "layers = [\n" + "".join(f'    "{layer}",\n' for layer in LAYERS) + "]\n"
    "# Every module directly under bot/ has its layer: a new one is placed, not left out.\n"
    "exhaustive = true\n"
)

#: Text the move makes wrong, as it reads after the names are rewritten: file -> (wrong, right).
FIXES = {
    # The catalogues stay in bot/locale/ (the Makefile takes the language from the path's third part).
    "bot/i18n/translations.py": (
        'LOCALE_DIR = Path(__file__).parent / "locale"',
        'LOCALE_DIR = Path(__file__).parents[1] / "locale"',
    ),
    "bot/digest/__init__.py": (
        "model.py holds the values; compute.py and changes.py build them (pure); compose.py runs the use\n"
        "cases in a unit of work (the scheduler's `compose`, previews, `--send`) and keeps the snapshots;\n",
        "bot.records.digest_values holds the values (below bot.ports, which returns some of them);\n"
        "compute.py and changes.py build them (pure); compose.py runs the use cases in a unit of work\n"
        "(the scheduler's `compose`, previews, `--send`) and keeps the snapshots;\n",
    ),
}

#: Text files whose dotted names and paths are rewritten.
TEXT_SUFFIXES = {".py", ".toml", ".md", ".cfg", ".ini", ".txt", ".yaml", ".yml", ".rst", ".sh", ""}
SKIP_PARTS = {".git", ".venv", "node_modules", "__pycache__", ".mypy_cache", ".ruff_cache", ".pytest_cache",
              ".hypothesis", ".grimp_cache", ".import_linter_cache"}  # fmt: skip
SKIP_NAMES = {"axe.min.js"}


def path_of(module: str) -> Path:
    return ROOT / (module.replace(".", "/") + ".py")


def git(*args: str) -> None:
    subprocess.run(["git", *args], cwd=ROOT, check=True)


def move_files(dry_run: bool) -> list[str]:
    """`git mv` each module not moved yet; write the packages' __init__.py. Returns what it did."""
    done = []
    for package, doc in PACKAGES.items():
        init = ROOT / "bot" / package / "__init__.py"
        if not init.exists():
            done.append(f"create {init.relative_to(ROOT)}")
            if not dry_run:
                init.parent.mkdir(exist_ok=True)
                note = "This __init__ imports nothing: each module is imported by its own name."
                init.write_text(f'"""{doc}\n\n{note}\n"""\n')
                git("add", str(init.relative_to(ROOT)))
    for old, new in MOVES.items():
        source, target = path_of(old), path_of(new)
        if source.exists() and target.exists():
            both = f"{source.relative_to(ROOT)} and {target.relative_to(ROOT)}"
            raise SystemExit(f"regroup: both {both} exist: merge them by hand, then run again")
        if source.exists():
            done.append(f"git mv {source.relative_to(ROOT)} {target.relative_to(ROOT)}")
            if not dry_run:
                git("mv", str(source.relative_to(ROOT)), str(target.relative_to(ROOT)))
    return done


def text_files() -> list[Path]:
    """The repository's tracked and untracked (not ignored) text files."""
    listed = subprocess.run(
        ["git", "ls-files", "--cached", "--others", "--exclude-standard", "-z"],
        cwd=ROOT, check=True, capture_output=True,
    ).stdout.decode().split("\0")  # fmt: skip
    found = []
    for name in listed:
        if not name:
            continue
        path = ROOT / name
        if path.name in SKIP_NAMES or SKIP_PARTS & set(path.parts) or not path.is_file():
            continue
        if path.resolve() == Path(__file__).resolve():  # this table names the old modules on purpose
            continue
        if path.suffix in TEXT_SUFFIXES or path.name == "Makefile":
            found.append(path)
    return found


def rewrite_from_imports(source: str) -> str:
    """`from bot import coordination, jobs as j` -> one import per moved name, from its new package.

    Only `from P import N` where `P.N` is a moved module; everything else (and names that stay) is
    kept as it was. Statements are replaced by their line span, keeping the indentation.
    """
    try:
        tree = ast.parse(source)
    except SyntaxError:
        return source
    lines = source.splitlines(keepends=True)
    edits: list[tuple[int, int, str]] = []
    for node in ast.walk(tree):
        if not isinstance(node, ast.ImportFrom) or node.level or not node.module:
            continue
        moved = [a for a in node.names if f"{node.module}.{a.name}" in MOVES]
        if not moved:
            continue
        start, end = node.lineno - 1, (node.end_lineno or node.lineno) - 1
        first, last = lines[start], lines[end]
        indent = first[: len(first) - len(first.lstrip())]
        before, after = first[: node.col_offset], last[node.end_col_offset or 0 :]
        if before.strip() or after.strip().split("#")[0].strip().strip(";"):
            continue  # shares its line with other code: leave it (and say so below)
        comment = after.strip()
        out = []
        kept = [a for a in node.names if a not in moved]
        if kept:
            out.append(f"{indent}from {node.module} import {', '.join(_alias(a.name, a.asname) for a in kept)}")
        for alias in moved:
            package, _, name = MOVES[f"{node.module}.{alias.name}"].rpartition(".")
            out.append(f"{indent}from {package} import {_alias(name, alias.asname or alias.name)}")
        if comment:
            out[0] += "  " + comment
        edits.append((start, end, "\n".join(out) + "\n"))
    for start, end, text in sorted(edits, reverse=True):
        lines[start : end + 1] = [text]
    return "".join(lines)


def _alias(name: str, asname: str | None) -> str:
    return name if asname in (None, name) else f"{name} as {asname}"


def _dotted_patterns() -> list[tuple[re.Pattern[str], str]]:
    """For each old name: a pattern matching it as a whole dotted name (not a longer name's part)."""
    patterns = []
    for old, new in sorted(MOVES.items(), key=lambda item: -len(item[0])):
        dotted = re.compile(r"(?<![\w.])" + re.escape(old) + r"(?![\w])")
        patterns.append((dotted, new))
        path = re.compile(r"(?<![\w/.])" + re.escape(old.replace(".", "/")) + r"\.py\b")
        patterns.append((path, new.replace(".", "/") + ".py"))
    return patterns


def rewrite_names(text: str, patterns: list[tuple[re.Pattern[str], str]]) -> str:
    for pattern, new in patterns:
        text = pattern.sub(new, text)
    return text


def wrap_long_lines(source: str, names: tuple[str, ...]) -> str:
    """Break the comment and docstring lines a longer name pushed past LINE (ruff format leaves them).

    Only lines holding one of `names` (the new dotted names and paths) and longer than LINE: a comment
    goes on as a comment with the same indentation, a docstring line as a line of the same string.
    A comment that ends in a rule of dashes loses dashes instead.
    """
    try:
        tokens = list(tokenize.generate_tokens(io.StringIO(source).readline))
    except (tokenize.TokenError, SyntaxError):
        return source
    comments: set[int] = set()
    texts: set[int] = set()
    for token in tokens:
        if token.type == tokenize.COMMENT:
            comments.add(token.start[0])
        elif token.type == tokenize.STRING and token.string.lstrip("rbuRBU").startswith(('"""', "'''")):
            texts.update(range(token.start[0], token.end[0] + 1))
    out = []
    for number, line in enumerate(source.splitlines(keepends=True), start=1):
        body = line.rstrip("\n")
        if len(body) <= LINE or not any(name in body for name in names):
            out.append(line)
            continue
        indent = body[: len(body) - len(body.lstrip())]
        comment = number in comments and body.lstrip().startswith("#")
        rule = re.match(r"(\s*#.*?\S)\s+-{3,}$", body)
        cut = body.rfind(" ", len(indent) + 1, LINE + 1)
        if comment and rule:
            dashes = LINE - len(rule.group(1)) - 1
            out.append(rule.group(1) + " " + "-" * dashes + "\n" if dashes >= 3 else line)
        elif cut <= len(indent) or not (comment or number in texts):
            out.append(line)
        elif comment:
            out.append(body[:cut].rstrip() + "\n" + indent + "# " + body[cut + 1 :].lstrip() + "\n")
        else:
            out.append(body[:cut].rstrip() + "\n" + indent + body[cut + 1 :].lstrip() + "\n")
    return "".join(out)


def add_contract(dry_run: bool) -> bool:
    pyproject = ROOT / "pyproject.toml"
    text = pyproject.read_text()
    if CONTRACT_NAME in text:
        return False
    if not dry_run:
        pyproject.write_text(text.rstrip("\n") + "\n" + LAYERS_CONTRACT)
    return True


def unplaced() -> list[str]:
    """Modules and packages directly under bot/ that no layer names."""
    placed = {name.strip() for layer in LAYERS for name in layer.split("|")}
    found = []
    for path in sorted((ROOT / "bot").iterdir()):
        name = path.stem if path.suffix == ".py" else path.name
        if path.name == "__init__.py" or path.name.startswith((".", "__")):
            continue
        if (path.suffix == ".py" or (path.is_dir() and (path / "__init__.py").exists())) and name not in placed:
            found.append(str(path.relative_to(ROOT)))
    return found


def main() -> int:
    parser = argparse.ArgumentParser(description=__doc__.split("\n", 1)[0])
    parser.add_argument("--dry-run", action="store_true", help="say what would move; change nothing")
    args = parser.parse_args()
    for line in move_files(args.dry_run):
        print(line)
    if args.dry_run:
        return 0
    patterns = _dotted_patterns()
    changed = []
    for path in text_files():
        try:
            before = path.read_text()
        except UnicodeDecodeError:
            continue
        after = rewrite_from_imports(before) if path.suffix == ".py" else before
        after = rewrite_names(after, patterns)
        if after != before:
            path.write_text(after)
            changed.append(path)
    print(f"rewrote names in {len(changed)} files")
    for name, (wrong, right) in FIXES.items():
        path = ROOT / name
        if not path.exists():  # a module this main does not have (yet)
            continue
        text = path.read_text()
        if wrong in text:
            path.write_text(text.replace(wrong, right))
        elif right not in text:
            print(f"regroup: {name}: the prose to correct was not found; check it by hand", file=sys.stderr)
    if add_contract(args.dry_run):
        print("added the layers contract to pyproject.toml")
        changed.append(ROOT / "pyproject.toml")
    python = [str(p.relative_to(ROOT)) for p in changed if p.suffix == ".py"]
    if python:
        ruff = ROOT / ".venv" / "bin" / "ruff"
        subprocess.run([str(ruff), "check", "--select", "I", "--fix", "--quiet", *python], cwd=ROOT, check=False)
        subprocess.run([str(ruff), "format", "--quiet", *python], cwd=ROOT, check=False)
        names = tuple({*MOVES.values(), *(new.replace(".", "/") + ".py" for new in MOVES.values())})
        for name in python:
            text = (ROOT / name).read_text()
            wrapped = wrap_long_lines(text, names)
            if wrapped != text:
                (ROOT / name).write_text(wrapped)
    long = subprocess.run(
        [str(ROOT / ".venv" / "bin" / "ruff"), "check", "--select", "E501", "--output-format", "concise", "--quiet",
         *python],
        cwd=ROOT, check=False, capture_output=True, text=True,
    ).stdout.splitlines() if python else []  # fmt: skip
    for line in long:
        print(f"regroup: too long after the rewrite, wrap it by hand: {line}", file=sys.stderr)
    left = [
        f"{path.relative_to(ROOT)}: {old}"
        for path in text_files()
        if path.suffix == ".py"
        for old in _old_from_imports(path)
    ]
    for line in left:
        print(f"regroup: left as it was (shares its line with other code): {line}", file=sys.stderr)
    missing = unplaced()
    for name in missing:
        print(f"regroup: {name} has no layer: add it to MOVES (or LAYERS) and run again", file=sys.stderr)
    return 1 if missing or left or long else 0


def _old_from_imports(path: Path) -> list[str]:
    try:
        tree = ast.parse(path.read_text())
    except (SyntaxError, UnicodeDecodeError):
        return []
    return [
        f"line {node.lineno}: from {node.module} import {a.name}"
        for node in ast.walk(tree)
        if isinstance(node, ast.ImportFrom) and not node.level and node.module
        for a in node.names
        if f"{node.module}.{a.name}" in MOVES
    ]


if __name__ == "__main__":
    sys.exit(main())
