"""`python -m accountable`: the same as the `accountable` command."""

from accountable.cli import main

main()
