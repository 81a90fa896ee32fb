"""The `desk` command: argparse, printing and exit codes over the layers below."""
