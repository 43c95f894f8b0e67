"""DESIGN.md's layering, enforced with import-linter over the real tree and shown to bite."""

from __future__ import annotations

import shutil
import subprocess
import sys
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
LINT = [sys.executable, "-c", "import sys; from importlinter.cli import lint_imports_command as c; "
        "sys.exit(c(standalone_mode=True))"]


def _lint(cwd: Path) -> subprocess.CompletedProcess[str]:
    return subprocess.run([*LINT, "--no-cache"], cwd=cwd, capture_output=True, text=True,
                          env={"PYTHONPATH": str(cwd), "PATH": "/usr/bin:/bin"})


def test_the_tree_keeps_its_layers():
    r = _lint(ROOT)
    assert r.returncode == 0, r.stdout + r.stderr
    assert "Contracts: 7 kept, 0 broken" in r.stdout


def _copy_tree(tmp_path: Path) -> Path:
    dst = tmp_path / "tree"
    dst.mkdir()
    for name in ("kiosk", "hardware", "ui"):
        shutil.copytree(ROOT / name, dst / name, ignore=shutil.ignore_patterns("__pycache__"))
    shutil.copy(ROOT / "pyproject.toml", dst / "pyproject.toml")
    return dst


def test_importing_pyside6_in_kiosk_breaks_the_build(tmp_path):
    tree = _copy_tree(tmp_path)
    (tree / "kiosk" / "sneaky.py").write_text("from PySide6.QtCore import QObject\n")
    r = _lint(tree)
    assert r.returncode != 0
    assert "kiosk.sneaky -> PySide6" in r.stdout


def test_ui_importing_serial_directly_breaks_the_build(tmp_path):
    tree = _copy_tree(tmp_path)
    (tree / "ui" / "sneaky.py").write_text("import serial\n")
    r = _lint(tree)
    assert r.returncode != 0 and "ui.sneaky -> serial" in r.stdout


def test_hardware_importing_qt_breaks_the_build(tmp_path):
    tree = _copy_tree(tmp_path)
    (tree / "hardware" / "sneaky.py").write_text("import PySide6\n")
    r = _lint(tree)
    assert r.returncode != 0 and "hardware.sneaky -> PySide6" in r.stdout


def test_even_the_command_line_may_not_import_the_gui(tmp_path):
    # The GUI's commands join through entry points; a command in kiosk/ reaching into ui/ breaks the build.
    tree = _copy_tree(tmp_path)
    (tree / "kiosk" / "commands" / "sneaky.py").write_text("def run(args):\n    from ui.app import run_app\n")
    r = _lint(tree)
    assert r.returncode != 0 and "kiosk.commands.sneaky -> ui.app" in r.stdout



def test_a_flow_that_builds_its_own_parts_or_opens_a_device_breaks_the_build(tmp_path):
    tree = _copy_tree(tmp_path)
    (tree / "ui" / "flows" / "sneaky.py").write_text(
        "def wire():\n    from ui.assembly.devices import camera_still\n    from hardware.registry import open_camera\n")
    r = _lint(tree)
    assert r.returncode != 0
    assert "ui.flows.sneaky -> ui.assembly.devices" in r.stdout
    assert "ui.flows.sneaky -> hardware.registry" in r.stdout

#: The kiosk modules a driver may use: plain data types, errors, masking, paths.
HARDWARE_MAY_IMPORT = {"kiosk.errors", "kiosk.identity.card", "kiosk.identity.idnumber", "kiosk.privacy",
                       "kiosk.paths", "kiosk.printing.devices", "kiosk.printing.status",
                       "kiosk.printing.receipt_layout", "kiosk.printing.fonts", "kiosk.diag.model"}
#: The face engine measures a face with the domain's own yardsticks (head pose, quality report); whether it
#: is the card holder, alive and consenting is decided in kiosk/identity, not under hardware/.
CAMERA_MAY_ALSO_IMPORT = {"kiosk.identity.liveness", "kiosk.identity.quality"}


def test_hardware_imports_only_kiosk_data_types_and_errors():
    import grimp

    graph = grimp.build_graph("kiosk", "hardware", exclude_type_checking_imports=True)
    wrong = []
    for module in sorted(m for m in graph.modules if m.startswith("hardware")):
        allowed = HARDWARE_MAY_IMPORT | (CAMERA_MAY_ALSO_IMPORT if module.startswith("hardware.camera") else set())
        wrong += [f"{module} -> {t}" for t in sorted(graph.find_modules_directly_imported_by(module))
                  if t.startswith("kiosk") and t not in allowed]
    assert not wrong, wrong


def test_a_driver_reaching_into_the_session_breaks_the_build(tmp_path):
    tree = _copy_tree(tmp_path)
    (tree / "hardware" / "sneaky.py").write_text("from kiosk.session import Session\n")
    r = _lint(tree)
    assert r.returncode != 0 and "hardware.sneaky -> kiosk.session" in r.stdout


def test_the_face_check_loop_lives_in_the_domain_and_reaches_no_device():
    import grimp

    graph = grimp.build_graph("kiosk", "hardware", exclude_type_checking_imports=True)
    assert "hardware.camera.face_check" not in graph.modules
    reached = graph.find_downstream_modules("kiosk.identity.face_check")
    assert not [m for m in reached if m.startswith("hardware")], reached
    # The layers contract has no exception left for the camera.
    assert "hardware.camera" not in (ROOT / "pyproject.toml").read_text().split("[tool.importlinter]")[1]


def test_a_driver_deciding_the_face_check_breaks_the_build(tmp_path):
    tree = _copy_tree(tmp_path)
    (tree / "hardware" / "camera" / "sneaky.py").write_text("from kiosk.identity.face_check import FaceCheck\n")
    (tree / "hardware" / "sneaky_consent.py").write_text("from kiosk.identity.consent import FaceConsent\n")
    r = _lint(tree)
    assert r.returncode != 0
    assert "hardware.camera.sneaky -> kiosk.identity.face_check" in r.stdout
    assert "hardware.sneaky_consent -> kiosk.identity.consent" in r.stdout
