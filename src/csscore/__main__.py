"""``python -m csscore``."""

from csscore.cli.main import main

main()
