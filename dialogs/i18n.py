"""Translation marker for the dialog data.

The engine never translates: every user-visible string in `dialogs/` is an English msgid
marked with `N_()` so that pybabel extracts it; the Telegram handlers translate at render time
with `_(msgid).format(**params)`.
"""


def N_(s: str) -> str:
    """No-op marker: returns `s` unchanged, only tells pybabel to extract it."""
    return s
