"""The `qualcode` command line: thin commands over the Workbench that only parse and format."""
