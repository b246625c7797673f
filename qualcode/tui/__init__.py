"""The terminal workbench: a Textual app built by `create_app` for the CLI and the tests alike."""
