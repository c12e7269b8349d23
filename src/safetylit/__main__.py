"""``python -m safetylit`` runs the command line."""

from safetylit.cli import main

raise SystemExit(main())
