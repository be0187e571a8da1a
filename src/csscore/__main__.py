"""``python -m csscore``."""

from csscore.cli import main

main()
