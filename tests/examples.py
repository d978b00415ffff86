"""How many examples a property test tries.

`make test` tries each property test's full count; `make test-fast` (the edit loop) sets
TESTS_EXAMPLES_SHARE=0.1 and tries a tenth of it, at least ten, so the loop stays short while
every property still runs.
"""

from __future__ import annotations

import os


def examples(full: int) -> int:
    share = float(os.environ.get("TESTS_EXAMPLES_SHARE", "1"))
    return max(10, round(full * share)) if share < 1 else full
