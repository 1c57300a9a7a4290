"""The ``socialties`` command: one entry point, one module per sub-command.

Each sub-command lives in its own module, exposing ``main(argv: list[str]) -> int``; this file only dispatches, so
adding a command never touches the others.
"""

from __future__ import annotations

import importlib
import sys

COMMANDS: dict[str, tuple[str, str]] = {
    "assets": ("socialties.assets", "fetch the pinned JavaScript and stage it for the book build"),
    "notebooks": ("socialties.notebooks", "re-execute and normalise the committed notebooks"),
    "assign": ("socialties.exercises.assign.command", "split annotated exercise notebooks into student and instructor copies"),
    "grade": ("socialties.exercises.grade.command", "grade submitted notebooks into a gradebook CSV"),
}


def usage() -> str:
    lines = ["usage: socialties COMMAND [ARGS...]", "", "commands:"]
    lines += [f"  {name:<10} {help_text}" for name, (_, help_text) in COMMANDS.items()]
    lines.append("\nRun `socialties COMMAND --help` for a command's options.")
    return "\n".join(lines)


def main(argv: list[str] | None = None) -> int:
    args = list(sys.argv[1:] if argv is None else argv)
    if not args or args[0] in {"-h", "--help"}:
        print(usage())
        return 0
    name, rest = args[0], args[1:]
    if name not in COMMANDS:
        print(f"socialties: unknown command {name!r}\n\n{usage()}", file=sys.stderr)
        return 2
    module = importlib.import_module(COMMANDS[name][0])
    return int(module.main(rest) or 0)


if __name__ == "__main__":
    raise SystemExit(main())
