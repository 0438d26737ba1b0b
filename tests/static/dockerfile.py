"""The services' one Dockerfile, read as docker reads it when it builds one service's image.

Every service's image is built from ``services/Dockerfile`` with two build arguments,
``SERVICE`` (its folder) and ``PORT`` (the port of its API). Docker puts the arguments and
the image's environment into ``COPY``, ``ENV`` and ``EXPOSE`` when it builds; the shell of
a ``sh -c`` command puts the environment in when the container starts.
https://docs.docker.com/reference/dockerfile/#environment-replacement
"""

import json
import re
import shlex
from pathlib import Path

DOCKERFILE = Path(__file__).resolve().parents[2] / "services" / "Dockerfile"
VARIABLE = re.compile(r"\$\{(\w+)\}|\$(\w+)")
# The instructions docker itself expands variables in; RUN and CMD leave them to the shell.
EXPANDED = {"ADD", "COPY", "ENV", "EXPOSE", "LABEL", "USER", "VOLUME", "WORKDIR"}


def instructions() -> list[tuple[str, str]]:
    """``(INSTRUCTION, arguments)`` of every instruction, continuation lines joined, comments left out."""
    logical = re.sub(r"\\\n", " ", DOCKERFILE.read_text())
    found = []
    for line in logical.splitlines():
        if line.strip() and not line.lstrip().startswith("#"):
            instruction, _, arguments = line.strip().partition(" ")
            found.append((instruction.upper(), arguments.strip()))
    return found


def arguments() -> dict[str, str | None]:
    """Every ``ARG``, with its default (None where it has none)."""
    declared = [arguments.partition("=") for instruction, arguments in instructions() if instruction == "ARG"]
    return {name: default if equals else None for name, equals, default in declared}


def expanded(text: str, variables: dict[str, str]) -> str:
    return VARIABLE.sub(lambda match: variables.get(match[1] or match[2], ""), text)


def environment(build_args: dict[str, str]) -> dict[str, str]:
    """The environment of the image built with ``build_args``: what its ``ENV`` instructions set."""
    variables = {}
    for instruction, arguments in instructions():
        if instruction == "ENV":
            for assignment in shlex.split(expanded(arguments, {**build_args, **variables})):
                name, _, value = assignment.partition("=")
                variables[name] = value
    return variables


def words(build_args: dict[str, str], instruction: str) -> list[list[str]]:
    """The words of each ``instruction``, as the build with ``build_args`` reads them."""
    variables = {**build_args, **environment(build_args)}
    return [
        (expanded(arguments, variables) if instruction in EXPANDED else arguments).split()
        for name, arguments in instructions()
        if name == instruction
    ]


def command(build_args: dict[str, str]) -> list[str]:
    """The program the image runs when it is given no command: its last ``CMD``.

    A ``sh -c "exec ..."`` is read as the program the shell hands its place to, with the
    image's environment put in.
    """
    [*_, cmd] = [arguments for instruction, arguments in instructions() if instruction == "CMD"]
    program = json.loads(cmd)
    if program[:2] == ["sh", "-c"] and program[2].startswith("exec "):
        return shlex.split(expanded(program[2].removeprefix("exec "), environment(build_args)))
    return program
