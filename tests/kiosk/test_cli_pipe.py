"""The command line when its reader goes away early (``kiosk ... --json | head``)."""

from __future__ import annotations

import subprocess
import sys
import textwrap


def test_a_closed_pipe_ends_quietly_without_a_traceback():
    # A command that writes far more than a pipe buffer holds, to a reader that takes a few bytes and leaves.
    script = textwrap.dedent("""
        import sys
        import kiosk.commands.audit as audit
        def flood(args):
            for _ in range(20000):
                print("x" * 100)
            return 0
        audit.run = flood
        from kiosk.cli import main
        sys.exit(main(["audit", "verify", "--db", sys.executable]))
    """)
    proc = subprocess.Popen([sys.executable, "-c", script], stdout=subprocess.PIPE, stderr=subprocess.PIPE)
    assert proc.stdout is not None and proc.stderr is not None
    assert proc.stdout.read(10) == b"x" * 10
    proc.stdout.close()
    err = proc.stderr.read().decode()
    assert proc.wait(timeout=60) == 141
    assert "Traceback" not in err and "BrokenPipeError" not in err
