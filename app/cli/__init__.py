"""Every `flask` command, one module per group (registered in pyproject.toml's entry points).

The top floor beside the app factory: a command may use any part of the app, and no part of
the app imports a command."""
