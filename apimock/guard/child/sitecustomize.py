"""Start-up hook for Python child processes of a test that uses apimock.

apimock puts this folder first on PYTHONPATH while it is active, so a child
Python imports this module at start-up and installs the socket guard before
the child's own code runs. Another sitecustomize that this one shadows is
still imported afterwards.
"""

import importlib
import os
import sys

_here = os.path.dirname(os.path.abspath(__file__))


def _chain_to_the_shadowed_sitecustomize() -> None:
    original_path = list(sys.path)
    this_module = sys.modules.pop(__name__, None)
    sys.path[:] = [p for p in sys.path if os.path.abspath(p or ".") != _here]
    try:
        importlib.import_module("sitecustomize")
    except ImportError:
        pass
    finally:
        sys.path[:] = original_path
        if this_module is not None:
            sys.modules[__name__] = this_module


if os.environ.get("APIMOCK_CHILD_GUARD"):
    # apimock may not be importable from the child's path (a script run from
    # elsewhere): its own location goes last on the path, shadowing nothing.
    sys.path.append(os.path.dirname(os.path.dirname(_here)))
    from apimock.guard import children as childguard

    childguard.install_in_child()

_chain_to_the_shadowed_sitecustomize()
