"""`python -m bot` does what the `tredebot` console script does."""

from bot.cli import main

raise SystemExit(main())
