"""The workbench's screens, one module and one TCSS file each; `registry` lists the top-level ones."""
