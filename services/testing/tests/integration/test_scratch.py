"""scratch: a copy of a git working tree, to change and test without touching the tree itself."""

import subprocess
import sys

import pytest

from microshop_testing.scratch import copy_repository, environment, remove_copy, temporary_folder


def git(folder, *arguments):
    subprocess.run(["git", *arguments], cwd=folder, check=True, capture_output=True)


@pytest.fixture
def working_tree(tmp_path):
    """A git working tree with a committed file changed, a new file, an ignored one and a deleted one."""
    tree = tmp_path / "tree"
    (tree / "services/common/src/microshop_common").mkdir(parents=True)
    (tree / "services/common/src/microshop_common/__init__.py").write_text("")
    (tree / "services/common/src/microshop_common/where.py").write_text("PLACE = 'committed'\n")
    (tree / "gone.txt").write_text("committed, then deleted\n")
    (tree / ".gitignore").write_text("var/\n")
    git(tree, "init", "-q")
    git(tree, "add", ".")
    git(tree, "-c", "user.name=t", "-c", "user.email=t@example.com", "commit", "-qm", "start")
    (tree / "services/common/src/microshop_common/where.py").write_text("PLACE = 'changed, not committed'\n")
    (tree / "new.txt").write_text("never added\n")
    (tree / "var").mkdir()
    (tree / "var/state.sqlite3").write_text("local state\n")
    (tree / "gone.txt").unlink()
    return tree


def test_the_copy_holds_the_files_as_they_are_now_without_the_ignored_or_deleted_ones(working_tree, tmp_path):
    copy = copy_repository(working_tree, tmp_path / "copy")

    assert (copy / "services/common/src/microshop_common/where.py").read_text() == "PLACE = 'changed, not committed'\n"
    assert (copy / "new.txt").is_file()
    assert not (copy / "var").exists()
    assert not (copy / "gone.txt").exists()
    assert not (copy / ".git").exists()


def test_code_run_in_the_copy_imports_the_copy_s_shared_library_before_the_installed_one(working_tree, tmp_path):
    copy = copy_repository(working_tree, tmp_path / "copy")
    (copy / "services/common/src/microshop_common/where.py").write_text("PLACE = 'the copy'\n")

    found = subprocess.run(
        [sys.executable, "-c", "import microshop_common.where as w; print(w.PLACE, w.__file__)"],
        env=environment(copy),
        capture_output=True,
        text=True,
        check=True,
    ).stdout

    assert found.startswith("the copy ")
    assert found.strip().endswith(str(copy / "services/common/src/microshop_common/where.py"))


def test_removing_the_copy_removes_its_temporary_folder_and_cached_bytecode(working_tree, tmp_path, monkeypatch):
    prefix = tmp_path / "pycache"
    monkeypatch.setenv("PYTHONPYCACHEPREFIX", str(prefix))
    monkeypatch.delenv("PYTHONDONTWRITEBYTECODE", raising=False)
    copy = copy_repository(working_tree, tmp_path / "copy")
    subprocess.run([sys.executable, "-c", "import microshop_common.where"], env=environment(copy), check=True, cwd=copy)
    cached = prefix / copy.relative_to(copy.anchor)
    assert temporary_folder(copy).is_dir()
    assert any(cached.rglob("*.pyc"))

    remove_copy(copy)

    assert not copy.exists()
    assert not temporary_folder(copy).exists()
    assert not cached.exists()
