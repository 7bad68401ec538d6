"""``python -m gdlearn`` runs the same command line as the ``gdlearn`` script."""

from .cli import main

raise SystemExit(main())
