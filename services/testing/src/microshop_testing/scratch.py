"""A scratch copy of the repository, to change and test without touching the working tree.

``make new-service``'s test adds a service to one; the exercises (``make exercise``) apply a
break to one. The copy holds the files git tracks or would track, as they are now, committed
or not; ignored files (``.venv``, ``var/``, reports) are left out.

Code run in the copy with :func:`environment` imports the copy's ``microshop_common`` and
``microshop_testing``, not the working tree's, although the virtualenv installs those in
editable mode from the working tree: ``PYTHONPATH`` comes before the editable installs on
``sys.path``. Its test runs keep their keys, brokers and SQLite databases in a temporary
folder beside the copy (so that they change no file in it), which goes with it.
"""

import os
import shutil
import subprocess
from pathlib import Path

LIBRARY_SOURCES = ("services/common/src", "services/testing/src")


def copy_repository(source: Path, destination: Path) -> Path:
    """Copy the files of the git working tree at ``source`` that git tracks or would track to ``destination``."""
    listed = subprocess.run(
        ["git", "ls-files", "-z", "--cached", "--others", "--exclude-standard"],
        cwd=source,
        capture_output=True,
        check=True,
    ).stdout.decode()
    for relative in filter(None, listed.split("\0")):
        original = source / relative
        # A file deleted in the working tree but not yet in git's index.
        if original.is_file():
            target = destination / relative
            target.parent.mkdir(parents=True, exist_ok=True)
            shutil.copy2(original, target)
    return destination


def environment(copy: Path) -> dict[str, str]:
    """This process's environment, for a process that runs the copy's code."""
    temporary = temporary_folder(copy)
    temporary.mkdir(exist_ok=True)
    sources = os.pathsep.join(str(copy / folder) for folder in LIBRARY_SOURCES)
    return {**os.environ, "PYTHONPATH": sources, "TMPDIR": str(temporary)}


def temporary_folder(copy: Path) -> Path:
    return copy.with_name(f"{copy.name}.tmp")


def remove_copy(copy: Path) -> None:
    """Remove the copy, its temporary folder, and the bytecode its processes cached under ``PYTHONPYCACHEPREFIX``."""
    shutil.rmtree(copy, ignore_errors=True)
    shutil.rmtree(temporary_folder(copy), ignore_errors=True)
    if prefix := os.environ.get("PYTHONPYCACHEPREFIX"):
        # The cache mirrors each source's absolute path under the prefix.
        shutil.rmtree(Path(prefix) / copy.resolve().relative_to(copy.resolve().anchor), ignore_errors=True)
