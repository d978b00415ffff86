import sys
from pathlib import Path

# The project is not installed in the venv and pytest's config sets no pythonpath:
# make `import pso` work from the repo root. Harmless once `pythonpath = ["."]` is configured.
_ROOT = str(Path(__file__).resolve().parents[2])
if _ROOT not in sys.path:
    sys.path.insert(0, _ROOT)
